// Headless Debian Chromium through playwright-core, and the page helpers the tests share: sign
// in, open a dashboard view and wait until it has rendered, check charts drew, run axe-core.
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';

import {chromium} from 'playwright-core';

import {kChromium} from './prerequisites.mjs';

export async function launch() {
  return chromium.launch({executablePath: kChromium, headless: true,
                          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
}

const require = createRequire(import.meta.url);
const axeSource = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/// A fresh context (its own sessionStorage) with one page; page errors fail the test that reads
/// `errors`.
export async function newPage(browser, baseUrl) {
  // axe-core is injected as an inline script, which the dashboard's CSP would refuse.
  const context = await browser.newContext({baseURL: baseUrl, bypassCSP: true, acceptDownloads: true,
                                            viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) page.errors.push(message.text());
  });
  page.on('dialog', (dialog) => dialog.accept());
  return page;
}

/// Opens a view ("/campaigns/x/overview") and waits until the app says it has rendered it.
export async function open(page, path) {
  if (page.url().includes('/dashboard/')) {
    await page.evaluate(() => { delete document.getElementById('main').dataset.ready; });
    await page.evaluate((p) => { location.hash = `#${p}`; }, path);
  } else {
    await page.goto(`/dashboard/#${path}`);
  }
  await page.waitForSelector(`main[data-ready="${path}"]`);
}

export async function signIn(page, user) {
  await page.goto('/dashboard/#/sign-in');
  await page.waitForSelector('main[data-ready="/sign-in"]');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('form.sign-in button[type=submit]');
  await page.waitForSelector('main[data-ready="/campaigns"]');
}

/// How many charts the page drew, each checked to have painted pixels on its canvas.
export async function drawnCharts(page) {
  await page.waitForFunction(() => (window.soundingsCharts || []).length > 0);
  return page.evaluate(() => window.soundingsCharts.filter((chart) => {
    const canvas = chart.canvas;
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4 * 7) if (pixels[i] !== 0) return true;
    return false;
  }).length);
}

/// axe-core's serious and critical violations on the page as it is now.
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({content: await axeSource});
  }
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, {resultTypes: ['violations']})).violations);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}
