// The web dashboard in headless Debian Chromium against the real soundings-server (path in
// $SOUNDINGS_SERVER, given by CTest): sign-in, every page, charts drawn, suppression text shown,
// role rules in the UI and the API, a CSV export, the admin pages, and axe-core on every page.
// Run: SOUNDINGS_SERVER=build/server/soundings-server node tests/browser/dashboard.test.mjs
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {after, before, describe, test} from 'node:test';

import {browserTestSetup} from './support/setup.mjs';

const {apiToken, drawnCharts, launch, newPage, open, seriousViolations, signIn, startServer, binary} =
    await browserTestSetup('dashboard_in_chromium');

const kTimeout = {timeout: 120_000};
let server;
let browser;
const axeFindings = new Map();

async function checkAxe(page, name) {
  axeFindings.set(name, await seriousViolations(page));
}

describe('dashboard', {timeout: 600_000}, () => {
  before(async () => {
    server = await startServer(binary);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('init --demo handed in the demo responses, and the kiosk more through the sync API', () => {
    assert.ok(server.demoResponses > 500, `only ${server.demoResponses} demo responses`);
    assert.equal(server.seeded.accepted, 6);
  });

  test('/ redirects to the dashboard, which is served with its content type and cache rule', async () => {
    const root = await fetch(`${server.baseUrl}/`, {redirect: 'manual'});
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/dashboard/');
    const index = await fetch(`${server.baseUrl}/dashboard/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.match(index.headers.get('content-security-policy'), /default-src 'self'/);
    const chart = await fetch(`${server.baseUrl}/assets/vendor/chart.js/chart.min.js`);
    assert.equal(chart.status, 200);
    assert.match(chart.headers.get('content-type'), /javascript/);
    const traversal = await fetch(`${server.baseUrl}/dashboard/../../../etc/passwd`);
    assert.notEqual(traversal.status, 200);
  });

  test('a wrong password is refused with a message; the right one opens the campaign list', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await page.goto('/dashboard/');
    await page.waitForSelector('main[data-ready="/sign-in"]');
    await checkAxe(page, 'sign-in');
    await page.fill('#username', 'hazel-hr');
    await page.fill('#password', 'not-the-password');
    await page.click('form.sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    assert.match(await page.textContent('#sign-in-error'), /do not match/);
    await signIn(page, server.users.hr);
    assert.match(await page.textContent('main'), /ME2E 360 appraisal 2026/);
    await checkAxe(page, 'campaigns');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr: the overview draws response rates, responses per day and lists the kiosk as seen', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${server.seeded.appraisal}/overview`);
    assert.ok(await drawnCharts(page) >= 2);
    const text = await page.textContent('main');
    assert.match(text, /Response rates by rater group/);
    assert.match(text, /Northallerton Library kiosk/);
    // The kiosk's row: name, id, status, then when it was last seen (never 'never').
    assert.match(text, /Northallerton Library kiosk\s*dev-\d+\s*active\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await checkAxe(page, 'overview');
    await open(page, `/campaigns/${server.seeded.community}/overview`);
    assert.match(await page.textContent('main'), /Responses by venue/);
    assert.ok(await drawnCharts(page) >= 2);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr: an individual report draws its charts and reads "fewer than 3" for a small group', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${server.seeded.appraisal}/subjects`);
    await checkAxe(page, 'subjects');
    await page.click('.subject-list a >> nth=0');
    await page.waitForSelector(`main[data-ready^="/campaigns/${server.seeded.appraisal}/subjects/"]`);
    assert.ok(await drawnCharts(page) >= 3, 'bars, radar and gap chart');
    const text = await page.textContent('main');
    for (const heading of ['Competencies by rater group', 'Self and others', 'Gaps between self and others',
                           'Strengths', 'Development areas', 'Blind spots', 'Hidden strengths', 'Comments']) {
      assert.match(text, new RegExp(heading), heading);
    }
    // Every demo subject has peers or staff below the template's minimum of 3.
    const suppressed = await page.$$eval('td.suppressed', (cells) => cells.map((c) => c.textContent));
    assert.ok(suppressed.length > 0);
    for (const cell of suppressed) assert.match(cell, /^fewer than \d+\*$/);
    assert.match(text, /Blind spots[\s\S]*line of sight|Blind spots[\s\S]*priorities/i);
    // Honest text (issue 11): each group's row says what the report does with it, the PDF's
    // "how to read" section is here, and means have the PDF's two decimals.
    const inReport = await page.$$eval('section:has(h2:text-is("Who responded")) tbody td:last-child',
                                       (cells) => cells.map((c) => c.textContent));
    assert.ok(inReport.length >= 3);
    for (const cell of inReport) assert.match(cell, /^(No responses\.|Scores (shown|not shown)[^]*)$/);
    assert.ok(!inReport.some((cell) => /Shown from/.test(cell)));
    assert.match(text, /How to read this report/);
    const means = await page.$$eval('table.means td', (cells) => cells.map((c) => c.textContent));
    for (const cell of means) assert.match(cell, /^(\d+\.\d\d|fewer than \d+\*|not defined|no responses)$/);
    await checkAxe(page, 'individual');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('button[data-pdf]')]);
    assert.match(pdf.suggestedFilename(), /\.pdf$/);
    assert.equal((await readFile(await pdf.path())).subarray(0, 5).toString(), '%PDF-');
    // Printed: no navigation or buttons (print.css; its chart scaling was checked by eye in a PDF).
    await page.emulateMedia({media: 'print'});
    assert.equal(await page.$eval('.site-header', (e) => getComputedStyle(e).display), 'none');
    assert.equal(await page.$eval('main .actions', (e) => getComputedStyle(e).display), 'none');
    await page.emulateMedia({media: 'screen'});
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the team heatmap and the organisation page draw and show every cell', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${server.seeded.appraisal}/teams`);
    const cells = await page.$$eval('table.heatmap td', (tds) => tds.map((td) => td.textContent.trim()));
    assert.ok(cells.length >= 6);
    for (const cell of cells) assert.match(cell, /^(\d+(\.\d+)?|fewer than \d+\*|not defined)$/);
    assert.ok(await drawnCharts(page) >= 1);
    await checkAxe(page, 'teams');
    await open(page, `/campaigns/${server.seeded.appraisal}/organisation`);
    assert.ok(await drawnCharts(page) >= 2);
    assert.match(await page.textContent('main'), /Training needs/);
    await checkAxe(page, 'organisation');
    // Self-assessment by service (the demo has no service units: teams roll up to a directorate).
    await open(page, `/campaigns/${server.seeded.selfAssessment}/services`);
    assert.ok(await drawnCharts(page) >= 1);
    const means = await page.$$eval('table.means td', (tds) => tds.map((td) => td.textContent.trim()));
    assert.ok(means.length > 0);
    for (const cell of means) assert.match(cell, /^(\d+(\.\d+)?|fewer than \d+\*|not defined)$/);
    await checkAxe(page, 'services');
    await open(page, `/campaigns/${server.seeded.appraisal}/coaching`);
    assert.match(await page.textContent('main'), /coaching and mentoring/);
    await checkAxe(page, 'coaching');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('analyst: consultation results with a segment switch, intervals and "fewer than 5"', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.analyst);
    // An analyst sees aggregates only: no administration, no individual reports.
    assert.equal(await page.$('#nav a[href="#/admin"]'), null);
    assert.equal(await page.$('a[href$="/subjects"]'), null);
    await open(page, `/campaigns/${server.seeded.community}/consultation`);
    await page.waitForSelector('#crosstab-result[data-ready]');
    assert.ok(await drawnCharts(page) >= 2);
    // Small answer groups (equality monitoring, for one) fall below the consultation minimum of 5.
    const venueTable = await page.textContent('main');
    assert.match(venueTable, /fewer than 5\*/);
    await page.selectOption('#crosstab-segment', 'venue_area');
    await page.waitForSelector('#crosstab-result[data-ready$="/venue_area"]');
    const crosstab = await page.textContent('#crosstab-result');
    assert.match(crosstab, /\d+ %, \d+\.\d–\d+\.\d %/, 'a share with its 95 % interval, to one decimal');
    // Responses per day are counts, not estimates: no interval beside them.
    const perDay = await page.$$eval('table', (tables) => tables
      .filter((t) => t.caption && t.caption.textContent === 'Responses per day')
      .map((t) => [...t.querySelectorAll('thead th')].map((th) => th.textContent)));
    assert.deepEqual(perDay, [['Day', 'Responses', 'Share']]);
    await checkAxe(page, 'consultation');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr writes "what we did", publishes the public page and it shows the text', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${server.seeded.community}/consultation`);
    await page.fill('#what-we-did', 'We opened two more play areas in the north.');
    await page.check('#published');
    await page.click('form[aria-label="Public results page"] button[type=submit]');
    await page.waitForSelector('#public-link a');
    await checkAxe(page, 'consultation-editor');
    const href = await page.getAttribute('#public-link a', 'href');
    const html = await (await fetch(`${server.baseUrl}${href}`)).text();
    assert.match(html, /We opened two more play areas in the north\./);
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // The public page itself, as a resident sees it: no sign-in, charts drawn as SVG, small
    // groups read "fewer than N", and axe-core like every other page.
    const resident = await newPage(browser, server.baseUrl);
    const reply = await resident.goto(href);
    assert.equal(reply.status(), 200);
    assert.match(await resident.textContent('body'), /We opened two more play areas in the north\./);
    assert.ok(await resident.$$eval('svg', (svgs) => svgs.length) > 0, 'the public page draws its charts');
    assert.match(await resident.textContent('body'), /fewer than \d+/);
    await checkAxe(resident, 'public-page');
    await resident.context().close();
  });

  test('a manager is told their own report waits for the close, and may not open another person\'s (UI and API)', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.manager);
    assert.equal(await page.$('#nav a[href="#/admin"]'), null, 'no administration for a manager');
    await open(page, `/campaigns/${server.seeded.appraisal}/subjects`);
    const own = await page.$$eval('.subject-list a', (links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(own, [`#/campaigns/${server.seeded.appraisal}/subjects/p1`]);
    // The demo 360 is still collecting: a figure re-read as responses arrive would give away the
    // newest rater's answers, so the manager gets a plain sentence and no figures until it closes.
    await open(page, `/campaigns/${server.seeded.appraisal}/subjects/p1`);
    assert.match(await page.textContent('.still-collecting'), /still collecting responses/);
    assert.equal(await page.getAttribute('main a[href="#/campaigns"]', 'href'), '#/campaigns');
    assert.equal(await page.$$eval('canvas', (c) => c.length), 0);
    await checkAxe(page, 'still-collecting');
    await open(page, `/campaigns/${server.seeded.appraisal}/subjects/p6`);
    assert.match(await page.textContent('.forbidden'), /\S/);
    assert.equal(await page.$$eval('canvas', (c) => c.length), 0);
    await checkAxe(page, 'forbidden');
    await open(page, `/campaigns/${server.seeded.appraisal}/organisation`);
    assert.match(await page.textContent('.forbidden'), /manager/);
    await page.context().close();

    const token = await apiToken(server, server.users.manager);
    const reply = await fetch(`${server.baseUrl}/api/v1/reports/campaigns/${server.seeded.appraisal}/subjects/p6`,
                              {headers: {Authorization: `Bearer ${token}`}});
    assert.equal(reply.status, 403);
    const ownReply = await fetch(`${server.baseUrl}/api/v1/reports/campaigns/${server.seeded.appraisal}/subjects/p1`,
                                 {headers: {Authorization: `Bearer ${token}`}});
    assert.equal(ownReply.status, 409);
    assert.equal((await ownReply.json()).error, 'still_collecting');
  });

  test('hr downloads a CSV export', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`button[data-export="responses.csv"][data-campaign="${server.seeded.appraisal}"]`),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const body = await readFile(await download.path(), 'utf8');
    assert.match(body, /^\uFEFFresponse,/);
    assert.ok(body.split('\r\n').length > 10);
    await page.context().close();
  });

  test('admin: start a campaign, import with a line-by-line error list, print letters, enrol a kiosk, close', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.admin);
    await open(page, '/admin');
    await checkAxe(page, 'admin');

    await page.fill('#new-title', 'Leadership 360, spring 2027');
    await page.fill('#new-id', 'lead-2027');
    await page.selectOption('#new-template', 'me2e-360@2');
    await page.click('form[aria-label="Start a campaign"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Start a campaign"] .notice.success');

    // A people file with two bad lines: nothing is imported and both lines are named.
    await page.setInputFiles('#people-file', {name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(
      'id,display_name,email,unit_id\nq1,Quinn Adams,q1@example.gov.uk,\n,No Id,x@example.gov.uk,\nq2,,q2@example.gov.uk,\n')});
    await page.click('form[aria-label="Import people"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Import people"] table.problems');
    const problems = await page.$$eval('form[aria-label="Import people"] table.problems tbody tr',
                                       (rows) => rows.map((r) => r.textContent));
    assert.ok(problems.some((p) => /people\.csv:3/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /people\.csv:4/.test(p)), problems.join('\n'));
    await checkAxe(page, 'admin-import-errors');
    await page.setInputFiles('#people-file', {name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(
      'id,display_name,email,unit_id\nq1,Quinn Adams,q1@example.gov.uk,\nq2,Rowan Ellis,q2@example.gov.uk,\n')});
    await page.click('form[aria-label="Import people"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Import people"] .notice.success');

    await page.click('button:has-text("Make an enrolment code")');
    await page.waitForSelector('#enrolment-code');
    assert.match(await page.textContent('#enrolment-code'), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);

    await open(page, '/campaigns/lead-2027/admin');
    await page.setInputFiles('#nominations-file', {name: 'nominations.csv', mimeType: 'text/csv', buffer: Buffer.from(
      'subject_id,rater_id,rater_group\nq1,q1,self\nq1,q2,peer\nq1,nobody,peer\n')});
    await page.click('form[aria-label="Import nominations"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Import nominations"] table.problems');
    assert.match(await page.textContent('form[aria-label="Import nominations"] table.problems'),
                 /nominations\.csv:4.*nobody/);
    await page.setInputFiles('#nominations-file', {name: 'nominations.csv', mimeType: 'text/csv', buffer: Buffer.from(
      'subject_id,rater_id,rater_group\nq1,q1,self\nq1,q2,peer\n')});
    await page.click('form[aria-label="Import nominations"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Import nominations"] .notice.success');

    // Raters by name and group label: the imported two (the list redraws after the import), then
    // one added and withdrawn by hand.
    const raterRows = async () => page.$$eval('table.raters tbody tr', (r) => r.map((x) => x.textContent));
    let raters = await raterRows();
    assert.equal(raters.length, 2, raters.join('\n'));
    assert.ok(raters.some((r) => /Quinn Adams.*Rowan Ellis.*Peers \(third-tier managers\)/.test(r)), raters.join('\n'));
    await page.selectOption('#rater-subject', 'q1');
    await page.selectOption('#rater-person', 'p3');
    await page.selectOption('#rater-group', {label: 'Staff'});
    await page.click('form[aria-label="Add a rater"] button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('table.raters tbody tr').length === 3);
    raters = await raterRows();
    assert.ok(raters.some((r) => /Quinn Adams.*Staff.*no code yet/.test(r)), raters.join('\n'));
    assert.match(await page.textContent('section:has(table.raters) .notice.success'), /Added .+ as a rater of Quinn Adams/);
    await checkAxe(page, 'campaign-admin');
    await page.click('button[data-remove="q1/p3"]');
    await page.waitForFunction(() => document.querySelectorAll('table.raters tbody tr').length === 2);
    assert.match(await page.textContent('section:has(table.raters) .notice.success'), /Removed .+ as a rater of Quinn Adams/);

    // A close date: the deadline every letter prints, in this browser's time zone.
    await page.fill('#dates-closes_at', '2030-03-14T17:00');
    await page.click('form[aria-label="Campaign dates"] button[type=submit]');
    await page.waitForSelector('form[aria-label="Campaign dates"] .notice.success');
    assert.match(await page.textContent('form[aria-label="Campaign dates"] .notice.success'), /closes 14 March 2030/);

    await page.click('button:has-text("Make invitations and print letters")');
    await page.waitForSelector('main[data-ready="/campaigns/lead-2027/letters"]');
    const codes = await page.$$eval('.letter-code', (c) => c.map((x) => x.textContent));
    assert.equal(codes.length, 2);
    // Each letter carries the council's logo, loaded (the server's organisation_logo setting).
    await page.waitForFunction(() => [...document.querySelectorAll('.letter-logo')].every((i) => i.complete && i.naturalWidth > 0));
    assert.deepEqual(await page.$$eval('.letter-logo', (l) => l.map((i) => [i.naturalWidth, i.alt])),
                     [[120, 'Demo Borough Council logo'], [120, 'Demo Borough Council logo']]);
    const letters = await page.$$eval('.letter', (l) => l.map((x) => x.textContent));
    for (const letter of letters) {
      assert.match(letter, /Demo Borough Council/);
      assert.match(letter, /https:\/\/soundings\.example\.gov\.uk/);
      assert.doesNotMatch(letter, /127\.0\.0\.1|pooled with others in your group/);
      assert.match(letter, /Please answer by 14 March 2030 at 17:00\./);
    }
    // The peer's letter says what happens to their words, from the template's own minimums.
    const peer = letters.find((l) => /as one of the group/.test(l));
    assert.match(peer, /only once at least \d+ people in it have answered/);
    assert.match(peer, /“Other raters”/);
    await checkAxe(page, 'letters');
    await page.emulateMedia({media: 'print'});
    assert.equal(await page.$eval('.site-header', (e) => getComputedStyle(e).display), 'none');
    assert.equal(await page.$eval('.letter', (e) => getComputedStyle(e).breakAfter), 'page');
    await page.emulateMedia({media: 'screen'});

    // Reminders: nobody has answered, so both raters get a reminder with a new code.
    await open(page, '/campaigns/lead-2027/admin');
    await page.click('button:has-text("Print reminder letters")');
    await page.waitForSelector('main[data-ready="/campaigns/lead-2027/letters"]');
    assert.match(await page.textContent('main h1'), /Reminder letters/);
    const reminderCodes = await page.$$eval('.letter-code', (c) => c.map((x) => x.textContent));
    assert.equal(reminderCodes.length, 2);
    assert.ok(reminderCodes.every((c) => !codes.includes(c)), 'a reminder carries a new code');
    const reminders = await page.$$eval('.letter', (l) => l.map((x) => x.textContent));
    for (const letter of reminders) {
      assert.match(letter, /Reminder/);
      assert.match(letter, /replaces the one in your first letter/);
      assert.match(letter, /Please answer by 14 March 2030 at 17:00\./);
    }
    await checkAxe(page, 'reminder-letters');

    await open(page, '/campaigns/lead-2027/admin');
    await page.click('button[data-state="open"]');
    await page.waitForFunction(() => document.getElementById('campaign-state')?.textContent === 'open');
    await page.click('button[data-state="closing"]');
    await page.waitForFunction(() => document.getElementById('campaign-state')?.textContent === 'closing');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('hr makes a consultation stricter than the server about small groups, never looser', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, '/campaigns/customer-feedback/admin');
    const save = async (cell) => {
      await page.fill('#minimum-cell_minimum', cell);
      await page.click('form[aria-label="Small-group minimums"] button[type=submit]');
      await page.waitForSelector('form[aria-label="Small-group minimums"] .result[data-done] > *');
      const said = await page.textContent('form[aria-label="Small-group minimums"] .result');
      await page.$eval('form[aria-label="Small-group minimums"] .result', (r) => { delete r.dataset.done; });
      return said;
    };
    assert.match(await save('2'), /below this deployment's minimum of 5.*cell_minimum/s);
    assert.match(await save('12'), /Saved: figures need at least 12 people; a group’s comments at least this server’s minimum/);
    const report = await (await fetch(`${server.baseUrl}/api/v1/reports/campaigns/customer-feedback/consultation`,
                                      {headers: {authorization: `Bearer ${await apiToken(server, server.users.hr)}`}})).json();
    assert.equal(report.campaign.cell_minimum, 12);
    await checkAxe(page, 'campaign-admin-consultation');
    assert.match(await save(''), /Saved: figures need at least this server’s minimum/);
    await page.close();
  });

  test('a subject proposes a rater, hr approves it, and the subject sees it approved', kTimeout, async () => {
    const campaign = server.seeded.appraisal;
    const hr = await apiToken(server, server.users.hr);
    const on = await fetch(`${server.baseUrl}/api/v1/campaigns/${campaign}/subject-nominations`, {
      method: 'PUT', headers: {'Authorization': `Bearer ${hr}`, 'Content-Type': 'application/json'},
      body: JSON.stringify({enabled: true})});
    assert.equal(on.status, 200);

    const subject = await newPage(browser, server.baseUrl);
    await signIn(subject, server.users.manager);
    await subject.waitForSelector(`a[href="#/campaigns/${campaign}/my-raters"]`);
    await open(subject, `/campaigns/${campaign}/my-raters`);
    await subject.selectOption('#propose-person', 'p60');
    await subject.selectOption('#propose-group', 'peer');
    await subject.click('form[aria-label="Propose a rater"] button[type=submit]');
    await subject.waitForFunction(() => /awaiting approval/.test(document.querySelector('table.my-raters')?.textContent || ''));
    await checkAxe(subject, 'my-raters');

    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${campaign}/approvals`);
    await page.click('button[data-decide="p1/p60/approve"]');
    await page.waitForFunction(() => !document.querySelector('button[data-decide]') &&
                                     /approved/.test(document.querySelector('table.approvals')?.textContent || ''));
    await checkAxe(page, 'approvals');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    await open(subject, '/campaigns');
    await open(subject, `/campaigns/${campaign}/my-raters`);
    const rows = await subject.$$eval('table.my-raters tbody tr', (r) => r.map((x) => x.textContent));
    assert.ok(rows.some((r) => /approved/.test(r) && !/awaiting/.test(r)), rows.join('\n'));
    assert.deepEqual(subject.errors, []);
    await subject.context().close();
    // Back as it was, for the tests after this one.
    await fetch(`${server.baseUrl}/api/v1/campaigns/${campaign}/subject-nominations`, {
      method: 'PUT', headers: {'Authorization': `Bearer ${hr}`, 'Content-Type': 'application/json'},
      body: JSON.stringify({enabled: false})});
  });

  test('hr previews a report, closes its collection early and releases it to the manager first, then shares it; the subject then reads that frozen report', kTimeout, async () => {
    const campaign = server.seeded.appraisal;
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${campaign}/subjects`);
    assert.match(await page.textContent('.subject-list'), /collecting responses/);
    await open(page, `/campaigns/${campaign}/subjects/p1`);
    assert.match(await page.textContent('.release.preview'), /has not been released/);
    assert.equal(await page.$('button[data-release]'), null, 'no release while the campaign collects');
    // HR ends collection for this one subject, then releases the report to their manager first.
    await page.click('button[data-close-subject]');
    await page.waitForSelector('button[data-release="manager"]');
    assert.match(await page.textContent('.release.preview'), /closed early on \d{4}-\d{2}-\d{2}/);
    await page.click('button[data-release="manager"]');
    await page.waitForSelector('.release.released');
    assert.match(await page.textContent('.release.released'), /to the manager of .+ not yet shared/);
    await checkAxe(page, 'released');
    // The subject is told it is coming, and sees none of it.
    const early = await newPage(browser, server.baseUrl);
    await signIn(early, server.users.manager);
    await open(early, `/campaigns/${campaign}/subjects/p1`);
    assert.match(await early.textContent('main'), /released to your manager first/);
    assert.equal(await early.$('.release'), null);
    await early.context().close();
    await page.click('button[data-share]');
    // 'not yet shared with them' is on the page before the share: wait for the share's date.
    await page.waitForFunction(() => /; shared with .+ on \d{4}-\d{2}-\d{2}/.test(document.querySelector('.release.released')?.textContent || ''));
    assert.equal(await page.$('button[data-share]'), null);

    const hr = await apiToken(server, server.users.hr);
    const closed = await fetch(`${server.baseUrl}/api/v1/campaigns/${campaign}/state`, {
      method: 'POST', headers: {'Authorization': `Bearer ${hr}`, 'Content-Type': 'application/json'},
      body: JSON.stringify({state: 'closed'})});
    assert.equal(closed.status, 200);
    await open(page, `/campaigns/${campaign}/subjects`);
    const states = await page.textContent('.subject-list');
    assert.match(states, /shared with the subject \d{4}-\d{2}-\d{2}/);
    assert.match(states, /ready to release/);
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // The manager whose report it is now reads it: figures drawn, the release's date, no button.
    const manager = await newPage(browser, server.baseUrl);
    await signIn(manager, server.users.manager);
    await open(manager, `/campaigns/${campaign}/subjects/p1`);
    await manager.waitForSelector('.release.released');
    assert.ok(await drawnCharts(manager) >= 1);
    assert.equal(await manager.$('button[data-release]'), null);
    assert.deepEqual(manager.errors, []);
    await manager.context().close();
    const token = await apiToken(server, server.users.manager);
    const reply = await fetch(`${server.baseUrl}/api/v1/reports/campaigns/${campaign}/subjects/p1`,
                              {headers: {Authorization: `Bearer ${token}`}});
    assert.equal(reply.status, 200);
    assert.match((await reply.json()).release.sha256, /^[0-9a-f]{64}$/);
  });

  test('hr: the completion tracker lists every subject and filters those under a minimum', kTimeout, async () => {
    const page = await newPage(browser, server.baseUrl);
    await signIn(page, server.users.hr);
    await open(page, `/campaigns/${server.seeded.appraisal}/completion`);
    const rowCount = async () => (await page.$$('table.completion tbody tr')).length;
    const all = await rowCount();
    assert.ok(all >= 12, `${all} subjects`);
    const lede = await page.textContent('main .lede');
    const under = Number(/; (\d+) under a group's minimum/.exec(lede)[1]);
    const withoutSelf = Number(/; (\d+) without a self-assessment/.exec(lede)[1]);
    // Every demo subject is short somewhere (its reports show suppression); one has no self.
    assert.ok(under > 0 && under <= all, lede);
    assert.ok(withoutSelf > 0 && withoutSelf < all, lede);
    await checkAxe(page, 'completion');
    await page.check('input[data-filter="short"]');
    assert.equal(await rowCount(), under);
    const statuses = await page.$$eval('table.completion tbody tr td:last-child', (c) => c.map((x) => x.textContent));
    for (const status of statuses) assert.equal(status, 'under a minimum');
    const shortCells = await page.$$eval('table.completion td.short', (c) => c.map((x) => x.textContent));
    assert.ok(shortCells.some((text) => /short by \d+ \(needs \d+\)/.test(text)), shortCells.join('\n'));
    await page.uncheck('input[data-filter="short"]');
    assert.equal(await rowCount(), all);
    await page.check('input[data-filter="noSelf"]');
    assert.equal(await rowCount(), withoutSelf);
    await page.uncheck('input[data-filter="noSelf"]');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // A manager reads released reports only: no tracker, and no link to one.
    const manager = await newPage(browser, server.baseUrl);
    await signIn(manager, server.users.manager);
    await manager.waitForSelector('main[data-ready="/campaigns"]');  // where signing in lands
    assert.ok(await manager.$('a[href*="/campaigns/"]'), 'the manager sees campaign links');
    assert.equal(await manager.$('a[href$="/completion"]'), null);
    await manager.context().close();
  });

  test('axe-core finds no serious or critical problem on any page', () => {
    const expected = ['sign-in', 'campaigns', 'overview', 'subjects', 'individual', 'teams', 'organisation', 'services', 'coaching',
                      'consultation', 'consultation-editor', 'public-page', 'forbidden', 'still-collecting', 'released', 'admin', 'admin-import-errors', 'campaign-admin', 'campaign-admin-consultation', 'letters', 'reminder-letters', 'completion', 'my-raters', 'approvals'];
    assert.deepEqual([...axeFindings.keys()].sort(), expected.sort());
    const found = [...axeFindings].filter(([, v]) => v.length).map(([page, v]) => `${page}:\n  ${v.join('\n  ')}`);
    assert.deepEqual(found, []);
  });
});
