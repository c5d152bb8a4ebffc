// Residents' comments on a consultation's text questions: search, a filter by one segment value
// (a group under the comment minimum lists nothing), the question's themes with their counts of
// people, and for HR and administrators renaming, merging and pinning themes for the public page.
// The server redacts names, phone numbers, emails and postcodes for everyone but an administrator
// who asks otherwise (docs/reports.md, "Residents' comments").
import {enc, get, put} from '../api.js';
import {h, notice, section} from '../dom.js';
import {cellText} from '../format.js';

export const name = 'comments';

function commentsUrl(campaign, q) {
  const params = new URLSearchParams();
  if (q.question) params.set('question', q.question);
  if (q.search) params.set('search', q.search);
  if (q.segment) {
    params.set('segment', q.segment);
    params.set('value', q.value);
  }
  if (q.theme) params.set('theme', q.theme);
  if (q.unredacted) params.set('redacted', 'false');
  const query = params.toString();
  return `/api/v1/reports/campaigns/${enc(campaign)}/comments${query ? `?${query}` : ''}`;
}

function countText(d) {
  const people = (n) => `${n} ${n === 1 ? 'comment' : 'comments'}`;
  if (d.withheld) return d.withheld;
  const filtered = d.filter.search || d.filter.segment || d.filter.theme;
  const group = d.segment_people ? ` (${cellText(d.segment_people, 0)} from this group)` : '';
  return filtered ? `${people(d.matched)} of ${d.people} match${group}.` : `${people(d.people)} to this question.`;
}

// One theme: its label, keyphrases and people; with the editing controls when `editable`.
function themeItem(d, t, editable, onEdit) {
  const id = `theme-${t.key.replace(/[^a-z0-9]/gi, '_')}`;
  const keyphrases = t.keyphrases.map((k) => k.text).join(', ');
  const facts = [`${t.people} ${t.people === 1 ? 'person' : 'people'}`];
  if (t.pinned) facts.push('pinned to the public page');
  if (t.merged_into) {
    const into = d.themes.find((x) => x.key === t.merged_into);
    facts.push(`merged into “${into ? into.label : t.merged_into}”`);
  }
  const item = h('li', {class: 'theme', 'data-key': t.key},
    h('h3', {id: `${id}-label`}, t.label),
    h('p', {}, `Keyphrases: ${keyphrases}. `, facts.join('; '), '.'));
  if (!editable) return item;

  const label = h('input', {id: `${id}-rename`, type: 'text', maxlength: 200, value: t.renamed ? t.label : ''});
  const pinned = h('input', {id: `${id}-pinned`, type: 'checkbox', 'data-role': 'pin'});
  pinned.checked = Boolean(t.pinned);
  const others = d.themes.filter((x) => x.key !== t.key && !x.merged_into);
  const merge = h('select', {id: `${id}-merge`, 'data-role': 'merge'},
    h('option', {value: ''}, 'Not merged'),
    others.map((x) => h('option', {value: x.key, selected: x.key === t.merged_into}, x.label)));
  const save = h('button', {type: 'submit'}, 'Save theme');
  const form = h('form', {class: 'theme-edit', 'aria-labelledby': `${id}-label`},
    h('div', {class: 'controls'},
      h('div', {class: 'field'}, h('label', {for: `${id}-rename`}, 'Name'), label,
        h('p', {class: 'hint'}, 'Leave empty to name it by its keyphrases.')),
      h('div', {class: 'field'}, h('label', {for: `${id}-merge`}, 'Merge into'), merge),
      h('div', {class: 'field checkbox'}, pinned, ' ', h('label', {for: `${id}-pinned`}, 'Pin to the public page'))),
    save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    onEdit({theme: t.key, label: label.value.trim(), pinned: pinned.checked, merge_into: merge.value})
      .finally(() => { save.disabled = false; });
  });
  item.append(form);
  return item;
}

export async function render(ctx) {
  const [campaign] = ctx.params;
  const editable = ctx.can('public_page.edit');
  const isAdmin = Boolean(ctx.me && ctx.me.role === 'admin');
  const back = h('p', {}, h('a', {href: `#/campaigns/${enc(campaign)}/consultation`}, 'Back to the results'));
  let first;
  try {
    // Without a question the server answers for the first text question.
    first = await get(commentsUrl(campaign, {}));
  } catch (error) {
    if (error.status !== 400 || !error.problems.some((p) => p.path === 'question')) throw error;
    return [h('h1', {}, 'Residents’ comments'), back,
            notice('info', 'This consultation has no question residents answer in their own words.')];
  }
  return [h('h1', {}, `${first.campaign.title}: residents’ comments`), back,
          ...commentsView(campaign, editable, isAdmin, first)];
}

function commentsView(campaign, editable, isAdmin, first) {
  const out = [];
  const questions = first.questions;
  const q = {question: first.question.id, search: '', segment: '', value: '', theme: '', unredacted: false};

  const questionSelect = h('select', {id: 'comments-question'},
    questions.map((x) => h('option', {value: x.id}, x.equality_monitoring ? `${x.text} (equality monitoring)` : x.text)));
  const search = h('input', {id: 'comments-search', type: 'search', 'aria-describedby': 'comments-search-hint'});
  const segmentSelect = h('select', {id: 'comments-segment'}, h('option', {value: ''}, 'Everyone'));
  const valueSelect = h('select', {id: 'comments-value', disabled: true}, h('option', {value: ''}, '—'));
  const themeSelect = h('select', {id: 'comments-theme'}, h('option', {value: ''}, 'All themes'));
  const unredacted = isAdmin ? h('input', {id: 'comments-unredacted', type: 'checkbox'}) : null;
  const status = h('p', {id: 'comments-status', role: 'status', 'aria-live': 'polite'});
  const themesList = h('ul', {class: 'theme-list', id: 'comments-themes'});
  const stale = h('div', {id: 'comments-stale'});
  const editResult = h('div', {id: 'theme-edit-result', 'aria-live': 'polite'});
  const list = h('ul', {class: 'comment-list', id: 'comments-list'});
  const results = h('div', {id: 'comments-results'});
  let segments = [];
  let latest = 0;

  const fillSegments = (d) => {
    if (segments.length) return;
    segments = d.segments;
    segmentSelect.append(...segments.map((s) =>
      h('option', {value: s.id}, s.equality_monitoring ? `${s.label} (equality monitoring)` : s.label)));
  };
  const fillValues = () => {
    const s = segments.find((x) => x.id === segmentSelect.value);
    valueSelect.replaceChildren(...(s ? s.values.map((v) => h('option', {value: v.value}, v.label))
                                      : [h('option', {value: ''}, '—')]));
    valueSelect.disabled = !s;
  };
  const fillThemes = (d) => {
    const chosen = themeSelect.value;
    themeSelect.replaceChildren(h('option', {value: ''}, 'All themes'),
      ...d.themes.filter((t) => !t.merged_into).map((t) => h('option', {value: t.key}, `${t.label} (${t.people})`)),
      h('option', {value: 'other'}, `Not in a theme (${d.other})`));
    themeSelect.value = [...themeSelect.options].some((o) => o.value === chosen) ? chosen : '';
  };

  const show = (d) => {
    fillSegments(d);
    fillThemes(d);
    status.textContent = countText(d);
    themesList.replaceChildren(...d.themes.map((t) => themeItem(d, t, editable, edit)));
    if (!d.themes.length) {
      themesList.replaceChildren(h('li', {}, d.themes_note || 'No themes: too few comments say the same thing.'));
    }
    stale.replaceChildren(...(d.stale_edits.length
      ? [notice('info', `${d.stale_edits.length} earlier ${d.stale_edits.length === 1 ? 'edit applies' : 'edits apply'} to no theme now (the comments changed): ` +
                d.stale_edits.map((e) => e.label || e.theme).join('; '))]
      : []));
    const themeLabel = Object.fromEntries(d.themes.map((t) => [t.key, t.label]));
    list.replaceChildren(...d.comments.map((c) => h('li', {class: 'comment', 'data-id': c.id},
      h('p', {}, c.text),
      c.theme ? h('p', {class: 'hint'}, `Theme: ${themeLabel[c.theme] || c.theme}`) : null)));
  };

  const key = () => [q.question, q.search, q.segment, q.value, q.theme, q.unredacted].join('|');
  const update = async () => {
    const mine = ++latest;
    results.setAttribute('aria-busy', 'true');
    try {
      const d = await get(commentsUrl(campaign, q));
      if (mine !== latest) return;
      show(d);
    } catch (error) {
      if (mine !== latest) return;
      status.textContent = error.message;
      list.replaceChildren();
    }
    results.removeAttribute('aria-busy');
    results.dataset.ready = key();
  };
  async function edit(change) {
    try {
      const d = await put(`/api/v1/reports/campaigns/${enc(campaign)}/comments/themes`,
                          {question: q.question, ...change});
      editResult.replaceChildren(notice('success', 'Theme saved.'));
      if (q.theme && !d.themes.some((t) => t.key === q.theme && !t.merged_into)) q.theme = '';
      await update();
    } catch (error) {
      editResult.replaceChildren(notice('error', error.message));
    }
  }

  questionSelect.addEventListener('change', () => {
    q.question = questionSelect.value;
    q.theme = '';
    themeSelect.value = '';
    update();
  });
  segmentSelect.addEventListener('change', () => {
    fillValues();
    q.segment = segmentSelect.value;
    q.value = valueSelect.value;
    update();
  });
  valueSelect.addEventListener('change', () => {
    q.value = valueSelect.value;
    update();
  });
  themeSelect.addEventListener('change', () => {
    q.theme = themeSelect.value;
    update();
  });
  unredacted?.addEventListener('change', () => {
    q.unredacted = unredacted.checked;
    update();
  });
  const searchForm = h('form', {role: 'search', 'aria-label': 'Search the comments'},
    h('div', {class: 'controls'},
      h('div', {class: 'field'}, h('label', {for: 'comments-question'}, 'Question'), questionSelect),
      h('div', {class: 'field'}, h('label', {for: 'comments-search'}, 'Words'), search,
        h('p', {class: 'hint', id: 'comments-search-hint'}, 'Comments containing every word, in any case.')),
      h('div', {class: 'field'}, h('label', {for: 'comments-segment'}, 'From'), segmentSelect),
      h('div', {class: 'field'}, h('label', {for: 'comments-value'}, 'Group'), valueSelect),
      h('div', {class: 'field'}, h('label', {for: 'comments-theme'}, 'Theme'), themeSelect)),
    unredacted ? h('div', {class: 'field checkbox'}, unredacted, ' ',
                   h('label', {for: 'comments-unredacted'}, 'Show comments as written (not redacted; this read is audited)'))
               : null,
    h('button', {type: 'submit'}, 'Search'));
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    q.search = search.value.trim();
    update();
  });

  out.push(h('p', {}, 'Names, phone numbers, email addresses and postcodes are hidden. ' +
                      'A group with fewer commenters than the minimum has its comments left out, so no comment can be traced to a small group.'));
  out.push(section('Find comments', searchForm, status));
  out.push(h('div', {}, results));
  results.append(
    section('Themes', editable ? h('p', {}, 'Rename, merge or pin a theme; pinned themes are the ones the public page shows.') : null,
            editResult, stale, themesList),
    section('Comments', list));
  show(first);
  results.dataset.ready = key();
  return out;
}
