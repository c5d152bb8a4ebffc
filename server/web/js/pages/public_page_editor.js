// The editor of a consultation's public "you said, we did" page (PUT /api/v1/campaigns/{c}/
// public-page): a summary, the findings HR chooses (a question, the answers counted together,
// "you said" and "we did"), the "who took part" questions, "what we did", contact and publishing.
// The server draws the page itself at /public/campaigns/{c}, every figure suppressed; equality-
// monitoring questions are never offered as findings (the server refuses them too).
import {ApiError, enc, get, put} from '../api.js';
import {h, notice, section} from '../dom.js';

// Names of the fields the server's problem paths refer to, for the error messages.
const fieldNames = {summary: 'Summary', contact: 'Contact', what_we_did: 'What we did',
                    published: 'Published', findings: 'Findings', profile: 'Who took part'};

function textArea(id, value, rows, hint) {
  const area = h('textarea', {id, rows, 'aria-describedby': hint ? `${id}-hint` : null});
  area.value = value || '';
  return area;
}

function textField(id, label, value, rows, hint) {
  return h('div', {class: 'field'}, h('label', {for: id}, label), textArea(id, value, rows, hint),
           hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null);
}

// A readable name for a problem's path: "findings[1].we_did" -> "Finding 2, we did".
function pathName(path) {
  const finding = /^findings\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (finding) {
    const part = {question: 'question', values: 'answers', you_said: 'you said', we_did: 'we did'}[finding[2]];
    return `Finding ${Number(finding[1]) + 1}${part ? `, ${part}` : ''}`;
  }
  const profile = /^profile\[(\d+)\]/.exec(path);
  if (profile) return `Who took part, question ${Number(profile[1]) + 1}`;
  return fieldNames[path] || path;
}

export async function renderPublicPageEditor(campaign) {
  const settings = await get(`/api/v1/campaigns/${enc(campaign)}/public-page`);
  const questions = settings.questions || [];
  const findable = questions.filter((q) => q.finding);
  const questionById = new Map(questions.map((q) => [q.id, q]));
  let findings = (settings.findings || []).map((f) => ({...f, values: [...f.values]}));

  const summary = errorSummary();
  const list = h('div', {id: 'findings-list'});
  const addButton = h('button', {type: 'button', id: 'add-finding', class: 'secondary'}, 'Add a finding');

  // Reads the findings as the form shows them, so adding or removing one keeps what was typed.
  const collect = () => {
    findings = findings.map((f, i) => {
      const question = list.querySelector(`#finding-${i}-question`);
      if (!question) return f;
      const values = [...list.querySelectorAll(`input[name="finding-${i}-values"]`)]
        .filter((box) => box.checked).map((box) => box.value);
      return {question: question.value, values,
              you_said: list.querySelector(`#finding-${i}-you_said`).value,
              we_did: list.querySelector(`#finding-${i}-we_did`).value};
    });
  };

  const answersFor = (i, questionId, chosen) => {
    const q = questionById.get(questionId);
    if (!q) return h('p', {class: 'hint', id: `finding-${i}-values-none`}, 'Choose a question to see its answers.');
    return h('fieldset', {class: 'filters', id: `finding-${i}-values`},
      h('legend', {}, 'Answers counted together'),
      q.values.map((v, j) => h('label', {class: 'check'},
        h('input', {type: 'checkbox', id: `finding-${i}-values-${j}`, name: `finding-${i}-values`,
                    value: v.value, checked: chosen.includes(v.value)}),
        v.label)));
  };

  const findingForm = (f, i) => {
    const select = h('select', {id: `finding-${i}-question`},
      h('option', {value: ''}, 'Choose a question'),
      findable.map((q) => h('option', {value: q.id, selected: q.id === f.question}, q.text)));
    const answers = h('div', {}, answersFor(i, f.question, f.values));
    select.addEventListener('change', () => answers.replaceChildren(answersFor(i, select.value, [])));
    const remove = h('button', {type: 'button', class: 'secondary', id: `finding-${i}-remove`},
                     `Remove finding ${i + 1}`);
    remove.addEventListener('click', () => {
      collect();
      findings.splice(i, 1);
      draw();
      addButton.focus();
    });
    return h('fieldset', {class: 'filters finding', id: `finding-${i}`},
      h('legend', {}, `Finding ${i + 1}`),
      h('div', {class: 'field'}, h('label', {for: `finding-${i}-question`}, 'Question'), select),
      answers,
      textField(`finding-${i}-you_said`, 'You said (optional)', f.you_said, 2,
                'One sentence in residents’ terms. Left empty, the page states the figure.'),
      textField(`finding-${i}-we_did`, 'We did', f.we_did, 3, 'What the council did about it.'),
      remove);
  };

  const draw = () => {
    list.replaceChildren(...findings.map(findingForm));
    if (!findings.length) list.append(h('p', {class: 'hint'}, 'No findings yet: the page shows none.'));
  };
  draw();
  addButton.addEventListener('click', () => {
    collect();
    findings.push({question: '', values: [], you_said: '', we_did: ''});
    draw();
    list.querySelector(`#finding-${findings.length - 1}-question`).focus();
  });

  const profileChoices = questions.filter((q) => q.profile);
  const chosenProfile = new Set(settings.profile || []);
  const profile = h('fieldset', {class: 'filters', id: 'profile'},
    h('legend', {}, 'Who took part (optional)'),
    h('p', {class: 'hint', id: 'profile-hint'},
      'Shown after the findings as counts of people, each suppressed like every figure. Equality-monitoring questions can only appear here.'),
    profileChoices.map((q, j) => h('label', {class: 'check'},
      h('input', {type: 'checkbox', id: `profile-${j}`, name: 'profile', value: q.id,
                  checked: chosenProfile.has(q.id)}),
      `${q.text}${q.equality_monitoring ? ' (equality monitoring)' : ''}`)));

  const published = h('input', {id: 'published', type: 'checkbox'});
  published.checked = Boolean(settings.published);
  const link = h('p', {id: 'public-link'});
  const showLink = (on) => link.replaceChildren(on
    ? h('a', {href: `/public/campaigns/${enc(campaign)}`, target: '_blank', rel: 'noopener'}, 'Open the public page')
    : 'Not published: the public page answers “not found”.');
  showLink(settings.published);
  const result = h('div', {'aria-live': 'polite'});
  const save = h('button', {type: 'submit'}, 'Save');
  const form = h('form', {'aria-label': 'Public results page', novalidate: true},
    summary,
    textField('public-summary', 'Summary', settings.summary, 3,
              'A paragraph or two under the heading: what was asked, of whom, and thanks.'),
    h('h3', {}, 'You said, we did'),
    h('p', {class: 'hint'}, 'Each finding counts the people who gave any of the ticked answers, as a share of the people who answered the question.'),
    list, addButton,
    profile,
    textField('what-we-did', 'What we did', settings.what_we_did, 4,
              'Shown under the findings on the public page. Plain text; no names.'),
    textField('public-contact', 'Contact', settings.contact, 3, 'Email, phone and address, one per line.'),
    h('div', {class: 'field checkbox'}, published, ' ', h('label', {for: 'published'}, 'Published')),
    save, result);

  // The form control a problem's path names, for marking it beside its field.
  const inputFor = (path) => {
    const simple = {summary: 'public-summary', contact: 'public-contact', what_we_did: 'what-we-did',
                    published: 'published', findings: 'add-finding'}[path];
    if (simple) return form.querySelector(`#${simple}`);
    const finding = /^findings\[(\d+)\]\.(question|values|you_said|we_did)/.exec(path);
    if (finding) {
      const [, i, part] = finding;
      if (part === 'values') {
        return form.querySelector(`#finding-${i}-values-0`) || form.querySelector(`#finding-${i}-question`);
      }
      return form.querySelector(`#finding-${i}-${part}`);
    }
    if (path.startsWith('profile')) return form.querySelector('#profile-0');
    return null;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    result.replaceChildren();
    collect();
    const body = {
      what_we_did: form.querySelector('#what-we-did').value,
      published: published.checked,
      summary: form.querySelector('#public-summary').value,
      contact: form.querySelector('#public-contact').value,
      findings: findings.map((f) => {
        const out = {question: f.question, values: f.values, we_did: f.we_did};
        if (f.you_said.trim()) out.you_said = f.you_said;
        return out;
      }),
      profile: [...form.querySelectorAll('input[name="profile"]')].filter((box) => box.checked)
        .map((box) => box.value),
    };
    try {
      const saved = await put(`/api/v1/campaigns/${enc(campaign)}/public-page`, body);
      showErrors(null, summary, form, inputFor);
      showLink(saved.published);
      result.replaceChildren(notice('success', saved.published ? 'Saved and published.' : 'Saved; not published.'));
    } catch (error) {
      showErrors(error, summary, form, inputFor);
    } finally {
      save.disabled = false;
    }
  });
  return section('Public results page (“you said, we did”)', form, link);
}

function errorSummary() {
  return h('div', {class: 'notice error error-summary', id: 'public-page-errors', role: 'alert',
                   tabindex: '-1', hidden: true});
}

// Clears the previous errors, then marks each field the server named beside it and lists them
// all, linked, at the top of the form (the GOV.UK error summary pattern).
function showErrors(error, summary, scope, inputFor) {
  for (const input of scope.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const described = (input.getAttribute('aria-describedby') || '').split(' ')
      .filter((x) => x && x !== `${input.id}-error`);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
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
    const text = `${pathName(p.path)}: ${p.message}`;
    if (input && !input.hasAttribute('aria-invalid')) {
      const messageId = `${input.id}-error`;
      input.setAttribute('aria-invalid', 'true');
      const described = (input.getAttribute('aria-describedby') || '').split(' ')
        .filter((x) => x && x !== messageId);
      input.setAttribute('aria-describedby', [messageId, ...described].join(' '));
      const anchor = input.type === 'checkbox' ? input.closest('fieldset') || input.parentElement : input;
      anchor.insertAdjacentElement(input.type === 'checkbox' ? 'beforeend' : 'afterend',
        h('p', {class: 'field-error', id: messageId}, h('span', {class: 'visually-hidden'}, 'Error: '), text));
    }
    items.push(h('li', {}, input
      ? h('a', {href: `#${input.id}`, onclick: (event) => {
        event.preventDefault();
        input.focus();
      }}, text)
      : text));
  }
  summary.replaceChildren(h('h3', {}, 'There is a problem'), h('p', {}, error.message),
                          items.length ? h('ul', {}, items) : null);
  summary.hidden = false;
  summary.focus();
}
