import fs from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

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

/** True only when this Playwright version's own Chromium build is on disk (not an older one). */
function hasPlaywrightChromium(): boolean {
  try {
    return fs.existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}
