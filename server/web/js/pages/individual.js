// The individual 360 report (admin, hr; a manager their own and their staff's): competency bars by rater
// group, radar, gap chart, strengths, development areas, blind spots, hidden strengths,
// comments. Without a subject: the subjects the caller may open.
import {download, enc, get, post} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellText, chartValue, isShown, isSuppressed} from '../format.js';

// The PDF's decimals (server/pdf): means and gaps to two places, percentages whole.
const mean = (value) => (typeof value === 'number' ? value.toFixed(2) : '—');
const signed = (value) => (typeof value === 'number' ? `${value > 0 ? '+' : ''}${value.toFixed(2)}` : '—');
const percent = (value) => (typeof value === 'number' ? `${value.toFixed(0)}%` : '—');
// A group that gave no response reads "no responses", not "fewer than 1*".
const meanCell = (cell, silent = false) => (silent
  ? {content: 'no responses', class: 'undefined'}
  : {content: isShown(cell) ? mean(cell.value) : cellText(cell),
     class: isSuppressed(cell) ? 'suppressed' : (isShown(cell) ? 'num' : 'undefined')});

export const name = 'individual';

async function subjectList(ctx, campaign) {
  const data = await get(`/api/v1/dashboard/campaigns/${enc(campaign)}/subjects`);
  const title = data.campaign.title;
  // A manager who leads nobody in this campaign sees only their own report.
  const own = ctx.scope('reports.individual') !== 'all' &&
              data.subjects.every((s) => s.person_id === ctx.me.person_id);
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
  if (subject.report_state === 'shared') return `shared with the subject ${subject.shared_at.slice(0, 10)}`;
  if (subject.report_state === 'released') return `released to their manager ${subject.released_at.slice(0, 10)}`;
  if (subject.report_state === 'not_enough') return 'closed, too few responses from others to release';
  if (subject.report_state === 'ready') {
    return subject.closed_early_at ? `closed early ${subject.closed_early_at.slice(0, 10)}, ready to release` : 'ready to release';
  }
  return 'collecting responses';
}

// A button that posts to one of the report's actions and redraws the page, or says why not;
// `question`, when given, is asked first (the action cannot be undone).
function actionButton(ctx, label, path, body, attributes, question) {
  const status = h('span', {role: 'status', class: 'hint'});
  return h('p', {class: 'no-print'}, h('button', {type: 'button', ...attributes, onclick: async () => {
    if (question && !window.confirm(question)) return;
    status.textContent = 'Working…';
    try {
      await post(path, body);
      ctx.reload();
    } catch (error) {
      status.textContent = error.message;
    }
  }}, label), ' ', status);
}

// Under the heading: a released report's date, fingerprint and whether the subject has it (with
// the share button for their manager or HR), or, for a preview (live figures only admin and hr
// see), what that means, the release buttons once collection has ended and the button that ends
// it for this subject alone.
function releaseBlock(ctx, data, campaign, subject) {
  const base = `/api/v1/reports/campaigns/${enc(campaign)}/subjects/${enc(subject)}`;
  if (data.release) {
    const shared = data.release.shared_at;
    const block = h('div', {class: 'release released'},
      h('p', {}, shared
        ? `Released on ${data.release.released_at.slice(0, 10)}; shared with ${data.subject.display_name} on ${shared.slice(0, 10)}. `
        : `Released on ${data.release.released_at.slice(0, 10)} to the manager of ${data.subject.display_name}, to talk it through with them first; not yet shared with them. `,
      'This report is frozen: fingerprint ', h('code', {}, data.release.sha256.slice(0, 16)), '.'));
    if (!shared && ctx.me.person_id !== subject) {
      block.append(actionButton(ctx, `Share with ${data.subject.display_name}`, `${base}/share`, undefined, {'data-share': 'true'}));
    }
    return block;
  }
  const block = h('div', {class: 'release preview notice info'},
    h('p', {}, 'Preview: this report has not been released, so its subject and their manager cannot see it. ' +
               'Each time you open it is recorded in the audit log.'));
  if (!ctx.can('reports.release')) return block;
  const closedEarly = data.subject.closed_at;
  if (data.campaign.state === 'closed' || closedEarly) {
    if (closedEarly) block.append(h('p', {}, `Collection for ${data.subject.display_name} closed early on ${closedEarly.slice(0, 10)}.`));
    block.append(actionButton(ctx, 'Release to subject and manager', `${base}/release`, undefined, {'data-release': 'true'}),
                 actionButton(ctx, 'Release to their manager first', `${base}/release`, {share_with_subject: false},
                              {'data-release': 'manager', class: 'secondary'}));
  } else {
    block.append(h('p', {class: 'hint'}, 'It can be released once the campaign has closed, or once you close collection for this subject alone.'),
                 actionButton(ctx, `Close collection for ${data.subject.display_name} now`, `${base}/close`, undefined,
                              {'data-close-subject': 'true', class: 'secondary'},
                              `Close collection for ${data.subject.display_name}? Their raters who have not answered can no longer do so.`));
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
  const silent = (g) => (data.response_rates || []).some((x) => x.group === g && x.received === 0);

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

  // Per group, the server's sentence on what this report does with its scores and comments
  // (the PDF prints the same one).
  out.push(section('Who responded',
    table('Responses received and invitations made per rater group, and what this report shows of each',
          ['Rater group', 'Received', 'Invited', 'In this report'],
          (data.response_rates || []).map((x) => [groupName(x.group), String(x.received), String(x.invited),
                                                   x.in_report || '—'])),
    data.not_enough ? notice('info', data.not_enough) : null));
  if (data.how_to_read && data.how_to_read.length) {
    out.push(section('How to read this report', data.how_to_read.map((text) => h('p', {}, text))));
  }

  // Competency bars by rater group and all others.
  const series = [...groups.map((g) => ({key: g, label: groupName(g), silent: silent(g),
                                          cell: (c) => r.competencies[c].by_group[g]?.mean})),
                  {key: 'all_others', label: 'All others', silent: false,
                   cell: (c) => r.competencies[c].all_others?.mean}];
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
          comps.map((c) => [compName(c), ...series.map((s) => meanCell(s.cell(c), s.silent))]), {class: 'data means'})));

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
      h('p', {}, `A positive gap means you rated yourself higher than others did. Gaps of ${mean(gaps[0].threshold)} or more are blind spots; of −${mean(gaps[0].threshold)} or less, hidden strengths.`),
      chartFigure('Gap (self minus all others) per competency, and the statements that are blind spots or hidden strengths', {
        type: 'bar',
        data: {labels: charted.map((g) => (g.competency ? itemName(g.key) : `“${itemName(g.key)}”`).slice(0, 70)),
               datasets: [{label: 'Self − others', data: charted.map((g) => g.gap),
                           backgroundColor: charted.map((g) => kindColour[g.kind] || '#767676')}]},
        options: {indexAxis: 'y', plugins: {legend: {display: false}},
                  scales: {x: {suggestedMin: -2, suggestedMax: 2}}},
      }, {class: charted.length > 12 ? 'tall' : ''}),
      table('Gaps', ['Statement or competency', 'Self', 'Others', 'Gap', 'Reading'],
            gaps.map((g) => [itemName(g.key), mean(g.self), mean(g.others), signed(g.gap),
                             g.kind === 'blind_spot' ? 'blind spot' : g.kind === 'hidden_strength' ? 'hidden strength' : '—']))));
  }

  const ranked = (list, empty) => list && list.length
    ? h('ol', {class: 'ranked'}, list.map((x) => h('li', {}, itemName(x.key), ' ',
        h('span', {class: 'figure'}, `others ${mean(x.others_mean)}, ${percent(x.others_favourable_pct)} favourable`))))
    : notice('info', empty);
  const gapList = (kind, empty) => {
    const list = gaps.filter((g) => g.kind === kind);
    return list.length
      ? h('ul', {}, list.map((g) => h('li', {}, itemName(g.key), ' ',
          h('span', {class: 'figure'}, `self ${mean(g.self)}, others ${mean(g.others)}`))))
      : notice('info', comparable ? empty : cannot);
  };
  // "None" only where a comparison was possible: an empty report has no blind spots to find.
  const selfRate = (data.response_rates || []).find((x) => x.group === 'self');
  const comparable = !data.not_enough && selfRate && selfRate.received > 0;
  const cannot = 'Cannot be worked out: it needs your own rating and enough of others’ to compare.';
  out.push(h('div', {class: 'grid-2'},
    section('Strengths', ranked(r.strengths, 'None can be shown yet: too few others have answered.')),
    section('Development areas', ranked(r.development_areas, 'None can be shown yet: too few others have answered.')),
    section('Blind spots', gapList('blind_spot', 'No blind spots: your own ratings are close to others’.')),
    section('Hidden strengths', gapList('hidden_strength', 'No hidden strengths found.'))));

  // Every statement.
  const items = r.item_keys || [];
  out.push(section('Every statement',
    table('Mean rating per statement', ['Statement', ...series.map((s) => s.label)],
          items.map((key) => [itemName(key), ...groups.map((g) => meanCell(r.items[key]?.by_group[g]?.mean, silent(g))),
                              meanCell(r.items[key]?.all_others?.mean)]), {class: 'data means'})));

  // Comments: under a group's name only where the server's plan allows; the pooled groups'
  // together as "Other raters"; the rest withheld (docs/reports.md, "Comments").
  const comments = data.comments || [];
  if (comments.length) {
    const blocks = (item) => [
      ...item.groups.map((g) => ({title: groupName(g.group), cell: g})),
      ...(item.pooled ? [{title: `Other raters (${item.pooled.labels.join(', ')})`, cell: item.pooled}] : []),
    ].filter((b) => isSuppressed(b.cell.count) || b.cell.comments.length > 0);
    const shown = comments.filter((item) => blocks(item).length);
    out.push(section('Comments',
      h('p', {class: 'hint'}, 'In the raters’ own words, in no particular order. A group’s comments appear under its name only when enough of it responded and its scores are shown; otherwise they are pooled as “Other raters”, or withheld when even that could identify someone.'),
      shown.length ? shown.map((item) => h('div', {class: 'comment-item'},
        h('h3', {}, item.section ? `${item.text} (${compName(item.section)})` : item.text),
        blocks(item).map((b) => h('div', {class: 'comment-group'},
          h('h4', {}, b.title),
          isSuppressed(b.cell.count)
            ? h('p', {class: 'suppressed'}, `Withheld: ${cellText(b.cell.count)} responses, too few to keep their writers anonymous.`)
            : h('ul', {class: 'comments'}, b.cell.comments.map((text) => h('li', {}, text))))))) : notice('info', 'No comments yet.')));
  }
  if (r.footnote) out.push(h('p', {class: 'footnote'}, r.footnote));
  return out;
}
