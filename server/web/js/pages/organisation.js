// Organisation: competencies across everyone, strengths, weaknesses and training needs.
import {enc, get} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, chartValue, numberText, percentText} from '../format.js';

export const name = 'organisation';

export async function render(ctx) {
  const [campaign] = ctx.params;
  const d = await get(`/api/v1/reports/campaigns/${enc(campaign)}/organisation`);
  const out = [h('h1', {}, `${d.campaign.title}: organisation`),
               h('p', {class: 'lede'}, `${d.subjects_with_responses} people appraised, ${d.others_responses} responses from others.`)];
  const comps = d.competencies || [];
  out.push(section('Competencies across the organisation',
    chartFigure('Mean of others’ ratings per competency, whole organisation', {
      type: 'bar',
      data: {labels: comps.map((c) => c.title),
             datasets: [{label: 'Others’ mean', data: comps.map((c) => chartValue(c.others.mean)),
                         backgroundColor: colour(0)}]},
      options: {indexAxis: 'y', plugins: {legend: {display: false}}, scales: {x: {min: 0, max: 5}}},
    }),
    table('Competencies', ['Competency', 'Responses', 'Mean', '% favourable'],
          comps.map((c) => [c.title, cellContent(c.others.n, 0), cellContent(c.others.mean),
                            cellContent(c.others.favourable_pct, 1)]))));
  const list = (items, empty) => items && items.length
    ? h('ol', {class: 'ranked'}, items.map((x) => h('li', {}, x.title || x.key, ' ',
        h('span', {class: 'figure'}, `mean ${numberText(x.others_mean)}, ${percentText(x.others_favourable_pct)} favourable`))))
    : notice('info', empty);
  out.push(h('div', {class: 'grid-2'},
    section('Strengths', list(d.strengths, 'None can be shown yet.')),
    section('Weaknesses', list(d.weaknesses, 'None can be shown yet.')),
    section('Strongest statements', list(d.item_strengths, 'None can be shown yet.')),
    section('Statements to develop', list(d.item_development_areas, 'None can be shown yet.'))));
  const needs = d.training_needs || [];
  out.push(section('Training needs',
    h('p', {}, 'Competencies ranked by how many managers have at least one of their five development areas in it.'),
    needs.length
      ? [chartFigure('Managers with a development area per competency', {
          type: 'bar',
          data: {labels: needs.map((n) => n.title),
                 datasets: [{label: 'Managers', data: needs.map((n) => chartValue(n.managers)),
                             backgroundColor: colour(1)}]},
          options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
        }),
         table('Training needs', ['Competency', 'Managers'],
               needs.map((n) => [n.title, cellContent(n.managers, 0)]))]
      : notice('info', 'No training needs can be shown yet.')));
  return out;
}
