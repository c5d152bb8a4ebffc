// Team heatmap: others' mean per team and competency (a manager sees only the teams they lead).
import {enc, get} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellText, chartValue, isShown, isSuppressed} from '../format.js';

export const name = 'teams';

// Five bands on a 1-5 scale, light enough for dark text (contrast checked by axe in the tests).
const bands = [
  {max: 2.0, class: 'heat-1', text: 'below 2'},
  {max: 2.75, class: 'heat-2', text: '2 to 2.75'},
  {max: 3.5, class: 'heat-3', text: '2.75 to 3.5'},
  {max: 4.25, class: 'heat-4', text: '3.5 to 4.25'},
  {max: Infinity, class: 'heat-5', text: '4.25 and above'},
];

function band(value) {
  return bands.find((b) => value < b.max);
}

export async function render(ctx) {
  const [campaign] = ctx.params;
  const data = await get(`/api/v1/reports/campaigns/${enc(campaign)}/teams`);
  const comps = data.competencies || [];
  const out = [h('h1', {}, `${data.campaign.title}: team heatmap`)];
  if (!data.teams.length) {
    out.push(notice('info', ctx.scope('reports.teams') === 'led'
      ? 'You lead no team with subjects in this campaign.' : 'No team has subjects in this campaign.'));
    return out;
  }
  const heat = data.heatmap;
  const rows = heat.rows.map((row, i) => [
    row.name,
    ...heat.mean[i].map((cell) => {
      if (isShown(cell)) {
        const b = band(cell.value);
        return {content: cellText(cell), class: `heat ${b.class}`, title: b.text};
      }
      return {content: cellText(cell), class: isSuppressed(cell) ? 'heat suppressed' : 'heat undefined'};
    }),
  ]);
  const title = (id) => (comps.find((c) => c.id === id) || {title: id}).title;
  out.push(section('Others’ mean rating per team and competency',
    table('Heatmap: mean of others’ ratings (1–5) per team and competency; self-ratings never count',
          ['Team', ...heat.columns.map(title)], rows, {class: 'data heatmap'}),
    h('ul', {class: 'legend', 'aria-label': 'Colour key'},
      bands.map((b) => h('li', {}, h('span', {class: `swatch heat ${b.class}`, 'aria-hidden': 'true'}), b.text)),
      h('li', {}, h('span', {class: 'swatch heat suppressed', 'aria-hidden': 'true'}), 'hidden: too few responses'))));

  out.push(section('Teams compared',
    chartFigure('Mean of others’ ratings per competency for each team', {
      type: 'bar',
      data: {labels: heat.columns.map(title),
             datasets: heat.rows.map((row, i) => ({label: row.name, data: heat.mean[i].map(chartValue),
                                                   backgroundColor: colour(i)}))},
      options: {scales: {y: {min: 0, max: 5}}},
    }, {class: 'wide'}),
    table('Team sizes', ['Team', 'Subjects', 'Responses from others'],
          data.teams.map((t) => [t.name, String(t.subjects), String(t.others_responses)]))));
  return out;
}
