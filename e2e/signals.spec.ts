import { createServer, type Server } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { verifyWebhook, webhookSigningKey } from '../src/server/events/webhook-verifier';
import { expect, test } from './support/fixtures';
import { E2E_ALERT_RECEIVER_PORT, E2E_ALERT_WEBHOOK_SECRET, E2E_BASE_URL } from './support/ports';
import { startScenario } from './support/simulator-control';

interface ReceivedAlert {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The receiver the e2e server's RUNWATCH_ALERT_WEBHOOK_URL points at (playwright.config.ts). */
async function startReceiver(): Promise<{ received: ReceivedAlert[]; close(): Promise<void> }> {
  const received: ReceivedAlert[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(E2E_ALERT_RECEIVER_PORT, '127.0.0.1', resolve));
  return {
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Records every notification the page raises, keeping the real Notification (and its permission) underneath. */
function recordNotifications() {
  const win = window as unknown as {
    Notification: typeof Notification;
    __notifications: Array<{ title: string; body?: string; tag?: string }>;
    __notificationObjects: Notification[];
  };
  const Original = win.Notification;
  win.__notifications = [];
  win.__notificationObjects = [];
  const Recording = function (this: unknown, title: string, options?: NotificationOptions) {
    win.__notifications.push({ title, body: options?.body, tag: options?.tag });
    const shown = new Original(title, options);
    win.__notificationObjects.push(shown);
    return shown;
  } as unknown as typeof Notification;
  Object.defineProperty(Recording, 'permission', { get: () => Original.permission });
  Object.defineProperty(Recording, 'requestPermission', { value: (...args: []) => Original.requestPermission(...args) });
  win.Notification = Recording;
}

test.describe('signals', () => {
  test('a run that starts waiting for a person updates the title and favicon, notifies, and is posted to the alert webhook', async ({ page, context }) => {
    test.setTimeout(90_000);
    const receiver = await startReceiver();
    try {
      await context.grantPermissions(['notifications'], { origin: E2E_BASE_URL });
      await context.addInitScript(recordNotifications);
      await page.goto('/');

      // Opting in: the permission is asked from the click, then the setting is saved on the server.
      await page.getByTestId('signals-button').click();
      const panel = page.getByRole('group', { name: 'Signal settings' });
      const desktop = panel.getByRole('switch', { name: 'Desktop notifications' });
      const saved = page.waitForResponse((response) => response.url().endsWith('/api/signals/settings') && response.request().method() === 'PUT');
      await desktop.click();
      expect((await saved).status()).toBe(200);
      await expect(desktop).toBeChecked();
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const results = await new AxeBuilder({ page }).include('[data-testid="signals-button"]').include('[aria-label="Signal settings"]').analyze();
        expect(results.violations.map((violation) => `${colorScheme}: ${violation.id}`)).toEqual([]);
      }
      await page.keyboard.press('Escape');

      // The tab is open (its first poll is the baseline) before the run starts waiting.
      await page.waitForResponse((response) => response.url().endsWith('/api/attention') && response.status() === 200);
      const { id } = await startScenario('mfa', { timeScale: 0.1 });

      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __notifications: Array<{ tag?: string }> }).__notifications.map((n) => n.tag)), {
          timeout: 45_000,
        })
        .toContain(`needs_human:${id}`);
      await expect(page).toHaveTitle(/^\(\d+\) .*Runwatch$/);
      const favicon = page.locator('link[rel~="icon"]').first();
      await expect(favicon).toHaveAttribute('href', /^data:image\/svg\+xml,/);
      expect(Number(await favicon.getAttribute('data-badge-count'))).toBeGreaterThan(0);
      await expect(page.getByTestId('attention-count')).toBeVisible();

      // Clicking the notification opens the run.
      await page.evaluate((tag) => {
        const shown = (window as unknown as { __notificationObjects: Notification[] }).__notificationObjects.find((item) => item.tag === tag);
        shown?.onclick?.(new Event('click'));
      }, `needs_human:${id}`);
      await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));

      // The server's own alert, signed with the configured secret, about this run and nothing of its input.
      await expect.poll(() => receiver.received.filter((alert) => alert.body.includes(id)).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const alert = receiver.received.find((item) => item.body.includes(id))!;
      const body = JSON.parse(alert.body) as { text: string; runwatch: { kind: string; runId: string } };
      expect(body.runwatch).toMatchObject({ kind: 'needs_human', runId: id });
      expect(body.text).toContain('Needs a human');
      const verdict = verifyWebhook({
        headers: {
          id: String(alert.headers['webhook-id']),
          timestamp: String(alert.headers['webhook-timestamp']),
          signature: String(alert.headers['webhook-signature']),
        },
        body: alert.body,
        keys: [webhookSigningKey(E2E_ALERT_WEBHOOK_SECRET)!],
        nowSeconds: Date.now() / 1000,
      });
      expect(verdict.ok).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
