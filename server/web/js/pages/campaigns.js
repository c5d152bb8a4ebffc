// Campaign list: each campaign with the pages and exports the signed-in user's permissions open.
import {download, enc, get} from '../api.js';
import {h, notice, table} from '../dom.js';
import {kindNames} from '../format.js';

export const name = 'campaigns';

export function links(ctx, c) {
  const base = `#/campaigns/${enc(c.id)}`;
  const out = [];
  if (ctx.can('campaigns.overview')) out.push([`${base}/overview`, 'Overview']);
  if (c.kind === 'consultation') {
    if (ctx.can('reports.consultation')) out.push([`${base}/consultation`, 'Results']);
  } else {
    if (ctx.can('campaigns.completion')) out.push([`${base}/completion`, 'Completion']);
    // Where subjects choose their raters: theirs to propose, their manager's to approve.
    if (c.subject_nominations && ctx.can('nominations.propose')) out.push([`${base}/my-raters`, 'My raters']);
    if (c.subject_nominations && ctx.can('nominations.approve')) out.push([`${base}/approvals`, 'Approve raters']);
    if (ctx.can('reports.individual')) {
      out.push([`${base}/subjects`, 'Individual reports']);
    }
    if (c.kind === 'self_assessment' && ctx.can('reports.services')) {
      out.push([`${base}/services`, 'By service']);
    }
    if (ctx.can('reports.teams')) out.push([`${base}/teams`, 'Team heatmap']);
    if (ctx.can('reports.organisation')) out.push([`${base}/organisation`, 'Organisation']);
    if (c.kind === 'appraisal360' && ctx.can('reports.coaching')) out.push([`${base}/coaching`, 'Coaching']);
  }
  if (ctx.can('campaigns.manage')) out.push([`${base}/admin`, 'Manage']);
  return out;
}

export function exportButtons(ctx, c, status) {
  if (!ctx.can('responses.export')) return null;
  const button = (file, text) => h('button', {type: 'button', class: 'secondary',
    'data-export': file, 'data-campaign': c.id,
    onclick: async () => {
      status.textContent = `Preparing ${text}…`;
      try {
        const saved = await download(`/api/v1/exports/campaigns/${enc(c.id)}/${file}`);
        status.textContent = `Downloaded ${saved}.`;
      } catch (error) {
        status.textContent = error.message;
      }
    }}, text);
  return h('div', {class: 'exports'},
           button('responses.csv', `${c.title}: responses (CSV)`),
           button('answers.csv', `${c.title}: answers, one per row (CSV)`));
}

export async function render(ctx) {
  const {campaigns} = await get('/api/v1/campaigns');
  if (!campaigns.length) {
    return [h('h1', {}, 'Campaigns'), notice('info', 'There are no campaigns yet.')];
  }
  const status = h('p', {role: 'status', class: 'export-status'});
  const rows = campaigns.map((c) => [
    c.title,
    kindNames[c.kind] || c.kind,
    h('span', {class: `state state-${c.state}`}, c.state),
    h('ul', {class: 'inline-links'},
      links(ctx, c).map(([href, text]) =>
        h('li', {}, h('a', {href, 'aria-label': `${text}: ${c.title}`}, text)))),
  ]);
  const out = [h('h1', {}, 'Campaigns'),
               table(null, ['Campaign', 'Kind', 'State', 'Pages'], rows)];
  if (ctx.can('responses.export')) {
    out.push(h('section', {class: 'panel no-print'}, h('h2', {}, 'Exports'),
      h('p', {}, 'Row-level exports are audited. Rater groups below their minimum are left out.'),
      campaigns.map((c) => exportButtons(ctx, c, status)), status));
  }
  return out;
}
