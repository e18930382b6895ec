// Makes sure the e2e suite has a Chromium to drive. Playwright's own download cannot be reached on
// closed networks, so Debian's chromium is the fallback; it is installed when we are root with apt.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from '@playwright/test';

const hasPlaywrightBrowser = (() => {
  try {
    return fs.existsSync(chromium.executablePath());
  } catch {
    return false;
  }
})();
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

if (hasPlaywrightBrowser || systemChromium) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found for the e2e tests; installing Debian chromium…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  process.exit(0);
}

console.error(
  'No Chromium found for the e2e tests. Install one of:\n' +
    '  - Debian/Ubuntu: sudo apt-get install chromium\n' +
    "  - Playwright's own build: npx playwright install chromium",
);
process.exit(1);
