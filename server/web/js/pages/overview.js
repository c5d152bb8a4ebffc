// Campaign overview (admin, hr): state, responses against invitations per rater group and per
// venue, responses per day, kiosk health.
import {enc, get} from '../api.js';
import {chartFigure, colour} from '../charts.js';
import {h, notice, section, table} from '../dom.js';
import {dateText, kindNames, percentText} from '../format.js';
import {links} from './campaigns.js';

export const name = 'overview';

export async function render(ctx) {
  const [id] = ctx.params;
  const o = await get(`/api/v1/dashboard/campaigns/${enc(id)}/overview`);
  const c = o.campaign;
  const out = [
    h('h1', {}, `${c.title}: overview`),
    h('ul', {class: 'inline-links no-print'},
      links(ctx, c).filter(([, t]) => t !== 'Overview').map(([href, text]) =>
        h('li', {}, h('a', {href}, text)))),
    h('dl', {class: 'facts'},
      h('div', {}, h('dt', {}, 'State'), h('dd', {}, h('span', {class: `state state-${c.state}`}, c.state))),
      h('div', {}, h('dt', {}, 'Kind'), h('dd', {}, kindNames[c.kind] || c.kind)),
      h('div', {}, h('dt', {}, 'Template'), h('dd', {}, `${c.template_id} v${c.template_version}`)),
      c.opens_at ? h('div', {}, h('dt', {}, 'Opens'), h('dd', {}, dateText(c.opens_at))) : null,
      c.closes_at ? h('div', {}, h('dt', {}, 'Closes'), h('dd', {}, dateText(c.closes_at))) : null,
      h('div', {}, h('dt', {}, 'Responses'), h('dd', {class: 'big'}, String(o.responses))),
      o.invited ? h('div', {}, h('dt', {}, 'Response rate'),
                    h('dd', {class: 'big'}, percentText(o.response_rate_pct))) : null,
      c.kind !== 'consultation' ? h('div', {}, h('dt', {}, 'Subjects'), h('dd', {}, String(o.subjects))) : null),
  ];

  if (o.by_group.length) {
    out.push(section('Response rates by rater group',
      chartFigure('Responses received and invitations made per rater group', {
        type: 'bar',
        data: {labels: o.by_group.map((g) => g.label),
               datasets: [{label: 'Invited', data: o.by_group.map((g) => g.invited), backgroundColor: '#9ecae1'},
                          {label: 'Received', data: o.by_group.map((g) => g.received), backgroundColor: colour(0)}]},
        options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
      }),
      table('Responses per rater group', ['Rater group', 'Invited', 'Received', 'Rate'],
            o.by_group.map((g) => [g.label, String(g.invited), String(g.received), percentText(g.rate_pct)]))));
  }
  if (o.by_venue.length) {
    out.push(section('Responses by venue',
      chartFigure('Responses per venue', {
        type: 'bar',
        data: {labels: o.by_venue.map((v) => v.name),
               datasets: [{label: 'Responses', data: o.by_venue.map((v) => v.received), backgroundColor: colour(2)}]},
        options: {indexAxis: 'y', scales: {x: {beginAtZero: true, ticks: {precision: 0}}}},
      }),
      table('Responses per venue', ['Venue', 'Area', 'Setting', 'Responses'],
            o.by_venue.map((v) => [v.name, v.area, v.settlement, String(v.received)]))));
  }
  out.push(section('Responses per day',
    o.by_day.length
      ? [chartFigure('Responses completed per day', {
          type: 'line',
          data: {labels: o.by_day.map((d) => d.date),
                 datasets: [{label: 'Responses', data: o.by_day.map((d) => d.received),
                             borderColor: colour(0), backgroundColor: colour(0), tension: 0.2}]},
          options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
        }),
         table('Responses per day', ['Day', 'Responses'], o.by_day.map((d) => [d.date, String(d.received)]))]
      : notice('info', 'No responses yet.')));

  const k = o.kiosks;
  out.push(section('Kiosk health',
    h('p', {}, `Responses kept aside as conflicts (all campaigns): ${k.pending_conflicts}; for this campaign: ${k.campaign_conflicts}.`),
    k.devices.length
      ? table('Kiosks', ['Kiosk', 'Id', 'Status', 'Last seen'],
              k.devices.map((d) => [d.name || '(unnamed)', d.id, d.revoked ? 'revoked' : 'active',
                                    d.last_seen || 'never']))
      : notice('info', 'No kiosk is enrolled yet.'),
    h('p', {class: 'hint'}, k.last_seen_note)));
  return out;
}
