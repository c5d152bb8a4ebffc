// Consultation results: each question's answers, responses over time and by venue, and a
// cross-tab of one question by a segment (area, urban/rural, venue, equality answers) with 95 %
// intervals of each shown share.
import {enc, get, put} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, cellText, chartValue, intervalText, isShown, wilson} from '../format.js';

export const name = 'consultation';

const segmentNames = {venue: 'Venue', venue_area: 'Area (north/south)',
                      venue_settlement: 'Urban or rural'};

function distributionTable(caption, dist, valueName = (v) => v, first = 'Answer') {
  const total = dist.total;
  return table(caption, [first, 'Responses', 'Share', '95 % interval'],
    dist.counts.map((c) => {
      const shown = isShown(c.count) && isShown(total) && total.value > 0;
      return [valueName(c.value), cellContent(c.count, 0),
              shown ? `${((100 * c.count.value) / total.value).toFixed(0)} %` : '—',
              shown ? intervalText(wilson(c.count.value, total.value)) : '—'];
    }).concat([['Total', cellContent(total, 0), '', '']]));
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

function crossTabView(x, segmentLabel, rowLabel, segmentTitle) {
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
  const parts = [table(`${x.question.text} by ${segmentTitle}: responses (column share, 95 % interval)`,
                       head, rows, {class: 'data crosstab'})];
  if (x.test) {
    parts.push(h('p', {}, `Chi-square test: ${JSON.stringify(x.test)}`));
  }
  if (x.footnote) parts.push(h('p', {class: 'footnote'}, x.footnote));
  return parts;
}

// The public "you said, we did" page: HR writes what was done and publishes it; the server
// draws the page itself at /public/campaigns/{c} with every count suppressed.
async function publicPageEditor(campaign) {
  const settings = await get(`/api/v1/campaigns/${enc(campaign)}/public-page`);
  const text = h('textarea', {id: 'what-we-did', rows: 5, 'aria-describedby': 'what-we-did-hint'});
  text.value = settings.what_we_did || '';
  const published = h('input', {id: 'published', type: 'checkbox'});
  published.checked = Boolean(settings.published);
  const link = h('p', {id: 'public-link'});
  const showLink = (on) => link.replaceChildren(on
    ? h('a', {href: `/public/campaigns/${enc(campaign)}`, target: '_blank', rel: 'noopener'}, 'Open the public page')
    : 'Not published: the public page answers “not found”.');
  showLink(settings.published);
  const result = h('div', {'aria-live': 'polite'});
  const save = h('button', {type: 'submit'}, 'Save');
  const form = h('form', {'aria-label': 'Public results page'},
    h('div', {class: 'field'}, h('label', {for: 'what-we-did'}, 'What we did'), text,
      h('p', {class: 'hint', id: 'what-we-did-hint'}, 'Shown under the findings on the public page. Plain text; no names.')),
    h('div', {class: 'field checkbox'}, published, ' ', h('label', {for: 'published'}, 'Published')),
    save, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const saved = await put(`/api/v1/campaigns/${enc(campaign)}/public-page`,
                              {what_we_did: text.value, published: published.checked});
      showLink(saved.published);
      result.replaceChildren(notice('success', saved.published ? 'Saved and published.' : 'Saved; not published.'));
    } catch (error) {
      result.replaceChildren(notice('error', error.message));
    } finally {
      save.disabled = false;
    }
  });
  return section('Public results page (“you said, we did”)', form, link);
}

export async function render(ctx) {
  const [campaign] = ctx.params;
  const [d, labels] = await Promise.all([
    get(`/api/v1/reports/campaigns/${enc(campaign)}/consultation`),
    get(`/api/v1/dashboard/campaigns/${enc(campaign)}/labels`).catch(() => ({items: {}}))]);
  const venueName = (v) => (d.venue_names && d.venue_names[v]) || v || 'no venue';
  const plain = {yes: 'Yes', no: 'No', true: 'Yes', false: 'No', north: 'North', south: 'South',
                 urban: 'Urban', rural: 'Rural'};
  const answerName = (itemId) => (v) => {
    const options = (labels.items[itemId] || {}).options || {};
    return options[v] || plain[v] || v;
  };
  const out = [h('h1', {}, `${d.campaign.title}: results`)];
  const questionText = {};
  for (const q of d.questions) questionText[q.id] = q.text;

  // Segment switch.
  const tabbable = d.questions.filter((q) => q.cross_tabulable);
  if (tabbable.length && d.segments.length) {
    const questionSelect = h('select', {id: 'crosstab-question'},
      tabbable.map((q) => h('option', {value: q.id}, q.text)));
    const segmentSelect = h('select', {id: 'crosstab-segment'},
      d.segments.map((s) => h('option', {value: s.id},
        segmentNames[s.id] || `${questionText[s.id] || s.id}${s.equality_monitoring ? ' (equality monitoring)' : ''}`)));
    const result = h('div', {id: 'crosstab-result', 'aria-live': 'polite'});
    const update = async () => {
      result.setAttribute('aria-busy', 'true');
      const segment = segmentSelect.value;
      const label = segment === 'venue' ? venueName : answerName(segment);
      const title = segmentSelect.selectedOptions[0]?.textContent || segment;
      try {
        if (segment === questionSelect.value) {
          result.replaceChildren(notice('info', 'Choose a segment other than the question itself.'));
        } else {
          const x = await get(`/api/v1/reports/campaigns/${enc(campaign)}/crosstab?question=${enc(questionSelect.value)}&segment=${enc(segment)}`);
          result.replaceChildren(...crossTabView(x, label, answerName(x.question.id), title));
        }
      } catch (error) {
        result.replaceChildren(notice('error', error.message));
      }
      result.removeAttribute('aria-busy');
      result.dataset.ready = `${questionSelect.value}/${segment}`;
    };
    questionSelect.addEventListener('change', update);
    segmentSelect.addEventListener('change', update);
    out.push(section('Compare groups',
      h('p', {}, 'Pick a question and a way to split the responses. Groups with fewer than the minimum number of responses are hidden.'),
      h('div', {class: 'controls'},
        h('div', {class: 'field'}, h('label', {for: 'crosstab-question'}, 'Question'), questionSelect),
        h('div', {class: 'field'}, h('label', {for: 'crosstab-segment'}, 'Split by'), segmentSelect)),
      result));
    queueMicrotask(update);
  }

  if (ctx.can('public_page.edit')) out.push(await publicPageEditor(campaign));

  out.push(section('Responses over time',
    d.over_time.counts.length
      ? [chartFigure('Responses completed per day', {
          type: 'line',
          data: {labels: d.over_time.counts.map((c) => c.value),
                 datasets: [{label: 'Responses', data: d.over_time.counts.map((c) => chartValue(c.count)),
                             borderColor: colour(0), backgroundColor: colour(0)}]},
          options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
        }), distributionTable('Responses per day', d.over_time, (v) => v, 'Day')]
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
