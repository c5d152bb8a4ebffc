// The JSON API as the dashboard calls it: the session token lives in sessionStorage (gone when
// the tab closes) and goes out as "Authorization: Bearer"; every failure becomes an ApiError
// carrying the server's status, code and sentence.

const kTokenKey = 'soundings.token';

export class ApiError extends Error {
  constructor(status, code, message, problems) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems || [];
  }
}

export function token() {
  return sessionStorage.getItem(kTokenKey) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(kTokenKey, value);
  else sessionStorage.removeItem(kTokenKey);
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const message = body && body.message ? body.message
                                       : `The server answered ${response.status}.`;
  return new ApiError(response.status, body && body.error ? body.error : 'error', message,
                      body && body.problems);
}

async function call(method, path, body) {
  const headers = {};
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const init = {method, headers};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function get(path) {
  return (await call('GET', path)).json();
}

export async function put(path, body) {
  return (await call('PUT', path, body)).json();
}

export async function del(path) {
  return (await call('DELETE', path)).json();
}

export async function post(path, body) {
  return (await call('POST', path, body === undefined ? {} : body)).json();
}

/// Downloads a file the server sends as an attachment (exports need the bearer token, so a plain
/// link cannot fetch them): returns the file name.
export async function download(path) {
  const response = await call('GET', path);
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  const name = match ? match[1] : path.split('/').pop();
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

export const enc = encodeURIComponent;
