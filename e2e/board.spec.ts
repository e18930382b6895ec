import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../src/contract/bff';
import { expect, test } from './support/fixtures';
import { startScenario } from './support/simulator-control';
import { E2E_ACCOUNTS } from './support/test-accounts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

function boardCard(page: Page, group: string, runId: string) {
  return page.getByTestId(`board-group-${group}`).locator(`[data-testid="board-card"][data-run-id="${runId}"]`);
}

test.describe('the board', () => {
  test('a run that starts waiting for a code shows under "Needs you" with its countdown and is answered from the card', async ({ page }) => {
    await page.goto('/board');
    await expect(page.getByRole('heading', { level: 1, name: 'Board' })).toBeVisible();
    // The prompt comes up after about 1.4 s of login at this time scale.
    const { id } = await startScenario('mfa', { timeScale: 0.1 });

    const card = boardCard(page, 'needs-you', id);
    await expect(card).toBeVisible({ timeout: 20_000 });
    await expect(card.getByTestId('prompt-kind')).toHaveText('One-time code');
    await expect(card.getByTestId('prompt-countdown')).toContainText(/~\d+:\d\d left \(estimate\)/);
    await expect(card.getByText(/6-digit code|code/i).first()).toBeVisible();

    await card.getByRole('button', { name: `Answer the prompt of ${id}` }).click();
    await card.getByRole('textbox').fill('482913');
    const send = card.getByRole('button', { name: 'Send answer' });
    await send.click();
    // The accepted answer puts the run back to work at once: its card leaves "Needs you" for "Running".
    await expect(boardCard(page, 'needs-you', id)).toHaveCount(0, { timeout: 20_000 });
    await expect(boardCard(page, 'running', id).or(boardCard(page, 'just-finished', id))).toBeVisible({ timeout: 20_000 });
  });

  test('a pinned run stays pinned after a reload, from the run page to the board', async ({ page }) => {
    const { id } = await startScenario('long_running', { timeScale: 1 });
    await page.goto(`/runs/${id}`);
    const pin = page.getByRole('button', { name: 'Pin', exact: true });
    await pin.click();
    await expect(page.getByTestId('pin-button')).toHaveAttribute('data-pinned', 'true');

    await page.goto('/board');
    const card = page.locator(`[data-testid="board-card"][data-run-id="${id}"]`);
    await expect(card.getByTestId('pin-button')).toHaveAttribute('data-pinned', 'true', { timeout: 15_000 });
    await page.reload();
    await expect(card.getByTestId('pin-button')).toHaveAttribute('data-pinned', 'true', { timeout: 15_000 });

    // Unpinning takes it off the watchlist again.
    await card.getByTestId('pin-button').click();
    await expect(card.getByTestId('pin-button')).toHaveAttribute('data-pinned', 'false');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`no accessibility violations on the board in ${scheme} mode`, async ({ page }) => {
      await startScenario('security_question', { timeScale: 0.1 });
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto('/board');
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      await expect(page.getByTestId('board-group-needs-you').getByTestId('board-card').first()).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId('board-group-needs-you').getByTestId('prompt-countdown').first()).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('the board fits a phone: no sideways scrolling at 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/board');
    await expect(page.getByTestId('board-group-needs-you')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

/**
 * Stuck thresholds are minutes in production; this part starts a second Runwatch (with its own
 * simulator and data dir) whose queued threshold is 3 s, so a run can wait past it within a test.
 */
test.describe('stuck-run watch', () => {
  let origin = '';
  let simulatorOrigin = '';
  let server: ChildProcess | null = null;
  let dataDir = '';

  test.beforeAll(async () => {
    // Free loopback ports, so this server never collides with another suite's.
    const [port, simulatorPort] = [await freePort(), await freePort()];
    origin = `http://127.0.0.1:${port}`;
    simulatorOrigin = `http://127.0.0.1:${simulatorPort}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-e2e-board-'));
    server = spawn(process.execPath, ['--import', 'tsx', 'e2e/support/start-server.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        RUNWATCH_DATA_DIR: dataDir,
        RUNWATCH_SIMULATOR_PORT: String(simulatorPort),
        RUNWATCH_LOG_LEVEL: 'warn',
        RUNWATCH_STUCK_AFTER_MINUTES: 'queued=0.05',
      },
      stdio: 'ignore',
    });
    await expect(async () => expect((await fetch(`${origin}/healthz`)).ok).toBe(true)).toPass({ timeout: 40_000 });
  });

  test.afterAll(async () => {
    if (server?.pid) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a run queued past the threshold is flagged stuck and counted', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
    try {
      const { name, password } = E2E_ACCOUNTS.operator;
      const signIn = await context.request.post('/api/session', {
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin },
        data: { name, password },
      });
      expect(signIn.status()).toBe(200);

      const created = await fetch(`${simulatorOrigin}/__sim/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'slow_queue' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };

      const page = await context.newPage();
      await page.goto('/board');
      const card = page.getByTestId('board-group-queued').locator(`[data-testid="board-card"][data-run-id="${id}"]`);
      await expect(card).toBeVisible({ timeout: 20_000 });
      await expect(card).toHaveAttribute('data-stuck', 'true', { timeout: 20_000 });
      await expect(card.getByTestId('stuck-flag')).toHaveText('Stuck');
      await expect(page.getByTestId('stuck-count')).not.toHaveText('0 stuck');
    } finally {
      await context.close();
    }
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
