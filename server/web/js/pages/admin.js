// Administration (admin, hr; devices admin only): start a campaign from a template, import
// people and nominations from CSV files (every problem the server finds, line by line), move a
// campaign forward, make invitation codes and print their letters, enrol a kiosk.
import {ApiError, enc, get, post} from '../api.js';
import {h, notice, section, table} from '../dom.js';
import {kindNames} from '../format.js';

export const name = 'admin';

// Letters made in this tab, by campaign: the server returns codes only once, so they are kept
// in memory only (never in storage) until the tab closes.
const letters = new Map();

function problemList(error) {
  const parts = [h('p', {class: 'notice error', role: 'alert'}, error.message)];
  if (error instanceof ApiError && error.problems.length) {
    parts.push(table(`${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}, by file and line`,
                     ['Where', 'Problem'], error.problems.map((p) => [p.path || '—', p.message]),
                     {class: 'data problems'}));
  }
  return h('div', {class: 'import-errors'}, parts);
}

function fileField(id, label, hint, required) {
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    h('input', {id, type: 'file', accept: '.csv,text/csv', required, 'aria-describedby': `${id}-hint`}),
    h('p', {class: 'hint', id: `${id}-hint`}, hint));
}

async function readFile(input) {
  const file = input.files && input.files[0];
  return file ? file.text() : '';
}

function form(title, fields, submitText, onSubmit) {
  const result = h('div', {class: 'result', 'aria-live': 'polite'});
  const button = h('button', {type: 'submit'}, submitText);
  const f = h('form', {'aria-label': title}, fields, button, result);
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    result.replaceChildren();
    try {
      result.replaceChildren(...[await onSubmit(f)].flat());
    } catch (error) {
      result.replaceChildren(problemList(error));
    } finally {
      button.disabled = false;
      result.dataset.done = String(Date.now());
    }
  });
  return f;
}

async function adminHome(ctx) {
  const out = [h('h1', {}, 'Administration')];
  const {templates} = await get('/api/v1/dashboard/templates');
  const {campaigns} = await get('/api/v1/campaigns');
  out.push(section('Campaigns',
    table(null, ['Campaign', 'Kind', 'State', ''], campaigns.map((c) => [
      c.title, kindNames[c.kind] || c.kind, h('span', {class: `state state-${c.state}`}, c.state),
      h('a', {href: `#/campaigns/${enc(c.id)}/admin`, 'aria-label': `Manage ${c.title}`}, 'Manage')])),
    h('h3', {}, 'Start a campaign from a template'),
    form('Start a campaign', [
      h('div', {class: 'field'}, h('label', {for: 'new-template'}, 'Template'),
        h('select', {id: 'new-template', required: true}, templates.map((t) =>
          h('option', {value: `${t.id}@${t.version}`}, `${t.title} (${t.id}, version ${t.version}, ${kindNames[t.kind] || t.kind})`)))),
      h('div', {class: 'field'}, h('label', {for: 'new-title'}, 'Title'),
        h('input', {id: 'new-title', required: true, placeholder: 'Leadership 360, spring 2027'})),
      h('div', {class: 'field'}, h('label', {for: 'new-id'}, 'Short id'),
        h('input', {id: 'new-id', required: true, pattern: '[a-z0-9]+(-[a-z0-9]+)*', 'aria-describedby': 'new-id-hint'}),
        h('p', {class: 'hint', id: 'new-id-hint'}, 'Lower-case letters, digits and dashes; used in addresses and exports.')),
    ], 'Create campaign', async (f) => {
      const [templateId, version] = f.querySelector('#new-template').value.split('@');
      const created = await post('/api/v1/campaigns', {
        id: f.querySelector('#new-id').value.trim(),
        title: f.querySelector('#new-title').value.trim(),
        template_id: templateId, template_version: Number(version)});
      return [notice('success', `Created “${created.title}” as a draft.`),
              h('p', {}, h('a', {href: `#/campaigns/${enc(created.id)}/admin`}, `Manage ${created.title}`))];
    })));

  out.push(section('Import people',
    h('p', {}, 'CSV files with a header line. Units: id, parent_id, kind (organisation, directorate, service, team), name. People: id, display_name, email, unit_id. All or nothing: any problem and nothing is imported.'),
    form('Import people', [
      fileField('units-file', 'Units CSV (optional)', 'units.csv', false),
      fileField('people-file', 'People CSV', 'people.csv', true),
    ], 'Import people', async (f) => {
      const people = await readFile(f.querySelector('#people-file'));
      if (!people) throw new ApiError(400, 'no_file', 'Choose the people CSV file first.');
      const counts = await post('/api/v1/people/import', {
        units_csv: await readFile(f.querySelector('#units-file')), people_csv: people});
      return notice('success', `Imported ${counts.units} units and ${counts.people} people.`);
    })));

  if (ctx.can('devices.manage')) {
    const {devices} = await get('/api/v1/devices');
    out.push(section('Kiosks',
      devices.length
        ? table('Enrolled kiosks', ['Kiosk', 'Id', 'Status'],
                devices.map((d) => [d.name || '(unnamed)', d.id, d.revoked ? 'revoked' : 'active']))
        : notice('info', 'No kiosk is enrolled yet.'),
      h('h3', {}, 'Enrol a kiosk'),
      h('p', {}, 'Make a one-time code, then type it on the kiosk’s enrolment screen. It works once, for 7 days.'),
      form('Enrol a kiosk', [], 'Make an enrolment code', async () => {
        const made = await post('/api/v1/devices/enrolment-codes');
        return h('p', {class: 'code-box'}, 'Enrolment code: ',
                 h('strong', {class: 'code', id: 'enrolment-code'}, made.enrolment_code),
                 ` (valid ${made.valid_hours / 24} days, once)`);
      })));
  }
  return out;
}

const nextStates = {draft: ['open'], open: ['closing', 'closed'], closing: ['closed'], closed: []};

async function campaignAdmin(ctx, id) {
  const {campaigns} = await get('/api/v1/campaigns');
  const c = campaigns.find((x) => x.id === id);
  if (!c) return [h('h1', {}, 'No such campaign'), notice('error', `There is no campaign “${id}”.`)];
  const out = [h('h1', {}, `Manage ${c.title}`),
               h('p', {class: 'lede'}, `${kindNames[c.kind] || c.kind} · state `, h('strong', {id: 'campaign-state'}, c.state))];
  const stateResult = h('div', {'aria-live': 'polite'});
  const moves = nextStates[c.state] || [];
  out.push(section('State',
    h('p', {}, 'A campaign moves forward only: draft, open, closing (kiosks stop offering it; answers collected offline are still accepted), closed.'),
    moves.length
      ? h('div', {class: 'controls'}, moves.map((to) => h('button', {type: 'button', 'data-state': to,
          onclick: async () => {
            if (!window.confirm(`Move “${c.title}” to ${to}? This cannot be undone.`)) return;
            try {
              const changed = await post(`/api/v1/campaigns/${enc(id)}/state`, {state: to});
              stateResult.replaceChildren(notice('success', `“${changed.title}” is now ${changed.state}.`));
              ctx.reload();
            } catch (error) {
              stateResult.replaceChildren(problemList(error));
            }
          }}, `Move to ${to}`)))
      : notice('info', 'This campaign is closed.'),
    stateResult));

  if (c.kind !== 'consultation') {
    out.push(section('Import nominations',
      h('p', {}, 'CSV with a header line: subject_id, rater_id, rater_group (people must be imported first). All or nothing.'),
      form('Import nominations', [fileField('nominations-file', 'Nominations CSV', 'nominations.csv', true)],
        'Import nominations', async (f) => {
          const csv = await readFile(f.querySelector('#nominations-file'));
          if (!csv) throw new ApiError(400, 'no_file', 'Choose the nominations CSV file first.');
          const counts = await post(`/api/v1/campaigns/${enc(id)}/nominations`, {csv});
          return notice('success', `Imported ${counts.nominations} nominations for ${counts.subjects} subjects.`);
        })));
    out.push(section('Invitation letters',
      h('p', {}, 'Makes a code for every nomination that has none yet and opens the letters to print. Codes are shown only this once.'),
      form('Make invitations', [], 'Make invitations and print letters', async () => {
        const made = await post(`/api/v1/campaigns/${enc(id)}/invitations`);
        letters.set(id, {campaign: c, invitations: made.invitations});
        if (!made.invitations.length) return notice('info', 'Every nomination has an invitation already; no new letters.');
        ctx.navigate(`/campaigns/${enc(id)}/letters`);
        return notice('success', `Made ${made.invitations.length} invitations.`);
      })));
  }
  return out;
}

function lettersPage(id) {
  const made = letters.get(id);
  if (!made) {
    return [h('h1', {}, 'Invitation letters'),
            notice('info', 'No letters were made in this browser tab. Codes are shown only once, when they are made: make them from the campaign’s Manage page.'),
            h('p', {}, h('a', {href: `#/campaigns/${enc(id)}/admin`}, 'Manage the campaign'))];
  }
  const origin = location.origin;
  return [
    h('h1', {class: 'no-print'}, `Invitation letters: ${made.campaign.title}`),
    h('p', {class: 'no-print'}, `${made.invitations.length} letters, one per page when printed. `,
      h('button', {type: 'button', onclick: () => window.print()}, 'Print letters')),
    h('div', {class: 'letters'}, made.invitations.map((inv) => h('article', {class: 'letter'},
      h('h2', {}, `Dear ${inv.rater},`),
      h('p', {}, inv.rater_group === 'self'
        ? `You are invited to assess yourself in “${made.campaign.title}”.`
        : `You are invited to give feedback on ${inv.subject} in “${made.campaign.title}”, as ${inv.rater_group === 'manager' ? 'their manager' : `one of their ${inv.rater_group === 'peer' ? 'peers' : inv.rater_group}`}.`),
      h('p', {}, 'Type this code at any Soundings kiosk, or wherever you were told to answer:'),
      h('p', {class: 'letter-code'}, inv.code),
      h('p', {}, 'The code works once and only for this appraisal. Your answers are pooled with others in your group: a group’s results are shown only when enough people have answered.'),
      h('p', {class: 'hint'}, `Reference: ${made.campaign.id} · ${origin}`)))),
  ];
}

export async function render(ctx) {
  const [id] = ctx.params;
  if (!id) return adminHome(ctx);
  if (ctx.path.endsWith('/letters')) return lettersPage(id);
  return campaignAdmin(ctx, id);
}
