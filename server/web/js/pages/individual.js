// The individual 360 report (admin, hr; a manager only their own): competency bars by rater
// group, radar, gap chart, strengths, development areas, blind spots, hidden strengths,
// comments. Without a subject: the subjects the caller may open.
import {download, enc, get, post} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, cellText, chartValue, isSuppressed, numberText, percentText} from '../format.js';

export const name = 'individual';

async function subjectList(ctx, campaign) {
  const data = await get(`/api/v1/dashboard/campaigns/${enc(campaign)}/subjects`);
  const title = data.campaign.title;
  const own = ctx.scope('reports.individual') === 'own';
  const heading = h('h1', {}, own ? `${title}: my report` : `${title}: individual reports`);
  if (!data.subjects.length) {
    return [heading, notice('info', own
      ? 'You are not a subject of this campaign, so there is no report of yours to show.'
      : 'This campaign has no subjects yet.')];
  }
  const out = [heading];
  if (ctx.can('responses.export')) {
    const status = h('span', {role: 'status', class: 'hint'});
    out.push(h('p', {class: 'no-print'}, h('button', {type: 'button', class: 'secondary', 'data-zip': 'true',
      onclick: async () => {
        status.textContent = 'Preparing every report as PDF; this takes a while for a large campaign…';
        try {
          status.textContent = `Downloaded ${await download(`/api/v1/reports/campaigns/${enc(campaign)}/pdfs.zip`)}.`;
        } catch (error) {
          status.textContent = error.message;
        }
      }}, 'Download every report (ZIP of PDFs)'), ' ', status));
  }
  out.push(h('ul', {class: 'subject-list'}, data.subjects.map((s) =>
    h('li', {}, h('a', {href: `#/campaigns/${enc(campaign)}/subjects/${enc(s.person_id)}`}, s.display_name),
      ' ', h('span', {class: `report-state ${s.report_state}`}, stateText(s))))));
  return out;
}

// Where a subject's report is in the cycle (docs/reports.md, "Release").
function stateText(subject) {
  if (subject.report_state === 'released') return `released ${subject.released_at.slice(0, 10)}`;
  if (subject.report_state === 'ready') return 'ready to release';
  return 'collecting responses';
}

// Under the heading: a released report's date and fingerprint, or, for a preview (live figures
// only admin and hr see), what that means and the release button once the campaign has closed.
function releaseBlock(ctx, data, campaign, subject) {
  if (data.release) {
    return h('p', {class: 'release released'},
      `Released on ${data.release.released_at.slice(0, 10)} to ${data.subject.display_name} and their manager. `,
      'This report is frozen: fingerprint ', h('code', {}, data.release.sha256.slice(0, 16)), '.');
  }
  const block = h('div', {class: 'release preview notice info'},
    h('p', {}, 'Preview: this report has not been released, so its subject and their manager cannot see it. ' +
               'Each time you open it is recorded in the audit log.'));
  if (ctx.can('reports.release') && data.campaign.state === 'closed') {
    const status = h('span', {role: 'status', class: 'hint'});
    block.append(h('p', {class: 'no-print'}, h('button', {type: 'button', 'data-release': 'true', onclick: async () => {
      status.textContent = 'Releasing…';
      try {
        await post(`/api/v1/reports/campaigns/${enc(campaign)}/subjects/${enc(subject)}/release`);
        ctx.reload();
      } catch (error) {
        status.textContent = error.message;
      }
    }}, 'Release to subject and manager'), ' ', status));
  } else if (ctx.can('reports.release')) {
    block.append(h('p', {class: 'hint'}, 'It can be released once the campaign has closed.'));
  }
  return block;
}

export async function render(ctx) {
  const [campaign, subject] = ctx.params;
  if (!subject) return subjectList(ctx, campaign);
  const data = await get(`/api/v1/reports/campaigns/${enc(campaign)}/subjects/${enc(subject)}`);
  const r = data.report;
  const labels = data.labels || {};
  const groupName = (g) => (labels.groups && labels.groups[g]) || g;
  const compName = (c) => (labels.competencies && labels.competencies[c]) || c;
  const itemName = (key) => (labels.items && labels.items[key] && labels.items[key].text) ||
                            (labels.competencies && labels.competencies[key]) || key;
  const comps = r.competency_ids || [];
  const groups = r.groups || [];

  const out = [
    h('h1', {}, `${data.subject.display_name}: 360 report`),
    h('p', {class: 'lede'}, `${data.campaign.title} · ${data.campaign.state}`),
    releaseBlock(ctx, data, campaign, subject),
  ];
  const actions = h('p', {class: 'no-print actions'},
    h('button', {type: 'button', class: 'secondary', onclick: () => window.print()}, 'Print this report'));
  // The server's A4 PDF of the same report; fetched with the session token, so not a plain link.
  const status = h('span', {role: 'status', class: 'hint'});
  actions.append(h('button', {type: 'button', class: 'secondary', 'data-pdf': 'true', onclick: async () => {
    status.textContent = 'Preparing the PDF…';
    try {
      status.textContent = `Downloaded ${await download(`/api/v1/reports/campaigns/${enc(campaign)}/subjects/${enc(subject)}/pdf`)}.`;
    } catch (error) {
      status.textContent = error.message;
    }
  }}, 'Download as PDF'), ' ', status);
  out.push(actions);

  out.push(section('Responses',
    table('Responses received and invitations made per rater group',
          ['Rater group', 'Received', 'Invited', 'Shown from'],
          (data.response_rates || []).map((x) => [groupName(x.group), String(x.received), String(x.invited),
                                                   `${x.min_responses} response${x.min_responses === 1 ? '' : 's'}`]))));

  // Competency bars by rater group and all others.
  const series = [...groups.map((g) => ({key: g, label: groupName(g),
                                          cell: (c) => r.competencies[c].by_group[g]?.mean})),
                  {key: 'all_others', label: 'All others', cell: (c) => r.competencies[c].all_others?.mean}];
  out.push(section('Competencies by rater group',
    chartFigure(`Mean rating per competency for each rater group, ${data.subject.display_name}`, {
      type: 'bar',
      data: {labels: comps.map(compName),
             datasets: series.map((s, i) => ({label: s.label, data: comps.map((c) => chartValue(s.cell(c))),
                                              backgroundColor: colour(i)}))},
      options: {scales: {y: {min: 0, max: 5, title: {display: true, text: 'mean (1–5)'}}}},
    }, {class: 'wide'}),
    table('Mean rating per competency (1 = strongly disagree, 5 = strongly agree)',
          ['Competency', ...series.map((s) => s.label)],
          comps.map((c) => [compName(c), ...series.map((s) => cellContent(s.cell(c)))]), {class: 'data means'})));

  // Radar: self against all others.
  const selfGroup = groups.includes('self') ? 'self' : null;
  const radarSeries = [
    ...(selfGroup ? [{label: groupName('self'), data: comps.map((c) => chartValue(r.competencies[c].by_group.self?.mean))}] : []),
    {label: 'All others', data: comps.map((c) => chartValue(r.competencies[c].all_others?.mean))},
  ];
  out.push(section('Self and others',
    chartFigure('Radar of competency means: self against all others', {
      type: 'radar',
      data: {labels: comps.map(compName),
             datasets: radarSeries.map((s, i) => ({...s, borderColor: colour(i), backgroundColor: `${colour(i)}33`,
                                                   pointBackgroundColor: colour(i), spanGaps: true}))},
      options: {scales: {r: {min: 0, max: 5, ticks: {stepSize: 1}}}},
    }, {class: 'square'})));

  // Gaps: self minus others.
  const gaps = (r.gaps || []).slice().sort((a, b) => b.gap - a.gap);
  // The chart: every competency, and the statements that are blind spots or hidden strengths.
  const charted = gaps.filter((g) => g.competency || g.kind === 'blind_spot' || g.kind === 'hidden_strength');
  if (gaps.length) {
    const kindColour = {blind_spot: '#D55E00', hidden_strength: '#0072B2'};
    out.push(section('Gaps between self and others',
      h('p', {}, `A positive gap means you rated yourself higher than others did. Gaps of ${numberText(gaps[0].threshold)} or more are blind spots; of −${numberText(gaps[0].threshold)} or less, hidden strengths.`),
      chartFigure('Gap (self minus all others) per competency, and the statements that are blind spots or hidden strengths', {
        type: 'bar',
        data: {labels: charted.map((g) => (g.competency ? itemName(g.key) : `“${itemName(g.key)}”`).slice(0, 70)),
               datasets: [{label: 'Self − others', data: charted.map((g) => g.gap),
                           backgroundColor: charted.map((g) => kindColour[g.kind] || '#767676')}]},
        options: {indexAxis: 'y', plugins: {legend: {display: false}},
                  scales: {x: {suggestedMin: -2, suggestedMax: 2}}},
      }, {class: charted.length > 12 ? 'tall' : ''}),
      table('Gaps', ['Statement or competency', 'Self', 'Others', 'Gap', 'Reading'],
            gaps.map((g) => [itemName(g.key), numberText(g.self), numberText(g.others), numberText(g.gap),
                             g.kind === 'blind_spot' ? 'blind spot' : g.kind === 'hidden_strength' ? 'hidden strength' : '—']))));
  }

  const ranked = (list, empty) => list && list.length
    ? h('ol', {class: 'ranked'}, list.map((x) => h('li', {}, itemName(x.key), ' ',
        h('span', {class: 'figure'}, `others ${numberText(x.others_mean)}, ${percentText(x.others_favourable_pct)} favourable`))))
    : notice('info', empty);
  const gapList = (kind, empty) => {
    const list = gaps.filter((g) => g.kind === kind);
    return list.length
      ? h('ul', {}, list.map((g) => h('li', {}, itemName(g.key), ' ',
          h('span', {class: 'figure'}, `self ${numberText(g.self)}, others ${numberText(g.others)}`))))
      : notice('info', empty);
  };
  out.push(h('div', {class: 'grid-2'},
    section('Strengths', ranked(r.strengths, 'None can be shown yet: too few others have answered.')),
    section('Development areas', ranked(r.development_areas, 'None can be shown yet: too few others have answered.')),
    section('Blind spots', gapList('blind_spot', 'No blind spots: your own ratings are close to others’.')),
    section('Hidden strengths', gapList('hidden_strength', 'No hidden strengths found.'))));

  // Every statement.
  const items = r.item_keys || [];
  out.push(section('Every statement',
    table('Mean rating per statement', ['Statement', ...series.map((s) => s.label)],
          items.map((key) => [itemName(key), ...groups.map((g) => cellContent(r.items[key]?.by_group[g]?.mean)),
                              cellContent(r.items[key]?.all_others?.mean)]), {class: 'data means'})));

  // Comments.
  const comments = data.comments || [];
  if (comments.length) {
    const worth = (g) => isSuppressed(g.count) || g.comments.length > 0;
    const shown = comments.filter((item) => item.groups.some(worth));
    out.push(section('Comments', shown.length ? shown.map((item) => h('div', {class: 'comment-item'},
      h('h3', {}, item.section ? `${item.text} (${compName(item.section)})` : item.text),
      item.groups.filter(worth).map((g) => h('div', {class: 'comment-group'},
        h('h4', {}, groupName(g.group)),
        isSuppressed(g.count)
          ? h('p', {class: 'suppressed'}, `${cellText(g.count)} — this group's comments are not shown, to keep its raters anonymous.`)
          : g.comments.length
            ? h('ul', {class: 'comments'}, g.comments.map((text) => h('li', {}, text)))
            : h('p', {class: 'hint'}, 'No comments.'))))) : notice('info', 'No comments yet.')));
  }
  if (r.footnote) out.push(h('p', {class: 'footnote'}, r.footnote));
  return out;
}
