// The public "you said, we did" page in headless Debian Chromium against the real soundings-server
// (init --demo publishes one for community-2026): what a resident reads (the council, the dates,
// the people, findings as shares of people with "we did", contact), HR editing the findings
// through the dashboard's editor with errors shown by field, and axe-core on both.
// Run: SOUNDINGS_SERVER=build/server/soundings-server node tests/browser/public_page.test.mjs
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {browserTestSetup} from './support/setup.mjs';

const {apiToken, launch, newPage, open, seriousViolations, signIn, startServer, binary} =
    await browserTestSetup('public_page_in_chromium');

const kTimeout = {timeout: 120_000};
const kCampaign = 'community-2026';
let server;
let browser;

async function editorSettings() {
  const token = await apiToken(server, server.users.hr);
  const reply = await fetch(`${server.baseUrl}/api/v1/campaigns/${kCampaign}/public-page`,
                            {headers: {Authorization: `Bearer ${token}`}});
  assert.equal(reply.status, 200);
  return reply.json();
}

describe('public page', {timeout: 600_000}, () => {
  before(async () => {
    server = await startServer(binary);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the demo publishes a page a resident can read, without signing in', kTimeout, async () => {
    const resident = await newPage(browser, server.baseUrl);
    const reply = await resident.goto(`/public/campaigns/${kCampaign}`);
    assert.equal(reply.status(), 200);
    assert.match(reply.headers()['content-security-policy'], /default-src 'none'/);
    assert.equal(await resident.textContent('.govuk-header__content'),
                 'Demo Borough CouncilConsultation results: you said, we did');
    assert.equal(await resident.textContent('h1'), 'Me, my life, my community');
    const summary = await resident.$$eval('.govuk-summary-list__row', (rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector('dt').textContent, r.querySelector('dd').textContent])));
    assert.match(summary.Dates, /^\d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}$/);
    assert.match(summary['People who took part'], /^\d+$/);
    assert.ok(Number(summary['People who took part']) >= 268, summary['People who took part']);
    // Two findings, each a share of people with its bar, its text alternative and "we did".
    const findings = await resident.$$eval('section.app-finding', (sections) => sections.map((s) => ({
      figure: s.querySelector('.app-figure__number')?.textContent,
      sentence: s.querySelector('.app-figure__number')?.parentElement.textContent,
      bar: s.querySelector('svg[role="img"]')?.getAttribute('aria-label'),
      weDid: s.querySelector('.govuk-inset-text')?.textContent})));
    assert.equal(findings.length, 2);
    for (const f of findings) {
      assert.match(f.figure, /^\d+%$/);
      assert.match(f.sentence, /of the \d+ people who answered chose “.+” \(\d+ people\)\./);
      assert.match(f.bar, /^\d+% of people who answered chose/);
      assert.match(f.weDid, /^We did.+/);
    }
    assert.ok(await resident.$('a[href="mailto:community@demo-borough.example"]'), 'contact email');
    assert.equal(await resident.$('script'), null);
    assert.deepEqual(await seriousViolations(resident), []);
    await resident.context().close();
  });

  test('hr adds a finding in the editor, sees errors by field, and the page shows it', kTimeout, async () => {
    const settings = await editorSettings();
    const places = settings.questions.find((q) => q.id === 'places');
    const park = places.values.find((v) => v.value === 'park');
    const equality = settings.questions.filter((q) => q.equality_monitoring).map((q) => q.id);
    assert.ok(equality.length > 0, 'the demo template has equality-monitoring questions');

    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${kCampaign}/consultation`);
    const offered = await page.$$eval('#finding-0-question option', (options) => options.map((o) => o.value));
    for (const id of equality) assert.ok(!offered.includes(id), `${id} is not offered as a finding`);

    const index = settings.findings.length;
    await page.click('#add-finding');
    await page.selectOption(`#finding-${index}-question`, 'places');
    await page.check(`#finding-${index} input[value="park"]`);
    await page.fill(`#finding-${index}-you_said`, 'Parks are where families go most.');
    // "We did" left empty: the server names the field and the editor marks it.
    await page.click('form[aria-label="Public results page"] button[type=submit]');
    await page.waitForSelector('#public-page-errors:not([hidden])');
    assert.match(await page.textContent('#public-page-errors'), new RegExp(`Finding ${index + 1}, we did: must say what was done`));
    assert.equal(await page.getAttribute(`#finding-${index}-we_did`, 'aria-invalid'), 'true');
    assert.deepEqual(await seriousViolations(page), []);

    await page.fill(`#finding-${index}-we_did`, 'We are adding benches and a water fountain to the three busiest parks.');
    await page.fill('#public-contact', 'Email: parks@demo-borough.example');
    await page.click('form[aria-label="Public results page"] button[type=submit]');
    await page.waitForSelector('.notice.success');
    assert.equal(await page.$('#public-page-errors:not([hidden])'), null);
    assert.equal(await page.$('[aria-invalid="true"]'), null);
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const saved = await editorSettings();
    assert.equal(saved.findings.length, index + 1);
    assert.deepEqual(saved.findings[index], {question: 'places', values: ['park'],
                                             you_said: 'Parks are where families go most.',
                                             we_did: 'We are adding benches and a water fountain to the three busiest parks.'});

    const resident = await newPage(browser, server.baseUrl);
    assert.equal((await resident.goto(`/public/campaigns/${kCampaign}`)).status(), 200);
    const last = resident.locator('section.app-finding').last();
    assert.match(await last.textContent(), /Parks are where families go most\./);
    assert.match(await last.textContent(), new RegExp(`of the \\d+ people who answered chose “${park.label}”`));
    assert.match(await last.textContent(), /benches and a water fountain/);
    assert.ok(await resident.$('a[href="mailto:parks@demo-borough.example"]'));
    for (const q of settings.questions.filter((x) => x.equality_monitoring)) {
      assert.ok(!(await resident.textContent('main')).includes(q.text), `${q.id} is not on the page`);
    }
    assert.deepEqual(await seriousViolations(resident), []);
    await resident.context().close();
  });
});
