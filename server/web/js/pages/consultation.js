// Consultation results: each question's answers, responses over time and by venue, and a
// cross-tab of one question (or a scale's mean score) by a segment (area, urban/rural, ward,
// venue, an answer such as age or a likert item), optionally filtered and layered, with 95 %
// intervals of each shown share and the test of association with its state.
import {enc, get} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, cellText, chartValue, intervalText, isShown, wilson} from '../format.js';
import {renderScores} from './consultation_scores.js';
import {renderPublicPageEditor} from './public_page_editor.js';

export const name = 'consultation';

const segmentNames = {venue: 'Venue', venue_area: 'Area (north/south)',
                      venue_settlement: 'Urban or rural', venue_ward: 'Ward'};

// `intervals`: whether each share is an estimate worth a 95 % interval. Counts per day are not a
// sample of anything, so their table has none.
function distributionTable(caption, dist, valueName = (v) => v, first = 'Answer', intervals = true) {
  const total = dist.total;
  return table(caption, intervals ? [first, 'Responses', 'Share', '95 % interval'] : [first, 'Responses', 'Share'],
    dist.counts.map((c) => {
      const shown = isShown(c.count) && isShown(total) && total.value > 0;
      const row = [valueName(c.value), cellContent(c.count, 0),
                   shown ? `${((100 * c.count.value) / total.value).toFixed(0)} %` : '—'];
      if (intervals) row.push(shown ? intervalText(wilson(c.count.value, total.value)) : '—');
      return row;
    }).concat([intervals ? ['Total', cellContent(total, 0), '', ''] : ['Total', cellContent(total, 0), '']]));
}

function distributionChart(label, dist, valueName = (v) => v, i = 0) {
  return chartFigure(label, {
    type: 'bar',
    data: {labels: dist.counts.map((c) => valueName(c.value)),
           datasets: [{label: 'Responses', data: dist.counts.map((c) => chartValue(c.count)),
                       backgroundColor: colour(i)}]},
    options: {indexAxis: 'y', plugins: {legend: {display: false}},
              scales: {x: {beginAtZero: true, ticks: {precision: 0}}}},
  });
}

// The chi-square test as a sentence, with its state: never silently left out.
function chiSquareText(test) {
  if (!test) return '';
  if (test.state === 'computed') {
    let text = `Chi-square test: χ² = ${test.statistic}, df ${test.df}, p = ${test.p_value}`;
    if (test.cramers_v !== undefined) text += `, Cramér’s V = ${test.cramers_v}`;
    if (test.cells_suppressed) text += ' (computed on the whole table; hidden cells stay hidden)';
    return `${text}.`;
  }
  if (test.state === 'expected_counts_too_small') {
    return 'Chi-square test: expected counts too small to trust (Cochran: none under 1 and at most 20 % under 5).';
  }
  return 'Chi-square test: not enough data (fewer than two answers or groups with responses).';
}

function welchText(test) {
  const welch = test && test.welch;
  if (!welch) return '';
  if (welch.state === 'computed') {
    return `Welch’s test of equal means: F = ${welch.f}, df ${welch.df1} and ${welch.df2}, p = ${welch.p_value}.`;
  }
  if (welch.state === 'no_variance') return 'Welch’s test: every score within a group is the same.';
  return 'Welch’s test: not enough data (each group needs at least two scores).';
}

function crossTabTable(x, segmentLabel, rowLabel, caption) {
  const columnTotal = (j) => x.column_totals[j];
  const head = ['Answer', ...x.column_values.map((v) => segmentLabel(v)), 'All'];
  const rows = x.row_values.map((rv, i) => [
    rowLabel(rv),
    ...x.cells[i].map((cell, j) => {
      const total = columnTotal(j);
      if (!isShown(cell) || !isShown(total) || total.value <= 0) return cellContent(cell, 0);
      const interval = wilson(cell.value, total.value);
      return {content: h('span', {}, cellText(cell, 0), ' ',
                         h('span', {class: 'share'}, `(${((100 * cell.value) / total.value).toFixed(0)} %, ${intervalText(interval)})`)),
              class: 'num'};
    }),
    cellContent(x.row_totals[i], 0),
  ]);
  rows.push(['All', ...x.column_totals.map((t) => cellContent(t, 0)), cellContent(x.total, 0)]);
  return [table(caption, head, rows, {class: 'data crosstab'}),
          h('p', {class: 'test'}, chiSquareText(x.test))];
}

function crossTabView(x, segmentLabel, rowLabel, segmentTitle, layerLabel, layerTitle) {
  const parts = crossTabTable(x, segmentLabel, rowLabel,
    `${x.question.text} by ${segmentTitle}: responses (column share, 95 % interval)`);
  for (const layer of x.layers || []) {
    parts.push(h('h3', {}, `${layerTitle}: ${layerLabel(layer.value)}`),
      ...crossTabTable(layer, segmentLabel, rowLabel,
        `${x.question.text} by ${segmentTitle}, ${layerTitle} ${layerLabel(layer.value)}`));
  }
  if (x.footnote) parts.push(h('p', {class: 'footnote'}, x.footnote));
  return parts;
}

// A scale's mean score per group, each with its 95 % t interval.
function scaleView(x, segmentLabel, segmentTitle) {
  const number = (cell) => (isShown(cell) ? cellText(cell, 2) : cellContent(cell, 0));
  const rows = x.means.groups.map((g) => [
    segmentLabel(g.segment), cellContent(g.n, 0), number(g.mean),
    g.interval && g.interval.low !== undefined ? `${g.interval.low}–${g.interval.high}`
      : (g.interval && g.interval.status === 'suppressed' ? cellContent(g.interval, 0) : '—'),
    number(g.sd)]);
  rows.push(['All', cellContent(x.means.total, 0), '', '', '']);
  const parts = [
    table(`${x.question.text} (mean scale score) by ${segmentTitle}`,
          ['Group', 'Respondents', 'Mean', '95 % interval', 'SD'], rows, {class: 'data scale-means'}),
    h('p', {class: 'test'}, welchText(x.test))];
  if (x.footnote) parts.push(h('p', {class: 'footnote'}, x.footnote));
  return parts;
}

export async function render(ctx) {
  const [campaign] = ctx.params;
  const [d, labels] = await Promise.all([
    get(`/api/v1/reports/campaigns/${enc(campaign)}/consultation`),
    get(`/api/v1/dashboard/campaigns/${enc(campaign)}/labels`).catch(() => ({items: {}}))]);
  const venueName = (v) => (d.venue_names && d.venue_names[v]) || v || 'no venue';
  const plain = {yes: 'Yes', no: 'No', true: 'Yes', false: 'No', north: 'North', south: 'South',
                 urban: 'Urban', rural: 'Rural', not_answered: 'Not answered',
                 prefer_not_to_say: 'Prefer not to say', na: 'Not applicable'};
  const answerName = (itemId) => (v) => {
    const options = (labels.items[itemId] || {}).options || {};
    return options[v] || plain[v] || v;
  };
  const out = [h('h1', {}, `${d.campaign.title}: results`),
               h('p', {}, h('a', {href: `#/campaigns/${enc(campaign)}/comments`, id: 'comments-link'},
                            'Residents’ comments, searchable and grouped into themes'))];
  const questionText = {};
  for (const q of d.questions) questionText[q.id] = q.text;

  // Cross-tab: question (item or scale), split, optional filters and layer.
  const tabbable = d.questions.filter((q) => q.cross_tabulable);
  if (tabbable.length && d.segments.length) {
    const scales = d.scales || [];
    const isScale = new Set(scales.map((s) => s.id));
    const questionSelect = h('select', {id: 'crosstab-question'},
      h('optgroup', {label: 'Questions'}, tabbable.map((q) => h('option', {value: q.id}, q.text))),
      scales.length ? h('optgroup', {label: 'Scales (mean score)'},
        scales.map((s) => h('option', {value: s.id}, s.text))) : null);
    const segmentTitleOf = (id) => segmentNames[id] || questionText[id] || id;
    const segmentOptions = (withNone) => [
      ...(withNone ? [h('option', {value: ''}, 'None')] : []),
      ...d.segments.map((s) => h('option', {value: s.id},
        `${segmentTitleOf(s.id)}${s.equality_monitoring ? ' (equality monitoring)' : ''}`))];
    const segmentSelect = h('select', {id: 'crosstab-segment'}, segmentOptions(false));
    const layerSelect = h('select', {id: 'crosstab-layer'}, segmentOptions(true));
    const labelOf = (id) => (id === 'venue' ? venueName : answerName(id));
    // The values a filter may pick: the segment's categories as its distribution lists them.
    const valuesOf = (id) => {
      const q = d.questions.find((x) => x.id === id);
      const dist = q ? q.distribution : (d.segment_distributions || {})[id];
      return dist ? dist.counts.map((c) => c.value) : [];
    };
    const filterRows = h('div', {id: 'crosstab-filters'});
    let filterCount = 0;
    const addFilter = () => {
      const n = ++filterCount;
      const which = h('select', {id: `crosstab-filter-${n}`, 'aria-label': `Filter ${n}: segment`},
        segmentOptions(false));
      const values = h('select', {id: `crosstab-filter-${n}-values`, multiple: true, size: 4,
                                  'aria-label': `Filter ${n}: keep these answers`});
      const fill = () => values.replaceChildren(...valuesOf(which.value).map((v) =>
        h('option', {value: v}, labelOf(which.value)(v))));
      fill();
      const remove = h('button', {type: 'button', class: 'secondary'}, 'Remove');
      const row = h('div', {class: 'controls filter-row'},
        h('div', {class: 'field'}, h('label', {for: which.id}, 'Only respondents whose'), which),
        h('div', {class: 'field'}, h('label', {for: values.id}, 'answer is one of'), values),
        remove);
      which.addEventListener('change', () => { fill(); update(); });
      values.addEventListener('change', update);
      remove.addEventListener('click', () => { row.remove(); update(); });
      filterRows.append(row);
    };
    const addButton = h('button', {type: 'button', id: 'crosstab-add-filter', class: 'secondary'},
      'Add a filter');
    addButton.addEventListener('click', addFilter);
    const result = h('div', {id: 'crosstab-result', 'aria-live': 'polite'});
    const update = async () => {
      result.setAttribute('aria-busy', 'true');
      const question = questionSelect.value;
      const segment = segmentSelect.value;
      const layer = layerSelect.value;
      const title = segmentTitleOf(segment);
      try {
        if (segment === question || (layer && (layer === segment || layer === question))) {
          result.replaceChildren(notice('info', 'Choose a split (and layer) other than the question and each other.'));
        } else if (layer && isScale.has(question)) {
          result.replaceChildren(notice('info', 'A scale’s means are not layered: use a filter instead.'));
        } else {
          const params = new URLSearchParams({question, segment});
          for (const row of filterRows.querySelectorAll('.filter-row')) {
            const [which, values] = row.querySelectorAll('select');
            const picked = [...values.selectedOptions].map((o) => o.value);
            if (picked.length) params.append('filter', `${which.value}:${picked.join(',')}`);
          }
          if (layer) params.set('layer', layer);
          const x = await get(`/api/v1/reports/campaigns/${enc(campaign)}/crosstab?${params}`);
          result.replaceChildren(...(x.question.kind === 'scale'
            ? scaleView(x, labelOf(segment), title)
            : crossTabView(x, labelOf(segment), answerName(x.question.id), title,
                           labelOf(layer), segmentTitleOf(layer))));
        }
      } catch (error) {
        result.replaceChildren(notice('error', error.message));
      }
      result.removeAttribute('aria-busy');
      result.dataset.ready = `${question}/${segment}`;
    };
    questionSelect.addEventListener('change', update);
    segmentSelect.addEventListener('change', update);
    layerSelect.addEventListener('change', update);
    out.push(section('Compare groups',
      h('p', {}, 'Pick a question or a scale and a way to split the responses; narrow them with filters, or add a layer for one table per group. Groups with fewer than the minimum number of responses are hidden; “Not answered” is shown as its own group so every total matches the question’s own counts.'),
      h('div', {class: 'controls'},
        h('div', {class: 'field'}, h('label', {for: 'crosstab-question'}, 'Question'), questionSelect),
        h('div', {class: 'field'}, h('label', {for: 'crosstab-segment'}, 'Split by'), segmentSelect),
        h('div', {class: 'field'}, h('label', {for: 'crosstab-layer'}, 'Layer (one table per group)'), layerSelect)),
      filterRows, addButton,
      result));
    queueMicrotask(update);
  }

  out.push(renderScores(h('div', {id: 'scores'}), campaign, d));
  if (ctx.can('public_page.edit')) out.push(await renderPublicPageEditor(campaign));

  out.push(section('Responses over time',
    d.over_time.counts.length
      ? [chartFigure('Responses completed per day', {
          type: 'line',
          data: {labels: d.over_time.counts.map((c) => c.value),
                 datasets: [{label: 'Responses', data: d.over_time.counts.map((c) => chartValue(c.count)),
                             borderColor: colour(0), backgroundColor: colour(0)}]},
          options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
        }), distributionTable('Responses per day', d.over_time, (v) => v, 'Day', false)]
      : notice('info', 'No responses yet.')));
  if (d.by_venue.counts.length) {
    out.push(section('Responses by venue',
      distributionChart('Responses per venue', d.by_venue, venueName, 2),
      distributionTable('Responses per venue', d.by_venue, venueName, 'Venue')));
  }
  out.push(h('h2', {class: 'questions-heading'}, 'Answers to each question'));
  for (const [i, q] of d.questions.entries()) {
    if (!q.distribution) continue;
    out.push(h('section', {class: 'panel question'}, h('h3', {}, q.text),
      distributionChart(`Answers to: ${q.text}`, q.distribution, answerName(q.id), i),
      distributionTable(`Answers to: ${q.text}`, q.distribution, answerName(q.id))));
  }
  return out;
}
