import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LaunchOptions } from '@playwright/test';

/**
 * Launch options for Chromium: Playwright's own build when it is installed, otherwise the system's
 * (Debian's chromium on closed networks, where Playwright cannot download its browsers), started
 * with the flags it needs as root without a network.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!systemChromium || hasPlaywrightChromium()) return {};
  return {
    executablePath: systemChromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}

function hasPlaywrightChromium(): boolean {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? path.join(os.homedir(), '.cache', 'ms-playwright');
  try {
    return fs.readdirSync(cache).some((name) => name.startsWith('chromium'));
  } catch {
    return false;
  }
}
