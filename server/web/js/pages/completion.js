// The completion tracker (admin, hr) of a 360 or self-assessment: per subject and rater group,
// responses received against invitations and the group's minimum, so HR can chase the subjects
// that are short before the campaign closes. Counts only: it never says who has answered.
import {enc, get} from '../api.js';
import {h, notice, section, table} from '../dom.js';
import {links} from './campaigns.js';

export const name = 'completion';

// One group's cell: "2 of 4", with what is missing.
function groupCell(g) {
  if (!g || g.invited === 0) return {content: 'none invited', class: 'undefined'};
  const parts = [`${g.received} of ${g.invited}`];
  if (g.short_by > 0) parts.push(`short by ${g.short_by} (needs ${g.minimum})`);
  if (g.too_few_invited) parts.push('too few invited');
  return {content: parts.join(', '), class: g.short_by > 0 ? 'short' : 'met'};
}

export async function render(ctx) {
  const [id] = ctx.params;
  const data = await get(`/api/v1/dashboard/campaigns/${enc(id)}/completion`);
  const c = data.campaign;
  const t = data.totals;
  const filters = {short: false, noSelf: false};
  const hasSelf = data.groups.some((g) => g.id === 'self');
  const body = h('div', {});
  const draw = () => {
    const rows = data.subjects.filter((s) => (!filters.short || s.under_minimum) &&
                                             (!filters.noSelf || !s.self_assessed));
    body.replaceChildren(rows.length
      ? table(`Responses per subject and rater group (${rows.length} of ${data.subjects.length} subjects)`,
              ['Subject', ...data.groups.map((g) => `${g.label} (min ${g.min_responses})`), 'Status'],
              rows.map((s) => [s.display_name, ...data.groups.map((g) => groupCell(s.groups[g.id])),
                               s.under_minimum ? {content: 'under a minimum', class: 'short'} : 'every minimum met']),
              {class: 'data completion'})
      : notice('info', 'No subject matches these filters.'));
  };
  const checkbox = (key, label) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', 'data-filter': key, onchange: (e) => { filters[key] = e.target.checked; draw(); }}),
    label);
  draw();
  return [
    h('h1', {}, `${c.title}: completion`),
    h('ul', {class: 'inline-links no-print'},
      links(ctx, c).filter(([, text]) => text !== 'Completion').map(([href, text]) => h('li', {}, h('a', {href}, text)))),
    h('p', {class: 'lede'},
      `${t.subjects} subjects; ${t.under_minimum} under a group's minimum` +
      (hasSelf ? `; ${t.without_self_assessment} without a self-assessment.` : '.')),
    section('Subjects',
      h('fieldset', {class: 'filters no-print'}, h('legend', {}, 'Show only'),
        checkbox('short', 'subjects under a minimum'),
        hasSelf ? checkbox('noSelf', 'subjects without a self-assessment') : null),
      body,
      h('p', {class: 'hint'}, 'A group’s figures are shown in a report only from its minimum. Received counts the responses made with each group’s invitation codes. Only HR and administrators see this page: where a group has one member, its count says whether that person answered.')),
  ];
}
