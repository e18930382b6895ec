import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/browser-launch';
import { E2E_ALERT_RECEIVER_PORT, E2E_ALERT_WEBHOOK_SECRET, E2E_BASE_URL, E2E_PORT, E2E_SIMULATOR_PORT } from './e2e/support/ports';

/**
 * E2E runs against the production build served by the real server, which starts its embedded
 * simulator on a fixed loopback port so specs can drive scenarios through its control endpoints.
 */
// The config is evaluated by the runner and again by each worker; the variable makes them share one
// data directory, which the global teardown removes.
process.env.RUNWATCH_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-e2e-'));
const dataDir = process.env.RUNWATCH_E2E_DATA_DIR;

export default defineConfig({
  testDir: 'e2e',
  globalTeardown: './e2e/support/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions(),
      },
    },
  ],
  webServer: {
    command: 'node --import tsx e2e/support/start-server.ts',
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      RUNWATCH_DATA_DIR: dataDir,
      RUNWATCH_SIMULATOR_PORT: String(E2E_SIMULATOR_PORT),
      RUNWATCH_LOG_LEVEL: 'warn',
      RUNWATCH_ALERT_WEBHOOK_URL: `http://127.0.0.1:${E2E_ALERT_RECEIVER_PORT}/alerts`,
      RUNWATCH_ALERT_WEBHOOK_SECRET: E2E_ALERT_WEBHOOK_SECRET,
    },
  },
});
