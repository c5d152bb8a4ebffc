// Self-assessment by service: each service's pooled answers per section and item of the
// template (a manager sees only the services they lead).
import {enc, get} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {cellContent, chartValue} from '../format.js';

export const name = 'services';

export async function render(ctx) {
  const [campaign] = ctx.params;
  const d = await get(`/api/v1/reports/campaigns/${enc(campaign)}/services`);
  const out = [h('h1', {}, `${d.campaign.title}: by service`)];
  if (!d.services.length) {
    out.push(notice('info', ctx.scope('reports.services') === 'led'
      ? 'You lead no service with subjects in this campaign.' : 'No service has subjects in this campaign.'));
    return out;
  }
  const sections = d.services[0].sections.map((s) => ({id: s.id, title: s.title}));
  out.push(section('Services compared',
    chartFigure('Mean rating per section for each service', {
      type: 'bar',
      data: {labels: sections.map((s) => s.title),
             datasets: d.services.map((svc, i) => ({label: svc.name, backgroundColor: colour(i),
               data: sections.map((s) => chartValue(svc.sections.find((x) => x.id === s.id)?.all?.mean))}))},
      options: {scales: {y: {min: 0, max: 5}}},
    }, {class: 'wide'}),
    table('Mean rating per section (1–5)', ['Section', ...d.services.map((s) => s.name)],
          sections.map((s) => [s.title, ...d.services.map((svc) =>
            cellContent(svc.sections.find((x) => x.id === s.id)?.all?.mean))]), {class: 'data means'})));
  for (const svc of d.services) {
    const counts = Object.entries(svc.responses || {}).map(([g, n]) => `${n} ${g.replace(/_/g, ' ')}`).join(', ');
    out.push(section(svc.name,
      h('p', {class: 'lede'}, `${svc.subjects} subject${svc.subjects === 1 ? '' : 's'}; responses: ${counts || 'none'}.`),
      table(`${svc.name}: every statement`, ['Section or statement', 'Responses', 'Mean', '% favourable'],
            svc.sections.flatMap((s) => [
              [{content: s.title, class: 'section-row'}, cellContent(s.all?.n, 0), cellContent(s.all?.mean),
               cellContent(s.all?.favourable_pct, 1)],
              ...s.items.map((item) => [item.text, cellContent(item.all?.n, 0), cellContent(item.all?.mean),
                                        cellContent(item.all?.favourable_pct, 1)]),
            ]))));
  }
  for (const note of d.footnotes || []) out.push(h('p', {class: 'footnote'}, note));
  if (d.subjects_without_service) {
    out.push(h('p', {class: 'hint'}, `${d.subjects_without_service} subjects belong to no service and are not shown.`));
  }
  return out;
}
