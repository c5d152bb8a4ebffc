// How every browser test starts: with Chromium or the npm packages missing it skips (exit 77)
// or, where SOUNDINGS_REQUIRE_BROWSER_TESTS=1 as in CI, fails, saying what is missing; checked
// before the modules that need playwright-core are loaded. Then the server binary CTest names in
// $SOUNDINGS_SERVER.
import process from 'node:process';

import {whyBrowserTestsCannotRun} from './prerequisites.mjs';

/// The helpers of browser.mjs and server.mjs, and `binary`, for the test called `name`.
export async function browserTestSetup(name) {
  const missing = whyBrowserTestsCannotRun();
  if (missing) {
    const required = process.env.SOUNDINGS_REQUIRE_BROWSER_TESTS === '1';
    console.log(`${required ? 'FAIL' : 'SKIP'} ${name}: ${missing}`);
    process.exit(required ? 1 : 77);
  }
  const binary = process.env.SOUNDINGS_SERVER;
  if (!binary) {
    console.error('Set SOUNDINGS_SERVER to the soundings-server binary.');
    process.exit(2);
  }
  return {...(await import('./browser.mjs')), ...(await import('./server.mjs')), binary};
}
