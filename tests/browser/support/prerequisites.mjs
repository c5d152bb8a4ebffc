// What the browser tests need besides Node: Debian's Chromium, and the npm packages that
// scripts/install-deps puts in tests/browser/node_modules (`npm ci`). Imports nothing from npm.
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const kChromium = process.env.SOUNDINGS_CHROMIUM || '/usr/bin/chromium';
const kModules = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

/// An empty string when the tests can run; otherwise the sentence saying what is missing.
export function whyBrowserTestsCannotRun() {
  if (!existsSync(kChromium)) {
    return `${kChromium} is not installed (scripts/install-deps installs Debian's chromium)`;
  }
  for (const name of ['playwright-core', 'axe-core']) {
    if (!existsSync(join(kModules, name, 'package.json'))) {
      return `the npm package ${name} is not in tests/browser/node_modules ` +
             '(scripts/install-deps runs `npm ci` there; it needs the npm registry)';
    }
  }
  return '';
}
