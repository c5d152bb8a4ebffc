// The dashboard: a single page whose address after '#' names the view. Each view is a module in
// pages/ exporting render(ctx) that returns the nodes to show. The server enforces every rule of
// its one access policy (server/core/access.h); GET /api/v1/me lists the caller's permissions
// with their scopes, and the navigation only hides what those do not allow.
import {ApiError, get, post, setToken, token} from './api.js';
import {destroyCharts} from './charts.js';
import {h, notice} from './dom.js';
import * as admin from './pages/admin.js';
import * as campaigns from './pages/campaigns.js';
import * as coaching from './pages/coaching.js';
import * as comments from './pages/comments.js';
import * as completion from './pages/completion.js';
import * as consultation from './pages/consultation.js';
import * as individual from './pages/individual.js';
import * as organisation from './pages/organisation.js';
import * as overview from './pages/overview.js';
import * as raters from './pages/raters.js';
import * as services from './pages/services.js';
import * as signIn from './pages/sign_in.js';
import * as teams from './pages/teams.js';
import * as venues from './pages/venues.js';

// The scope ('all', 'own' or 'led') over which `who` (the reply of GET /api/v1/me) holds
// `permission`, or null when they do not hold it (docs/dashboard.md, "Who sees what").
export function scopeOf(who, permission) {
  return (who && who.permissions && who.permissions[permission]) || null;
}

// Each page with the permission it needs; the pages' own links ask the same permissions.
const routes = [
  {pattern: /^\/sign-in$/, page: signIn, public: true},
  {pattern: /^\/campaigns$/, page: campaigns, needs: 'campaigns.read'},
  {pattern: /^\/campaigns\/([^/]+)\/overview$/, page: overview, needs: 'campaigns.overview'},
  {pattern: /^\/campaigns\/([^/]+)\/completion$/, page: completion, needs: 'campaigns.completion'},
  {pattern: /^\/campaigns\/([^/]+)\/subjects$/, page: individual, needs: 'reports.individual'},
  {pattern: /^\/campaigns\/([^/]+)\/subjects\/([^/]+)$/, page: individual, needs: 'reports.individual'},
  {pattern: /^\/campaigns\/([^/]+)\/teams$/, page: teams, needs: 'reports.teams'},
  {pattern: /^\/campaigns\/([^/]+)\/organisation$/, page: organisation, needs: 'reports.organisation'},
  {pattern: /^\/campaigns\/([^/]+)\/services$/, page: services, needs: 'reports.services'},
  {pattern: /^\/campaigns\/([^/]+)\/coaching$/, page: coaching, needs: 'reports.coaching'},
  {pattern: /^\/campaigns\/([^/]+)\/consultation$/, page: consultation, needs: 'reports.consultation'},
  {pattern: /^\/campaigns\/([^/]+)\/comments$/, page: comments, needs: 'reports.consultation'},
  {pattern: /^\/campaigns\/([^/]+)\/my-raters$/, page: raters, needs: 'nominations.propose'},
  {pattern: /^\/campaigns\/([^/]+)\/approvals$/, page: raters, needs: 'nominations.approve'},
  {pattern: /^\/admin$/, page: admin, needs: 'campaigns.manage'},
  {pattern: /^\/venues$/, page: venues, needs: 'reports.consultation'},
  {pattern: /^\/campaigns\/([^/]+)\/admin$/, page: admin, needs: 'campaigns.manage'},
  {pattern: /^\/campaigns\/([^/]+)\/letters$/, page: admin, needs: 'campaigns.manage'},
];

let me = null;
// After a move within the app, focus goes to the new content (as a page load would put it at
// the top), so keyboard and screen-reader users start reading there.
let moved = false;

async function whoAmI() {
  if (!token()) return null;
  try {
    return await get('/api/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setToken('');
      return null;
    }
    throw error;
  }
}

function renderNav() {
  const nav = document.getElementById('nav');
  const list = document.getElementById('nav-list');
  const who = document.getElementById('who');
  if (!me) {
    nav.hidden = true;
    who.hidden = true;
    return;
  }
  const items = [['#/campaigns', 'Campaigns']];
  if (scopeOf(me, 'campaigns.manage')) items.push(['#/admin', 'Administration']);
  if (scopeOf(me, 'reports.consultation')) items.push(['#/venues', 'Venues']);
  const here = location.hash || '#/campaigns';
  list.replaceChildren(...items.map(([href, text]) =>
    h('li', {}, h('a', {href, 'aria-current': here.startsWith(href) ? 'page' : null}, text))));
  nav.hidden = false;
  document.getElementById('who-name').textContent = `${me.username} (${me.role})`;
  who.hidden = false;
}

function forbidden(text) {
  return [h('h1', {}, 'Not allowed'),
          h('p', {class: 'notice error forbidden', role: 'alert'}, text)];
}

async function show() {
  destroyCharts();
  const main = document.getElementById('main');
  const path = (location.hash || '#/campaigns').slice(1);
  const route = routes.find((r) => r.pattern.test(path));
  if (!me) me = await whoAmI().catch(() => null);
  renderNav();
  if (!route) {
    main.replaceChildren(h('h1', {}, 'Page not found'), notice('error', 'There is no such page.'),
                         h('p', {}, h('a', {href: '#/campaigns'}, 'Back to the campaigns')));
    return;
  }
  if (!route.public && !me) {
    sessionStorage.setItem('soundings.after', path);
    location.hash = '#/sign-in';
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  const ctx = {me, params, path,
               can: (permission) => scopeOf(me, permission) !== null,
               scope: (permission) => scopeOf(me, permission),
               navigate: (to) => { location.hash = to; }, reload: () => show(),
               signedIn: async () => { me = await whoAmI(); renderNav(); }};
  main.setAttribute('aria-busy', 'true');
  let nodes;
  if (route.needs && !ctx.can(route.needs)) {
    nodes = forbidden(`Your role (${me.role}) may not open this page.`);
  } else {
    try {
      nodes = await route.page.render(ctx);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setToken('');
        me = null;
        location.hash = '#/sign-in';
        return;
      }
      if (error instanceof ApiError && error.status === 403) {
        nodes = forbidden(error.message || 'You may not see this.');
      } else if (error instanceof ApiError &&
                 ['still_collecting', 'not_released', 'not_shared'].includes(error.code)) {
        // A 360 still collecting, or a report not yet released or shared: it waits (docs/reports.md).
        nodes = [h('h1', {}, 'Not available yet'),
                 h('p', {class: 'notice info still-collecting', role: 'status'}, error.message),
                 h('p', {}, h('a', {href: '#/campaigns'}, 'Back to the campaign list'))];
      } else {
        nodes = [h('h1', {}, 'Something went wrong'),
                 notice('error', error.message || 'The page could not be shown.')];
      }
    }
  }
  if (path !== (location.hash || '#/campaigns').slice(1)) return;  // moved on meanwhile
  main.replaceChildren(...[nodes].flat());
  main.removeAttribute('aria-busy');
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} — Soundings` : 'Soundings dashboard';
  main.dataset.page = route.page.name || path;
  if (moved) {
    main.focus();
    window.scrollTo(0, 0);
  }
  main.dataset.ready = path;
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await post('/api/v1/auth/sign-out');
  } catch {
    // Signed out locally whatever the server says.
  }
  setToken('');
  me = null;
  location.hash = '#/sign-in';
});

window.addEventListener('hashchange', () => {
  moved = true;
  show();
});
show();
