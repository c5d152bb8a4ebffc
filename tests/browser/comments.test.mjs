// The residents' comments page in headless Debian Chromium against the real soundings-server
// (path in $SOUNDINGS_SERVER, given by CTest) with the demo's consultations: reached from the
// consultation page, a search, a segment filter that withholds a small group, a theme renamed by
// HR (and no editing for an analyst), and axe-core on the page.
// Run: SOUNDINGS_SERVER=build/server/soundings-server node tests/browser/comments.test.mjs
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {browserTestSetup} from './support/setup.mjs';

const {apiToken, launch, newPage, open, seriousViolations, signIn, startServer, binary} =
    await browserTestSetup('comments_in_chromium');

const kTimeout = {timeout: 120_000};
const kQuestion = 'works_well';
let server;
let browser;
let campaign;
const axeFindings = new Map();

// Runs `action` and waits until the page has shown the comments it asked for.
async function settled(page, action) {
  await page.evaluate(() => { delete document.getElementById('comments-results').dataset.ready; });
  await action();
  await page.waitForSelector('#comments-results[data-ready]:not([aria-busy])');
}

async function listed(page) {
  return page.$$eval('#comments-list li.comment > p:first-child', (items) => items.map((p) => p.textContent));
}

async function status(page) {
  return page.textContent('#comments-status');
}

describe('comments page', {timeout: 600_000}, () => {
  before(async () => {
    server = await startServer(binary);
    campaign = server.seeded.community;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the demo consultation has residents\' comments, redacted for hr', async () => {
    const token = await apiToken(server, server.users.hr);
    const response = await fetch(`${server.baseUrl}/api/v1/reports/campaigns/${campaign}/comments?question=${kQuestion}`,
                                 {headers: {Authorization: `Bearer ${token}`}});
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.redacted, true);
    assert.ok(body.people >= 20, `${body.people} comments`);
    assert.ok(body.themes.length >= 2, 'themes');
    assert.ok(Number.isInteger(body.people));
  });

  test('hr: from the consultation page, search and a segment filter that withholds a small group', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${campaign}/consultation`);
    await page.click('#comments-link');
    await page.waitForSelector(`main[data-ready="/campaigns/${campaign}/comments"]`);
    assert.match(await page.textContent('main h1'), /residents’ comments/);
    await settled(page, () => page.selectOption('#comments-question', kQuestion));
    const all = await listed(page);
    assert.ok(all.length >= 20);
    assert.match(await status(page), new RegExp(`^${all.length} comments to this question\\.$`));
    axeFindings.set('comments', await seriousViolations(page));

    await page.fill('#comments-search', 'PARK');
    await settled(page, () => page.click('form[role=search] button[type=submit]'));
    const parks = await listed(page);
    assert.ok(parks.length > 0 && parks.length < all.length, `${parks.length} of ${all.length}`);
    for (const text of parks) assert.match(text, /park/i);
    assert.match(await status(page), new RegExp(`^${parks.length} comments? of ${all.length} match\\.$`));
    await page.fill('#comments-search', '');
    await settled(page, () => page.click('form[role=search] button[type=submit]'));

    // A venue with enough commenters lists only its own; an age band under the minimum lists none.
    await settled(page, () => page.selectOption('#comments-segment', 'venue'));
    await settled(page, () => page.selectOption('#comments-value', 'northallerton-library'));
    const north = await listed(page);
    assert.ok(north.length >= 5 && north.length < all.length, `${north.length} at the library`);
    assert.match(await status(page), /from this group\)\.$/);
    await settled(page, () => page.selectOption('#comments-segment', 'eq_age_band'));
    await settled(page, () => page.selectOption('#comments-value', 'under_16'));
    assert.deepEqual(await listed(page), []);
    assert.match(await status(page), /^Fewer than 5 people from this group commented/);
    axeFindings.set('comments-withheld', await seriousViolations(page));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr renames a theme; an analyst then reads the new name and has no editing controls', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${campaign}/comments`);
    await settled(page, () => page.selectOption('#comments-question', kQuestion));
    const key = await page.getAttribute('#comments-themes li.theme >> nth=0', 'data-key');
    const theme = `#comments-themes li.theme[data-key="${key}"]`;
    await page.fill(`${theme} input[type=text]`, 'Green spaces, renamed');
    await settled(page, () => page.click(`${theme} button[type=submit]`));
    assert.match(await page.textContent('#theme-edit-result'), /Theme saved/);
    assert.equal(await page.textContent(`${theme} h3`), 'Green spaces, renamed');
    assert.ok((await page.$$eval('#comments-theme option', (o) => o.map((x) => x.textContent)))
      .some((text) => text.startsWith('Green spaces, renamed')));
    axeFindings.set('comments-edited', await seriousViolations(page));
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const analyst = await newPage(browser, server.baseUrl);
    await signIn(analyst, server.users.analyst);
    await open(analyst, `/campaigns/${campaign}/comments`);
    await settled(analyst, () => analyst.selectOption('#comments-question', kQuestion));
    assert.equal(await analyst.textContent(`${theme} h3`), 'Green spaces, renamed');
    assert.equal(await analyst.$('form.theme-edit'), null);
    assert.equal(await analyst.$('#comments-unredacted'), null);
    await analyst.context().close();
  });

  test('axe-core finds no serious or critical problem on the comments page', () => {
    assert.deepEqual([...axeFindings.keys()].sort(), ['comments', 'comments-edited', 'comments-withheld']);
    const found = [...axeFindings].filter(([, v]) => v.length).map(([page, v]) => `${page}:\n  ${v.join('\n  ')}`);
    assert.deepEqual(found, []);
  });
});
