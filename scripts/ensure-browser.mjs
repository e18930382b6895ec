// Makes sure the e2e suite has a Chromium to drive. Playwright's own download cannot be reached on
// closed networks, so Debian's chromium is the fallback; it is installed when we are root with apt.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const playwrightCache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? path.join(os.homedir(), '.cache', 'ms-playwright');
const hasPlaywrightBrowser = fs.existsSync(playwrightCache) && fs.readdirSync(playwrightCache).some((d) => d.startsWith('chromium'));
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

if (hasPlaywrightBrowser || systemChromium) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = fs.existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('No Chromium found for the e2e tests; installing Debian chromium…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  process.exit(0);
}

console.error(
  'No Chromium found for the e2e tests. Install one of:\n' +
    '  - Debian/Ubuntu: sudo apt-get install chromium\n' +
    '  - Playwright\'s own build: npx playwright install chromium',
);
process.exit(1);
