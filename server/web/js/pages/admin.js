// Administration (admin, hr; devices admin only): start a campaign from a template, import
// people and nominations from CSV files (every problem the server finds, line by line), move a
// campaign forward, add and withdraw raters by name, make invitation codes and print their
// letters and reminders, enrol a kiosk.
import {ApiError, del, enc, get, post, put} from '../api.js';
import {h, notice, section, table} from '../dom.js';
import {dateText, kindNames} from '../format.js';

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

// <input type=datetime-local> works in local time without a zone: to and from RFC 3339 UTC.
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}
function utcText(local) {
  return local ? new Date(local).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
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
        h('input', {id: 'new-id', required: true, maxlength: 64, pattern: '[a-z0-9][a-z0-9_\\-]*', 'aria-describedby': 'new-id-hint'}),
        h('p', {class: 'hint', id: 'new-id-hint'}, 'Lower-case letters, digits, dashes and underscores, starting with a letter or digit (up to 64); used in addresses and exports.')),
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

  if (ctx.can('people.import')) out.push(await unitLeadsSection());

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

// Who leads each unit: a manager signed in as the lead sees that unit and those below it in team
// reports. Redraws itself after a change, like the raters section.
async function unitLeadsSection() {
  const body = h('div', {});
  const result = h('div', {'aria-live': 'polite'});
  const refresh = async () => {
    const {units, people} = await get('/api/v1/units');
    const nameOf = (id) => (people.find((p) => p.id === id) || {name: id}).name;
    const unitName = (id) => (units.find((u) => u.id === id) || {name: id}).name;
    if (!units.length) {
      body.replaceChildren(notice('info', 'No units yet: import them with the people above.'));
      return;
    }
    body.replaceChildren(
      table(`${units.length} units`, ['Unit', 'Kind', 'Part of', 'Lead'], units.map((u) => [
        u.name, u.kind, u.parent_id ? unitName(u.parent_id) : '—',
        u.lead_person_id ? `${nameOf(u.lead_person_id)} (${u.lead_person_id})` : 'none']),
      {class: 'data unit-leads'}),
      form('Set a unit’s lead', [
        h('div', {class: 'field'}, h('label', {for: 'lead-unit'}, 'Unit'),
          h('select', {id: 'lead-unit', required: true},
            units.map((u) => h('option', {value: u.id}, `${u.name} (${u.id})`)))),
        h('div', {class: 'field'}, h('label', {for: 'lead-person'}, 'Lead'),
          h('select', {id: 'lead-person'}, [h('option', {value: ''}, 'No lead'),
            ...people.map((p) => h('option', {value: p.id}, `${p.name} (${p.id})`))]))],
      'Set lead', async (f) => {
        const person = f.querySelector('#lead-person').value;
        const unit = await put(`/api/v1/units/${enc(f.querySelector('#lead-unit').value)}/lead`,
                               {person_id: person || null});
        await refresh();
        result.replaceChildren(notice('success', unit.lead_person_id
          ? `${nameOf(unit.lead_person_id)} now leads ${unit.name}.` : `${unit.name} has no lead now.`));
        return [];
      }));
  };
  await refresh();
  return section('Unit leads',
    h('p', {}, 'A manager sees the team reports of the units they lead and the units below them.'),
    body, result);
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

  // Dates: the close date is the deadline letters print, and the server closes the campaign then.
  const dateField = (field, label, hint) => h('div', {class: 'field'},
    h('label', {for: `dates-${field}`}, label),
    h('input', {id: `dates-${field}`, type: 'datetime-local', value: localInput(c[field]), 'aria-describedby': `dates-${field}-hint`}),
    h('p', {class: 'hint', id: `dates-${field}-hint`}, hint));
  out.push(section('Dates',
    h('p', {}, c.closes_at
      ? `Closes ${dateText(c.closes_at)}: the deadline on letters, and the server closes the campaign then.`
      : 'No close date: letters give no deadline, and the campaign stays open until it is closed here.'),
    c.state === 'closed'
      ? notice('info', 'A closed campaign’s dates no longer change.')
      : form('Campaign dates', [
          dateField('opens_at', 'Opens', 'Optional; shown to staff.'),
          dateField('closes_at', 'Closes (deadline)', 'Optional; your local time. Leave empty for none.')],
        'Save dates', async (f) => {
          const changed = await put(`/api/v1/campaigns/${enc(id)}/dates`, {
            opens_at: utcText(f.querySelector('#dates-opens_at').value),
            closes_at: utcText(f.querySelector('#dates-closes_at').value)});
          return notice('success', changed.closes_at ? `Saved: closes ${dateText(changed.closes_at)}.` : 'Saved: no close date.');
        })));

  if (c.kind === 'consultation') {
    // A campaign may hide small groups more strictly than the deployment, never less (the
    // server refuses a lower minimum, naming the field).
    const minimumField = (field, label, hint) => h('div', {class: 'field'},
      h('label', {for: `minimum-${field}`}, label),
      h('input', {id: `minimum-${field}`, name: field, type: 'number', min: '0', max: '1000', step: '1',
                  inputmode: 'numeric', value: c[field] ? String(c[field]) : '', 'aria-describedby': `minimum-${field}-hint`}),
      h('p', {class: 'hint', id: `minimum-${field}-hint`}, hint));
    out.push(section('Protecting small groups',
      h('p', {}, 'Results hide any group of fewer people than the minimum, and anything that would let a reader work it out. A campaign may be stricter than this server’s setting, never looser.'),
      form('Small-group minimums', [
        minimumField('cell_minimum', 'Fewest people behind any figure', 'Leave empty for this server’s minimum.'),
        minimumField('comment_minimum', 'Fewest people of a group who commented before its comments are shown', 'Leave empty for this server’s minimum.')],
      'Save minimums', async (f) => {
        const value = (field) => {
          const text = f.querySelector(`#minimum-${field}`).value.trim();
          return text === '' ? 0 : Number(text);
        };
        const changed = await put(`/api/v1/campaigns/${enc(id)}/minimums`,
                                  {cell_minimum: value('cell_minimum'), comment_minimum: value('comment_minimum')});
        c.cell_minimum = changed.cell_minimum;
        c.comment_minimum = changed.comment_minimum;
        const said = (n) => (n ? `${n} people` : 'this server’s minimum');
        return notice('success', `Saved: figures need at least ${said(changed.cell_minimum)}; a group’s comments at least ${said(changed.comment_minimum)}.`);
      })));
  }

  if (c.kind !== 'consultation') {
    const raters = await ratersSection(c);
    out.push(raters.node);
    if (c.state !== 'closed') {
      const choose = h('input', {id: 'subject-nominations', type: 'checkbox', checked: c.subject_nominations});
      out.push(section('Who chooses the raters',
        form('Who chooses the raters', [h('div', {class: 'field checkbox'}, choose,
          h('label', {for: 'subject-nominations'}, 'Each person appraised proposes their own raters; the person they report to (or HR) approves each one'))],
        'Save', async () => {
          const changed = await put(`/api/v1/campaigns/${enc(id)}/subject-nominations`, {enabled: choose.checked});
          c.subject_nominations = changed.subject_nominations;
          await raters.refresh();
          return notice('success', changed.subject_nominations
            ? 'Saved: people appraised propose their raters, and only approved raters are invited.'
            : 'Saved: HR chooses the raters.');
        })));
    }
    out.push(section('Import nominations',
      h('p', {}, 'CSV with a header line: subject_id, rater_id, rater_group (people must be imported first). All or nothing.'),
      form('Import nominations', [fileField('nominations-file', 'Nominations CSV', 'nominations.csv', true)],
        'Import nominations', async (f) => {
          const csv = await readFile(f.querySelector('#nominations-file'));
          if (!csv) throw new ApiError(400, 'no_file', 'Choose the nominations CSV file first.');
          const counts = await post(`/api/v1/campaigns/${enc(id)}/nominations`, {csv});
          await raters.refresh();
          return notice('success', `Imported ${counts.nominations} nominations for ${counts.subjects} subjects.`);
        })));
    out.push(section('Invitation letters',
      h('p', {}, 'Makes a code for every nomination that has none yet and opens the letters to print. Codes are shown only this once.'),
      form('Make invitations', [], 'Make invitations and print letters', async () => {
        const made = await post(`/api/v1/campaigns/${enc(id)}/invitations`);
        letters.set(id, {campaign: c, invitations: made.invitations, letter: made.letter || {}});
        if (!made.invitations.length) return notice('info', 'Every nomination has an invitation already; no new letters.');
        ctx.navigate(`/campaigns/${enc(id)}/letters`);
        return notice('success', `Made ${made.invitations.length} invitations.`);
      })));
    out.push(section('Reminders',
      h('p', {}, 'Prints a reminder letter for every rater who has not answered yet, with a new code: their first code stops working. Raters who have answered get nothing.'),
      form('Reminders', [], 'Print reminder letters', async () => {
        if (!window.confirm('Give every rater who has not answered a new code? The codes in their first letters stop working.')) return [];
        const made = await post(`/api/v1/campaigns/${enc(id)}/reminders`);
        letters.set(id, {campaign: c, invitations: made.invitations, letter: made.letter || {}});
        if (!made.invitations.length) return notice('info', 'Every invited rater has answered; no reminders.');
        ctx.navigate(`/campaigns/${enc(id)}/letters`);
        return notice('success', `Made ${made.invitations.length} reminder letters.`);
      })));
  }
  return out;
}

// Raters per subject, by name and by the group's label (never the template's internal ids): the
// list with a Remove button for those who have not answered, and a form to add one. It redraws
// itself in place after a change (or an import below), so notices elsewhere on the page stay.
async function ratersSection(c) {
  const id = c.id;
  const closed = c.state === 'closed';
  const body = h('div', {});
  const result = h('div', {'aria-live': 'polite'});
  const refresh = async () => {
    const {nominations, people, groups} = await get(`/api/v1/campaigns/${enc(id)}/nominations`);
    const personOptions = () => [h('option', {value: ''}, 'Choose a person'),
      ...people.map((p) => h('option', {value: p.id}, `${p.name} (${p.id})`))];
    const removeButton = (n) => h('button', {type: 'button', class: 'secondary',
      'data-remove': `${n.subject_id}/${n.rater_id}`,
      'aria-label': `Remove ${n.rater} as a rater of ${n.subject}`,
      onclick: async () => {
        if (!window.confirm(`Remove ${n.rater} as a rater of ${n.subject}?${n.invited ? ' Their code stops working.' : ''}`)) return;
        try {
          await del(`/api/v1/campaigns/${enc(id)}/nominations/${enc(n.subject_id)}/${enc(n.rater_id)}`);
          await refresh();
          result.replaceChildren(notice('success', `Removed ${n.rater} as a rater of ${n.subject}.`));
        } catch (error) {
          result.replaceChildren(problemList(error));
        }
      }}, 'Remove');
    const list = nominations.length
      ? table(`${nominations.length} raters`, ['Subject', 'Rater', 'Group', 'Invitation', ''],
              nominations.map((n) => [n.subject, n.rater, n.rater_group_label,
                                      n.status !== 'approved' ? (n.status === 'proposed' ? 'proposed, awaiting approval' : 'declined')
                                        : n.invited ? 'code made' : 'no code yet',
                                      closed ? '' : removeButton(n)]),
              {class: 'data raters'})
      : notice('info', 'Nobody is nominated yet: add raters here or import a CSV below.');
    const select = (fieldId, label, options) => h('div', {class: 'field'},
      h('label', {for: fieldId}, label), h('select', {id: fieldId, required: true}, options));
    body.replaceChildren(list,
      closed ? notice('info', 'A closed campaign takes no new raters.') : form('Add a rater', [
        select('rater-subject', 'Subject (the person rated)', personOptions()),
        select('rater-person', 'Rater', personOptions()),
        select('rater-group', 'Group', groups.map((g) => h('option', {value: g.id}, g.label)))],
      'Add rater', async (f) => {
        const subject = f.querySelector('#rater-subject').value;
        const rater = f.querySelector('#rater-person').value;
        const added = await put(`/api/v1/campaigns/${enc(id)}/nominations/${enc(subject)}/${enc(rater)}`,
                                {rater_group: f.querySelector('#rater-group').value});
        const nameOf = (personId) => (people.find((p) => p.id === personId) || {name: personId}).name;
        await refresh();
        result.replaceChildren(notice('success', `Added ${nameOf(added.rater_id)} as a rater of ${nameOf(added.subject_id)}.`));
        return [];
      }));
  };
  await refresh();
  return {node: section('Raters', body, result), refresh};
}

function lettersPage(id) {
  const made = letters.get(id);
  if (!made) {
    return [h('h1', {}, 'Invitation letters'),
            notice('info', 'No letters were made in this browser tab. Codes are shown only once, when they are made: make them from the campaign’s Manage page.'),
            h('p', {}, h('a', {href: `#/campaigns/${enc(id)}/admin`}, 'Manage the campaign'))];
  }
  // The sender and the address to answer at come from the server's configuration, never from
  // this browser's address bar (which may be the server's own loopback address).
  const {organisation, public_url: publicUrl, logo_url: logoUrl, reminder} = made.letter;
  // A function: each letter needs its own nodes (a node appended twice moves to the last one).
  const where = () => (publicUrl
    ? ['Type this code at any Soundings kiosk, or answer on your own device at ', h('strong', {}, publicUrl), ':']
    : ['Type this code at any Soundings kiosk:']);
  return [
    h('h1', {class: 'no-print'}, `${reminder ? 'Reminder letters' : 'Invitation letters'}: ${made.campaign.title}`),
    h('p', {class: 'no-print'}, `${made.invitations.length} letters, one per page when printed. `,
      h('button', {type: 'button', onclick: () => window.print()}, 'Print letters')),
    publicUrl ? null : notice('info', 'These letters give no web address: the server has no public_url setting (README, “Running it”), so people are sent to a kiosk only.'),
    h('div', {class: 'letters'}, made.invitations.map((inv) => h('article', {class: 'letter'},
      logoUrl ? h('img', {class: 'letter-logo', src: logoUrl, alt: organisation ? `${organisation} logo` : 'Logo'}) : null,
      organisation ? h('p', {class: 'letter-sender'}, organisation) : null,
      reminder ? h('p', {class: 'letter-reminder'}, 'Reminder') : null,
      h('h2', {}, `Dear ${inv.rater},`),
      reminder ? h('p', {}, 'We have not yet had your answers. If you have answered in the last day or so, thank you, and please ignore this letter.') : null,
      h('p', {}, inv.rater_group === 'self'
        ? `You are invited to assess yourself in “${made.campaign.title}”.`
        : `You are invited to give feedback on ${inv.subject} in “${made.campaign.title}”, as one of the group “${inv.rater_group_label || inv.rater_group}”.`),
      h('p', {}, ...where()),
      made.letter.deadline ? h('p', {class: 'letter-deadline'}, `Please answer by ${dateText(made.letter.deadline)}.`) : null,
      h('p', {class: 'letter-code'}, inv.code),
      h('p', {}, reminder
        ? 'This code replaces the one in your first letter, which no longer works. It works once and only for this appraisal.'
        : 'The code works once and only for this appraisal.'),
      h('p', {class: 'letter-anonymity'}, inv.anonymity),
      h('p', {class: 'hint'}, `Reference: ${made.campaign.id}`)))),
  ];
}

export async function render(ctx) {
  const [id] = ctx.params;
  if (!id) return adminHome(ctx);
  if (ctx.path.endsWith('/letters')) return lettersPage(id);
  return campaignAdmin(ctx, id);
}
