// The dashboard's Venues page (docs/venues.md) in headless Debian Chromium against the real
// soundings-server: hr adds a venue, sees each refused field marked beside it and listed in a
// focused error summary, edits a venue in place; an analyst sees the list without any form; the
// page is axe clean in each state.
// Run: SOUNDINGS_SERVER=build/server/soundings-server node tests/browser/venues.test.mjs
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {browserTestSetup} from './support/setup.mjs';

const {apiToken, launch, newPage, open, seriousViolations, signIn, startServer, binary} =
    await browserTestSetup('venues_in_chromium');

const kTimeout = {timeout: 120_000};
let server;
let browser;

async function venues() {
  const token = await apiToken(server, server.users.hr);
  const response = await fetch(`${server.baseUrl}/api/v1/venues`, {headers: {Authorization: `Bearer ${token}`}});
  assert.equal(response.status, 200);
  return (await response.json()).venues;
}

describe('venues page', {timeout: 600_000}, () => {
  before(async () => {
    server = await startServer(binary, {withResponses: false});
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('hr: refused fields are marked and summarised, then the venue is added', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    assert.match(await page.textContent('#nav-list'), /Venues/);
    await open(page, '/venues');
    assert.match(await page.textContent('table.venues'), /Northallerton Library/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.fill('#new-venue-id', 'Market Hall');
    await page.fill('#new-venue-name', 'Bedale Market Hall');
    await page.fill('#new-venue-postcode', 'nowhere');
    await page.click('form[aria-label="Add a venue"] button[type=submit]');
    await page.waitForSelector('#venue-add-errors:not([hidden])');
    const summary = await page.textContent('#venue-add-errors');
    assert.match(summary, /There is a problem/);
    assert.match(summary, /Id must be lower-case letters/);
    assert.match(summary, /Postcode "nowhere" is not a full UK postcode/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'venue-add-errors');
    assert.equal(await page.getAttribute('#new-venue-id', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#new-venue-postcode', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#new-venue-name', 'aria-invalid'), null);
    assert.match(await page.getAttribute('#new-venue-postcode', 'aria-describedby'), /new-venue-postcode-error/);
    await page.click('#venue-add-errors a >> nth=1');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-venue-postcode');
    assert.deepEqual(await seriousViolations(page), []);

    await page.fill('#new-venue-id', 'bedale-market');
    await page.fill('#new-venue-postcode', 'dl8 1au');
    await page.selectOption('#new-venue-area', 'north');
    await page.selectOption('#new-venue-settlement', 'rural');
    await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
    await page.click('form[aria-label="Add a venue"] button[type=submit]');
    await page.waitForSelector('main[data-ready="/venues"]');
    assert.match(await page.textContent('main'), /Added “Bedale Market Hall” \(bedale-market\)/);
    assert.match(await page.textContent('tr[data-venue="bedale-market"]'), /DL8 1AU/);
    const stored = (await venues()).find((v) => v.id === 'bedale-market');
    assert.equal(stored.postcode, 'DL8 1AU');
    assert.equal(stored.settlement, 'rural');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr: a venue is edited in place, an emptied name is marked on its row', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, '/venues');
    const row = 'tr[data-venue="selby-civic"]';
    await page.click(`${row} button[aria-label="Edit Selby Civic Centre"]`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'edit-selby-civic-name');
    assert.deepEqual(await seriousViolations(page), []);
    await page.fill('#edit-selby-civic-name', '');
    await page.click(`${row} button:has-text("Save")`);
    await page.waitForSelector('#venue-edit-errors:not([hidden])');
    assert.match(await page.textContent('#venue-edit-errors'), /Name is required/);
    assert.equal(await page.getAttribute('#edit-selby-civic-name', 'aria-invalid'), 'true');
    assert.deepEqual(await seriousViolations(page), []);

    await page.fill('#edit-selby-civic-name', 'Selby Civic');
    await page.fill('#edit-selby-civic-ward', 'Selby East');
    await page.click(`${row} button:has-text("Save")`);
    await page.waitForSelector(`${row} button[aria-label="Edit Selby Civic"]`);
    assert.equal(await page.isHidden('#venue-edit-errors'), true);
    assert.match(await page.textContent(row), /Selby East/);
    const stored = (await venues()).find((v) => v.id === 'selby-civic');
    assert.equal(stored.name, 'Selby Civic');
    assert.equal(stored.ward, 'Selby East');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('analyst: the list without forms; manager: no such page', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.analyst);
    await open(page, '/venues');
    assert.match(await page.textContent('table.venues'), /Sherburn Village Hall/);
    assert.equal(await page.locator('form').count(), 0);
    assert.equal(await page.locator('table.venues button').count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();

    const manager = await newPage(browser, server.baseUrl);
    await signIn(manager, server.users.manager);
    assert.doesNotMatch(await manager.textContent('#nav-list'), /Venues/);
    await open(manager, '/venues');
    assert.match(await manager.textContent('main'), /may not open this page/);
    await manager.context().close();
  });
});
