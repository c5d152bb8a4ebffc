// Venues (docs/venues.md): the places a consultation's kiosks stand, with the ward, area,
// settlement and postcode its reports group them by. Whoever reads consultation reports sees the
// list; admin and hr (venues.manage) add venues and change them in place. A venue's id never
// changes: responses are stored with it. Errors come back from the server by field; each is shown
// beside its field and listed in an error summary whose links move focus to it.
import {ApiError, enc, get, post, put} from '../api.js';
import {h, notice, section} from '../dom.js';

export const name = 'venues';

const fields = [
  {key: 'name', label: 'Name', hint: 'As residents know it: Northallerton Library.'},
  {key: 'ward', label: 'Ward', hint: 'The electoral ward the venue is in.'},
  {key: 'area', label: 'Area', options: ['north', 'south']},
  {key: 'settlement', label: 'Settlement', options: ['urban', 'rural']},
  {key: 'postcode', label: 'Postcode', hint: 'A full UK postcode: DL7 8AD.'},
];
const labels = Object.fromEntries([['id', 'Id'], ...fields.map((f) => [f.key, f.label])]);

// An input or select for `field`, its value `value`, with `id` and an accessible label.
function control(field, id, value, labelText) {
  const attrs = {id, name: field.key, 'aria-label': labelText || null};
  if (field.options) {
    return h('select', attrs,
      h('option', {value: '', selected: !value}, 'Not set'),
      field.options.map((o) => h('option', {value: o, selected: o === value}, o)));
  }
  return h('input', {...attrs, type: 'text', value: value || '', autocomplete: 'off',
                     required: field.key === 'name'});
}

// Clears the previous errors of `scope`, then marks each field the server named (through
// `inputFor(path)`) and fills `summary` with links to them. Problems without a field are
// listed as they are.
function showErrors(error, summary, scope, inputFor) {
  for (const input of scope.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-errormessage');
  }
  for (const message of scope.querySelectorAll('.field-error')) message.remove();
  if (!error) {
    summary.replaceChildren();
    summary.hidden = true;
    return;
  }
  const problems = error instanceof ApiError ? error.problems : [];
  const items = [];
  for (const p of problems) {
    const input = inputFor(p.path);
    const text = `${labels[p.path] || p.path} ${p.message}`;
    if (input) {
      const messageId = `${input.id}-error`;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', messageId);
      const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(
        (x) => x && x !== messageId);
      input.setAttribute('aria-describedby', [messageId, ...described].join(' '));
      input.insertAdjacentElement('afterend',
        h('p', {class: 'field-error', id: messageId}, h('span', {class: 'visually-hidden'}, 'Error: '), text));
      items.push(h('li', {}, h('a', {href: `#${input.id}`, onclick: (event) => {
        event.preventDefault();
        input.focus();
      }}, text)));
    } else {
      items.push(h('li', {}, text));
    }
  }
  summary.replaceChildren(h('h3', {}, 'There is a problem'), h('p', {}, error.message),
                          items.length ? h('ul', {}, items) : null);
  summary.hidden = false;
  summary.focus();
}

function errorSummary(id) {
  return h('div', {class: 'notice error error-summary', id, role: 'alert', tabindex: '-1', hidden: true});
}

function addForm(ctx) {
  const summary = errorSummary('venue-add-errors');
  const result = h('div', {'aria-live': 'polite'});
  const field = (f, prefix) => {
    const id = `${prefix}-${f.key}`;
    const input = control(f, id, '');
    if (f.hint) input.setAttribute('aria-describedby', `${id}-hint`);
    return h('div', {class: 'field'}, h('label', {for: id}, f.label), input,
             f.hint ? h('p', {class: 'hint', id: `${id}-hint`}, f.hint) : null);
  };
  const idField = h('div', {class: 'field'}, h('label', {for: 'new-venue-id'}, 'Id'),
    h('input', {id: 'new-venue-id', name: 'id', type: 'text', required: true, autocomplete: 'off',
                'aria-describedby': 'new-venue-id-hint'}),
    h('p', {class: 'hint', id: 'new-venue-id-hint'},
      'Lower-case letters, digits, dashes and underscores: northallerton-library. It never changes.'));
  const button = h('button', {type: 'submit'}, 'Add venue');
  const form = h('form', {'aria-label': 'Add a venue', novalidate: true}, summary, idField,
                 fields.map((f) => field(f, 'new-venue')), button, result);
  const inputFor = (path) => form.querySelector(`#new-venue-${path}`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    result.replaceChildren();
    const body = {id: inputFor('id').value.trim()};
    for (const f of fields) body[f.key] = inputFor(f.key).value.trim();
    try {
      const created = await post('/api/v1/venues', body);
      showErrors(null, summary, form, inputFor);
      sessionStorage.setItem('soundings.venue-saved', `Added “${created.name}” (${created.id}).`);
      ctx.reload();
    } catch (error) {
      showErrors(error, summary, form, inputFor);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// One venue's row: read-only cells, and for managers an Edit button that turns the row's cells
// into fields with Save and Cancel.
function venueRow(venue, canManage, tableSummary) {
  const row = h('tr', {'data-venue': venue.id});
  const readOnly = () => {
    row.replaceChildren(
      h('th', {scope: 'row'}, venue.name),
      h('td', {}, venue.id),
      ...fields.slice(1).map((f) => h('td', {}, venue[f.key] || '—')),
      canManage ? h('td', {}, h('button', {type: 'button', class: 'secondary',
        'aria-label': `Edit ${venue.name}`, onclick: editing}, 'Edit')) : null);
  };
  const editing = () => {
    const prefix = `edit-${venue.id}`;
    const inputs = Object.fromEntries(fields.map((f) =>
      [f.key, control(f, `${prefix}-${f.key}`, venue[f.key], `${f.label} of ${venue.name}`)]));
    const inputFor = (path) => inputs[path] || null;
    const save = h('button', {type: 'button', onclick: async () => {
      save.disabled = true;
      const body = Object.fromEntries(fields.map((f) => [f.key, inputs[f.key].value.trim()]));
      try {
        const saved = await put(`/api/v1/venues/${enc(venue.id)}`, body);
        Object.assign(venue, saved);
        showErrors(null, tableSummary, row, inputFor);
        readOnly();
        row.querySelector('button').focus();
      } catch (error) {
        showErrors(error, tableSummary, row, inputFor);
      } finally {
        save.disabled = false;
      }
    }}, 'Save');
    const cancel = h('button', {type: 'button', class: 'secondary', onclick: () => {
      showErrors(null, tableSummary, row, inputFor);
      readOnly();
      row.querySelector('button').focus();
    }}, 'Cancel');
    row.replaceChildren(
      h('th', {scope: 'row'}, inputs.name),
      h('td', {}, venue.id),
      ...fields.slice(1).map((f) => h('td', {}, inputs[f.key])),
      h('td', {}, h('span', {class: 'controls'}, save, ' ', cancel)));
    inputs.name.focus();
  };
  readOnly();
  return row;
}

export async function render(ctx) {
  const {venues} = await get('/api/v1/venues');
  const canManage = ctx.can('venues.manage');
  const out = [h('h1', {}, 'Venues'),
               h('p', {class: 'lede'}, 'Where the kiosks of consultations stand. Reports group answers by venue, ward, area and settlement as the venues are now: a renamed or moved venue shows in every report at once.')];
  const saved = sessionStorage.getItem('soundings.venue-saved');
  if (saved) {
    sessionStorage.removeItem('soundings.venue-saved');
    out.push(notice('success', saved));
  }
  const tableSummary = errorSummary('venue-edit-errors');
  out.push(tableSummary);
  out.push(venues.length
    ? h('div', {class: 'table-wrap'}, h('table', {class: 'data venues'},
        h('caption', {}, `${venues.length} venue${venues.length === 1 ? '' : 's'}`),
        h('thead', {}, h('tr', {}, ['Name', 'Id', ...fields.slice(1).map((f) => f.label)].map(
          (x) => h('th', {scope: 'col'}, x)), canManage ? h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')) : null)),
        h('tbody', {}, venues.map((v) => venueRow(v, canManage, tableSummary)))))
    : notice('info', 'There is no venue yet.'));
  if (canManage) {
    out.push(section('Add a venue',
      h('p', {}, 'Area, settlement and ward may be left empty; the reports then show the venue without them.'),
      addForm(ctx)));
  }
  return out;
}
