// Raters chosen by the person appraised and approved by the people who lead them, where HR lets
// subjects choose (docs/dashboard.md, "Raters"). Two views: "My raters" for the subject (propose,
// take back a proposal not yet approved) and "Approve raters" for their manager, head of service
// or HR (approve or decline each proposal). Only approved raters get invitation codes.
import {del, enc, get, post, put} from '../api.js';
import {h, notice, section, table} from '../dom.js';

export const name = 'raters';

const statusText = {proposed: 'awaiting approval', approved: 'approved', declined: 'declined'};

function problemText(error) {
  const problems = (error.problems || []).map((p) => p.message).filter(Boolean);
  return problems.length ? `${error.message} (${problems.join('; ')})` : error.message;
}

async function myRaters(ctx, id) {
  const data = await get(`/api/v1/campaigns/${enc(id)}/my-nominations`);
  const c = data.campaign;
  const result = h('div', {'aria-live': 'polite'});
  const out = [h('h1', {}, `${c.title}: my raters`)];
  if (!c.subject_nominations) {
    out.push(notice('info', 'In this campaign HR chooses your raters. Ask them if someone is missing.'));
  }
  const withdraw = (n) => h('button', {type: 'button', class: 'secondary', 'data-withdraw': n.rater_id,
    'aria-label': `Take back ${n.rater}`,
    onclick: async () => {
      try {
        await del(`/api/v1/campaigns/${enc(id)}/my-nominations/${enc(n.rater_id)}`);
        ctx.reload();
      } catch (error) {
        result.replaceChildren(notice('error', problemText(error)));
      }
    }}, 'Take back');
  out.push(data.nominations.length
    ? table(`${data.nominations.length} raters`, ['Rater', 'Group', 'State', ''],
            data.nominations.map((n) => [n.rater, n.rater_group_label,
                                         {content: statusText[n.status] || n.status, class: `nomination-${n.status}`},
                                         n.status !== 'approved' && c.state !== 'closed' ? withdraw(n) : '']),
            {class: 'data my-raters'})
    : notice('info', 'You have no raters yet.'));
  out.push(result);
  if (c.subject_nominations && c.state !== 'closed') {
    const person = h('select', {id: 'propose-person', required: true},
      h('option', {value: ''}, 'Choose a person'),
      data.people.map((p) => h('option', {value: p.id}, p.name)));
    const group = h('select', {id: 'propose-group', required: true},
      data.groups.map((g) => h('option', {value: g.id}, g.label)));
    const form = h('form', {'aria-label': 'Propose a rater'},
      h('div', {class: 'field'}, h('label', {for: 'propose-person'}, 'Rater'), person),
      h('div', {class: 'field'}, h('label', {for: 'propose-group'}, 'As'), group),
      h('button', {type: 'submit'}, 'Propose'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await put(`/api/v1/campaigns/${enc(id)}/my-nominations/${enc(person.value)}`, {rater_group: group.value});
        ctx.reload();
      } catch (error) {
        result.replaceChildren(notice('error', problemText(error)));
      }
    });
    out.push(section('Propose a rater',
      h('p', {}, 'The person you report to approves each rater you propose; only approved raters are invited.'),
      form));
  }
  return out;
}

async function approvals(ctx, id) {
  const data = await get(`/api/v1/campaigns/${enc(id)}/nomination-approvals`);
  const c = data.campaign;
  const result = h('div', {'aria-live': 'polite'});
  const decide = (n, approve) => h('button', {type: 'button', class: approve ? '' : 'secondary',
    'data-decide': `${n.subject_id}/${n.rater_id}/${approve ? 'approve' : 'decline'}`,
    'aria-label': `${approve ? 'Approve' : 'Decline'} ${n.rater} as a rater of ${n.subject}`,
    onclick: async () => {
      try {
        await post(`/api/v1/campaigns/${enc(id)}/nominations/${enc(n.subject_id)}/${enc(n.rater_id)}/decision`, {approve});
        ctx.reload();
      } catch (error) {
        result.replaceChildren(notice('error', problemText(error)));
      }
    }}, approve ? 'Approve' : 'Decline');
  const waiting = data.nominations.filter((n) => n.status === 'proposed');
  return [
    h('h1', {}, `${c.title}: approve raters`),
    c.subject_nominations ? null : notice('info', 'In this campaign HR chooses the raters; there is nothing to approve.'),
    result,
    data.nominations.length
      ? table(`${waiting.length} awaiting a decision`, ['Subject', 'Rater', 'Group', 'State', ''],
              data.nominations.map((n) => [n.subject, n.rater, n.rater_group_label,
                                           {content: statusText[n.status] || n.status, class: `nomination-${n.status}`},
                                           n.status === 'proposed' && c.state !== 'closed'
                                             ? h('span', {class: 'controls'}, decide(n, true), ' ', decide(n, false))
                                             : '']),
              {class: 'data approvals'})
      : c.subject_nominations
        ? notice('info', (ctx.me.permissions || {})['nominations.approve'] === 'all'
          ? 'No subject has proposed a rater yet.' : 'Nobody you lead has proposed a rater yet.')
        : null,
  ];
}

export async function render(ctx) {
  const [id] = ctx.params;
  return ctx.path.endsWith('/approvals') ? approvals(ctx, id) : myRaters(ctx, id);
}
