// Sign-in: username and password for a session token (POST /api/v1/auth/sign-in).
import {ApiError, post, setToken} from '../api.js';
import {h} from '../dom.js';

export const name = 'sign-in';

export async function render(ctx) {
  const error = h('p', {class: 'notice error', role: 'alert', id: 'sign-in-error', hidden: true});
  const username = h('input', {id: 'username', name: 'username', autocomplete: 'username',
                               required: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password',
                               autocomplete: 'current-password', required: true});
  const button = h('button', {type: 'submit'}, 'Sign in');
  const form = h('form', {class: 'sign-in', novalidate: true},
    h('div', {class: 'field'}, h('label', {for: 'username'}, 'Username'), username),
    h('div', {class: 'field'}, h('label', {for: 'password'}, 'Password'), password),
    error, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!username.value || !password.value) {
      error.textContent = 'Enter your username and password.';
      error.hidden = false;
      return;
    }
    button.disabled = true;
    try {
      const session = await post('/api/v1/auth/sign-in',
                                 {username: username.value, password: password.value});
      setToken(session.token);
      await ctx.signedIn();
      const after = sessionStorage.getItem('soundings.after');
      sessionStorage.removeItem('soundings.after');
      ctx.navigate(after && after !== '/sign-in' ? after : '/campaigns');
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401
        ? 'That username and password do not match. Try again.'
        : e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return [h('h1', {}, 'Sign in'),
          h('p', {}, 'Sign in with the account your administrator gave you.'), form];
}
