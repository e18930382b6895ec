import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, spaHeaders, test } from './support/fixtures';
import { measureOverflow } from './support/page-overflow';
import { startScenario } from './support/simulator-control';

/** A run of the `mfa` scenario once it waits for a code, with the prompt's id. */
async function waitingRun(request: APIRequestContext): Promise<{ runId: string; promptId: string }> {
  const { id } = await startScenario('mfa', { timeScale: 0.05 });
  let promptId: string | null = null;
  await expect(async () => {
    const body = (await (await request.get(`/api/runs/${id}`)).json()) as { run: { status: string; interaction: { promptId: string } | null } };
    expect(body.run.status).toBe('interaction_required');
    promptId = body.run.interaction?.promptId ?? null;
    expect(promptId).not.toBeNull();
  }).toPass({ timeout: 30_000 });
  return { runId: id, promptId: promptId! };
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('lookup', () => {
  test('the request id of an answer made in Runwatch opens its run, and the lookup is remembered', async ({ page }) => {
    test.setTimeout(60_000);
    const { runId, promptId } = await waitingRun(page.request);
    const answered = await page.request.post(`/api/runs/${runId}/interaction`, { headers: spaHeaders(), data: { promptId, input: { code: '123456' } } });
    expect(answered.status()).toBe(200);
    const requestId = ((await answered.json()) as { run: { upstreamRequestId: string | null } }).run.upstreamRequestId;
    expect(requestId).toMatch(/^req_/);

    await page.goto('/');
    const box = page.getByRole('banner').getByRole('searchbox', { name: 'Run or request ID' });
    await box.fill(`Hi, my answer (request "${requestId}") did nothing?`);
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page.getByTestId('run-summary')).toBeVisible();

    await page.goto('/lookup');
    await expect(page.getByRole('region', { name: 'Your recent lookups' }).getByRole('link', { name: requestId! })).toBeVisible();
  });

  test('an unknown id gets the explanation and a search by time and task', async ({ page }) => {
    await page.goto('/lookup');
    const box = page.getByRole('main').getByRole('textbox', { name: /Run ID, request ID/ });
    await expect(box).toBeFocused();
    await box.fill('req_e2eNeverSeen42');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/lookup\?q=req_e2eNeverSeen42$/);

    const results = page.getByRole('list', { name: 'Lookup results' });
    await expect(results.getByRole('listitem')).toHaveText(/Runwatch has not seen this request\./);
    const help = page.getByRole('region', { name: 'No run known for this request ID' });
    await expect(help).toContainText('Ask the customer for the run ID (trun_…), roughly when the run happened');

    const search = help.getByRole('form', { name: 'Search runs by time and task' });
    await search.getByLabel('Task ID').fill('task_e2eSearch1');
    await search.getByLabel('Created after (your time)').fill('2026-03-02T09:00');
    await search.getByLabel('Created before (your time)').fill('2026-03-02T11:30');
    await search.getByRole('button', { name: 'Search runs' }).click();
    await expect(page).toHaveURL(/\/\?task_id=task_e2eSearch1&created_after=2026-03-02T\d\d%3A00%3A00\.000Z&created_before=2026-03-02T\d\d%3A30%3A00\.000Z$/);
  });

  test('a paste of several ids gives a list of what each is', async ({ page }) => {
    const { id: runId } = await startScenario('long_running', { timeScale: 0.05 });
    const run = (await (await page.request.get(`/api/runs/${runId}`)).json()) as { run: { taskId: string } };
    await page.goto('/lookup');
    const box = page.getByRole('main').getByRole('textbox', { name: /Run ID, request ID/ });
    await box.fill(
      `From the ticket:\n<https://runwatch.example/runs/${runId}>\nreq_e2eNeverSeen43,\n${run.run.taskId}\nsess_e2eSession1 and sk_live_notForTheUrl`,
    );
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/lookup\\?q=${runId}\\+req_e2eNeverSeen43\\+${run.run.taskId}\\+sess_e2eSession1$`));

    const rows = page.getByRole('list', { name: 'Lookup results' }).getByRole('listitem');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toHaveAttribute('data-lookup-id', runId);
    await expect(rows.nth(0)).toHaveAttribute('data-outcome', 'found');
    await expect(rows.nth(0).getByRole('link', { name: runId })).toHaveAttribute('href', `/runs/${runId}`);
    await expect(rows.nth(1)).toHaveAttribute('data-outcome', 'unknown');
    await expect(rows.nth(2)).toContainText(/runs? with this task; the newest:/);
    await expect(rows.nth(3)).toContainText('does not index runs by session');
    await expect(page.getByRole('region', { name: 'Runwatch cannot place 2 of these IDs' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText('notForTheUrl');
  });

  test('Ctrl+K opens the lookup box from anywhere', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('main').click();
    await page.keyboard.press('Control+K');
    await expect(page.getByRole('banner').getByRole('searchbox', { name: 'Run or request ID' })).toBeFocused();

    await page.goto('/lookup');
    await page.getByRole('heading', { level: 1, name: 'Look up a run' }).click();
    await page.keyboard.press('Control+K');
    await expect(page.getByRole('main').getByRole('textbox', { name: /Run ID, request ID/ })).toBeFocused();
  });

  test('on a phone Ctrl+K opens the lookup page, and the answers fit', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.getByRole('main').click();
    await page.keyboard.press('Control+K');
    await expect(page).toHaveURL(/\/lookup$/);
    await expect(page.getByRole('main').getByRole('textbox', { name: /Run ID, request ID/ })).toBeFocused();

    await page.goto('/lookup?q=req_e2eNeverSeen44+task_e2eNoRuns1+trun_e2eNoSuchRun1');
    await expect(page.getByRole('list', { name: 'Lookup results' }).getByRole('listitem')).toHaveCount(3);
    const overflow = await measureOverflow(page);
    expect(overflow.culprits).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('lookup-phone.png'), fullPage: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`the lookup answers have no accessibility violations in ${scheme} mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.setViewportSize({ width: 1440, height: 900 });
      const { id: runId } = await startScenario('long_running', { timeScale: 0.05 });
      await page.goto(`/lookup?q=${runId}+req_e2eNeverSeen45+task_e2eNoRuns2`);
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      await expect(page.getByRole('list', { name: 'Lookup results' }).getByRole('listitem')).toHaveCount(3);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: test.info().outputPath(`lookup-${scheme}.png`), fullPage: true });
    });
  }
});
