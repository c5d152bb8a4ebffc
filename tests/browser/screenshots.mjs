// Makes docs/screenshots/dashboard-*.png: the real server with the demo organisation and seeded
// responses, in headless Debian Chromium at 1280 px wide.
// Run: node tests/browser/screenshots.mjs build/server/soundings-server
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {drawnCharts, launch, newPage, open, signIn} from './support/browser.mjs';
import {whyBrowserTestsCannotRun} from './support/prerequisites.mjs';
import {startServer} from './support/server.mjs';

const binary = process.argv[2] || process.env.SOUNDINGS_SERVER;
if (!binary || whyBrowserTestsCannotRun()) {
  console.error(binary ? whyBrowserTestsCannotRun() : 'usage: node screenshots.mjs path/to/soundings-server');
  process.exit(2);
}
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

const server = await startServer(binary);
const browser = await launch();
try {
  const page = await newPage(browser, server.baseUrl);
  await signIn(page, server.users.hr);
  const shots = [
    ['dashboard-overview.png', `/campaigns/${server.seeded.appraisal}/overview`],
    ['dashboard-individual.png', `/campaigns/${server.seeded.appraisal}/subjects/p1`],
    ['dashboard-heatmap.png', `/campaigns/${server.seeded.appraisal}/teams`],
    ['dashboard-consultation.png', `/campaigns/${server.seeded.community}/consultation`],
  ];
  for (const [file, path] of shots) {
    await open(page, path);
    await drawnCharts(page);
    if (path.endsWith('/consultation')) await page.waitForSelector('#crosstab-result[data-ready]');
    // Long reports are cut at 2,400 px: enough to show what the page is like.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({path: join(out, file), fullPage: true,
                           clip: {x: 0, y: 0, width: 1280, height: Math.min(height, 2400)}});
    console.log(`wrote docs/screenshots/${file}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
