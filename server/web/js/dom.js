// Small DOM builders: every text goes in as a text node, never as HTML.

export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// A table: `head` is a list of column headings, `rows` a list of rows whose first cell is a row
/// heading; cells may be strings, nodes or {node, class}.
export function table(caption, head, rows, options = {}) {
  const cell = (tag, value, scope) => {
    const attrs = scope ? {scope} : {};
    if (value && typeof value === 'object' && !(value instanceof Node) && 'content' in value) {
      return h(tag, {...attrs, class: value.class, title: value.title}, value.content);
    }
    return h(tag, attrs, value);
  };
  return h('div', {class: 'table-wrap'},
           h('table', {class: options.class || 'data'},
             caption ? h('caption', {}, caption) : null,
             h('thead', {}, h('tr', {}, head.map((x) => cell('th', x, 'col')))),
             h('tbody', {}, rows.map((row) => h('tr', {}, row.map((x, i) =>
                 i === 0 && options.rowHeadings !== false ? cell('th', x, 'row') : cell('td', x)))))));
}

export function section(title, ...children) {
  return h('section', {class: 'panel'}, h('h2', {}, title), ...children);
}

export function notice(kind, text) {
  return h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
}
