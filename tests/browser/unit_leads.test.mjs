// The dashboard's unit leads form (Administration page) in headless Debian Chromium against the
// real soundings-server: hr sees each unit with its lead, makes a manager the lead of another
// team, then clears it; the server stores each change, and the page stays axe clean.
// Run: SOUNDINGS_SERVER=build/server/soundings-server node tests/browser/unit_leads.test.mjs
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {browserTestSetup} from './support/setup.mjs';

const {apiToken, launch, newPage, open, seriousViolations, signIn, startServer, binary} =
    await browserTestSetup('unit_leads_in_chromium');

const kTimeout = {timeout: 120_000};
let server;
let browser;

async function leadOf(unitId) {
  const token = await apiToken(server, server.users.hr);
  const response = await fetch(`${server.baseUrl}/api/v1/units`, {headers: {Authorization: `Bearer ${token}`}});
  assert.equal(response.status, 200);
  return (await response.json()).units.find((u) => u.id === unitId).lead_person_id;
}

describe('unit leads', {timeout: 300_000}, () => {
  before(async () => {
    server = await startServer(binary, {withResponses: false});
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('hr: a unit gets a lead, then none', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, '/admin');
    const leads = await page.textContent('table.unit-leads');
    assert.match(leads, /Finance/);
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await leadOf('resources-finance'), null);

    const form = 'form[aria-label="Set a unit’s lead"]';
    await page.selectOption('#lead-unit', 'resources-finance');
    await page.selectOption('#lead-person', 'p1');
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('section:has(table.unit-leads) .notice.success');
    assert.match(await page.textContent('section:has(table.unit-leads) .notice.success'), /now leads Finance/);
    assert.match(await page.textContent('table.unit-leads'), /\(p1\)/);
    assert.equal(await leadOf('resources-finance'), 'p1');

    await page.selectOption('#lead-unit', 'resources-finance');
    await page.selectOption('#lead-person', '');
    await page.click(`${form} button[type=submit]`);
    await page.waitForFunction(() => /has no lead now/.test(
        document.querySelector('section:has(table.unit-leads) .notice.success')?.textContent || ''));
    assert.equal(await leadOf('resources-finance'), null);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
