// The "Scores" part of a consultation's results: per item mean, SD and the top-two and
// bottom-two shares of people with 95 % intervals (reverse-keyed items shown flipped), per
// scale its scale score and Cronbach's alpha, residents' number answers, for everyone or split
// by a segment. Every figure is the server's (/consultation/scores); hidden ones read exactly
// the server's "fewer than N*".
import {download, enc, get} from '../api.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, isShown} from '../format.js';

const venueSegments = [['venue', 'Venue'], ['venue_area', 'Area'],
                       ['venue_settlement', 'Urban or rural'], ['venue_ward', 'Ward']];
const segmentTypes = new Set(['single_choice', 'yes_no', 'likert']);

function percent(cell) {
  return isShown(cell) ? `${(100 * cell.value).toFixed(1)} %` : null;
}

// "61.2 % (23.1–88.2 %)", or the server's text for a hidden share.
function shareContent(share) {
  const value = percent(share.proportion);
  if (value === null) return cellContent(share.proportion, 1);
  const low = percent(share.low);
  const high = percent(share.high);
  const interval = low !== null && high !== null
    ? ` (${(100 * share.low.value).toFixed(1)}–${high})` : '';
  return {content: `${value}${interval}`, class: 'num'};
}

function groupLabels(scores) {
  const labels = {};
  for (const g of scores.groups) labels[g.value] = g.label;
  return labels;
}

function itemTable(scores, segmented) {
  const labels = groupLabels(scores);
  const head = ['Statement', ...(segmented ? ['Group'] : []), 'People (n)', 'Mean', 'SD',
                '% top two (95 % interval)', '% bottom two (95 % interval)'];
  const rows = [];
  for (const item of scores.items) {
    const name = item.reverse_scored ? `${item.text} (reverse-keyed, shown flipped)` : item.text;
    for (const g of item.groups) {
      rows.push([name, ...(segmented ? [labels[g.group] || g.group] : []),
                 cellContent(g.n, 0), cellContent(g.mean, 2), cellContent(g.sd, 2),
                 shareContent(g.top2), shareContent(g.bottom2)]);
    }
  }
  const parts = [table('Scores per statement: mean, standard deviation and shares of people on the two most and the two least favourable points',
                       head, rows, {class: 'data scores-items'})];
  if (scores.items.some((i) => i.reverse_scored)) {
    parts.push(h('p', {class: 'hint'},
      'Reverse-keyed statements are shown flipped, so a higher score is always more favourable.'));
  }
  return parts;
}

function scaleTables(scores, segmented) {
  const labels = groupLabels(scores);
  const parts = [];
  const head = ['Scale', ...(segmented ? ['Group'] : []), 'People (n)', 'Mean', 'SD',
                '% top two (95 % interval)', 'Cronbach’s alpha', 'Alpha over (n)'];
  const rows = [];
  for (const scale of scores.scales) {
    for (const g of scale.groups) {
      rows.push([scale.title, ...(segmented ? [labels[g.group] || g.group] : []),
                 cellContent(g.n, 0), cellContent(g.mean, 2), cellContent(g.sd, 2),
                 shareContent(g.top2), cellContent(g.alpha.value, 3), cellContent(g.alpha.n, 0)]);
    }
  }
  parts.push(table('Scales: each person’s scale score is the mean of their scores on its statements; alpha over those who answered every statement',
                   head, rows, {class: 'data scores-scales'}));
  for (const scale of scores.scales) {
    const groups = scale.groups;
    parts.push(table(`${scale.title}: alpha if a statement is left out`,
      ['Statement', ...groups.map((g) => (segmented ? labels[g.group] || g.group : 'Alpha if left out'))],
      scale.items.map((item, i) => [
        item.reverse_scored ? `${item.text} (reverse-keyed, shown flipped)` : item.text,
        ...groups.map((g) => cellContent(g.items[i] ? g.items[i].alpha_if_deleted : null, 3))]),
      {class: 'data scores-alpha'}));
    if (!segmented && groups.length) {
      const all = groups[0];
      parts.push(table(`${scale.title}: people by scale score (rounded to the nearest point)`,
        ['Scale score', 'People'],
        all.distribution.map((d) => [String(d.point), cellContent(d.count, 0)]),
        {class: 'data scores-distribution'}));
    }
  }
  return parts;
}

function numberTable(scores, segmented) {
  const labels = groupLabels(scores);
  const head = ['Question', ...(segmented ? ['Group'] : []), 'People (n)', 'Mean', 'SD', 'Median',
                'Lowest', 'Highest'];
  const rows = [];
  for (const q of scores.numbers) {
    for (const g of q.groups) {
      rows.push([q.text, ...(segmented ? [labels[g.group] || g.group] : []),
                 cellContent(g.n, 0), cellContent(g.mean, 2), cellContent(g.sd, 2),
                 cellContent(g.median, 2), cellContent(g.min, 2), cellContent(g.max, 2)]);
    }
  }
  return table('Number answers', head, rows, {class: 'data scores-numbers'});
}

function view(scores) {
  const segmented = scores.segment !== null && scores.segment !== undefined;
  const parts = [];
  if (!scores.items.length && !scores.scales.length && !scores.numbers.length) {
    return [notice('info', 'This consultation has no scored statements, scales or number questions.')];
  }
  if (scores.items.length) parts.push(...itemTable(scores, segmented));
  if (scores.scales.length) parts.push(...scaleTables(scores, segmented));
  if (scores.numbers.length) parts.push(numberTable(scores, segmented));
  for (const footnote of scores.footnotes || []) parts.push(h('p', {class: 'footnote'}, footnote));
  return parts;
}

/// Renders the "Scores" section for `campaign` into `container` and returns the container;
/// `report` is the consultation report (its questions give the segment list). Loads on its own,
/// so the rest of the page does not wait for it.
export function renderScores(container, campaign, report) {
  const questions = (report && report.questions) || [];
  const segmentSelect = h('select', {id: 'scores-segment'},
    h('option', {value: ''}, 'Everyone'),
    venueSegments.map(([id, label]) => h('option', {value: id}, label)),
    questions.filter((q) => segmentTypes.has(q.type))
      .map((q) => h('option', {value: q.id}, q.text)));
  const result = h('div', {id: 'scores-result', 'aria-live': 'polite'});
  const status = h('span', {class: 'hint', 'aria-live': 'polite'});
  const query = () => (segmentSelect.value ? `?segment=${enc(segmentSelect.value)}` : '');
  const base = `/api/v1/reports/campaigns/${enc(campaign)}/consultation/scores`;
  const csv = h('button', {type: 'button', id: 'scores-csv'}, 'Download CSV');
  csv.addEventListener('click', async () => {
    csv.disabled = true;
    try {
      status.textContent = `Downloaded ${await download(`${base}.csv${query()}`)}.`;
    } catch (error) {
      status.textContent = error.message;
    } finally {
      csv.disabled = false;
    }
  });
  const update = async () => {
    result.setAttribute('aria-busy', 'true');
    try {
      result.replaceChildren(...view(await get(`${base}${query()}`)));
    } catch (error) {
      result.replaceChildren(notice('error', error.message));
    }
    result.removeAttribute('aria-busy');
    result.dataset.ready = segmentSelect.value || 'all';
  };
  segmentSelect.addEventListener('change', update);
  container.replaceChildren(section('Scores',
    h('p', {}, 'Mean and spread of each agree–disagree statement, the share of people on its two most and two least favourable points with a 95 % interval, scale scores with Cronbach’s alpha, and number answers. Groups with fewer than the minimum number of people are hidden, with one more where needed so a hidden group cannot be worked out from the others. A statement’s figures are also hidden in a group where fewer than the minimum chose one of its answers: the mean and shares would otherwise let anyone work out that small number from the counts shown in the results.'),
    h('div', {class: 'controls'},
      h('div', {class: 'field'}, h('label', {for: 'scores-segment'}, 'Split by'), segmentSelect),
      h('div', {class: 'field'}, csv, ' ', status)),
    result));
  queueMicrotask(update);
  return container;
}
