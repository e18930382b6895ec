import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { measureOverflow } from './support/page-overflow';
import { simulatorControl } from './support/simulator-control';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * One website goes down (the simulator's outage control): every run against it fails with
 * source/source_not_available for a while, next to an unrelated failure elsewhere. The failures view must show it as one group and
 * open exactly those runs.
 */
const stamp = Date.now().toString(36);
const OUTAGE_SOURCE = `src_bankdown${stamp}`;
const OUTAGE_TASK = `task_statements${stamp}`;
const OTHER_SOURCE = `src_shop${stamp}`;
const OUTAGE_RUNS = 4;

async function startRun(scenario: string, sourceId: string, taskId: string): Promise<string> {
  const run = (await simulatorControl('scenarios', { scenario, timeScale: 0.05, sourceId, taskId })) as { id: string };
  return run.id;
}

function groupRow(card: Locator, title: string): Locator {
  return card.getByTestId('failure-group').filter({ hasText: title });
}

function section(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** Ids and statuses of the runs table's rows once it has loaded. */
async function listedRuns(page: Page): Promise<{ ids: string[]; statuses: string[] }> {
  const rows = page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr[data-run-id]');
  await expect(rows.first()).toBeVisible();
  return {
    ids: await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-run-id') ?? '')),
    statuses: await rows.locator('[data-status]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status') ?? '')),
  };
}

let outageIds: string[] = [];
let otherId = '';

test.describe('failures across runs', () => {
  test.beforeAll(async () => {
    await simulatorControl('outages', { sourceId: OUTAGE_SOURCE, durationMs: 10 * 60_000 });
    outageIds = [];
    // The runs ask to succeed; the website being down decides otherwise.
    for (let i = 0; i < OUTAGE_RUNS; i++) outageIds.push(await startRun('success', OUTAGE_SOURCE, OUTAGE_TASK));
    otherId = await startRun('fail_auth_invalid', OTHER_SOURCE, OUTAGE_TASK);
  });

  test.afterAll(async () => {
    await simulatorControl('outages', undefined, 'DELETE');
  });

  test('a website outage is one group, with its count and "since", and opens exactly its failed runs', async ({ page }) => {
    await page.goto('/failures?window=1h');
    await expect(page.getByRole('heading', { level: 1, name: 'Failures' })).toBeVisible();
    await expect(page.getByRole('button', { name: '1h' })).toHaveAttribute('aria-pressed', 'true');

    // The runs fail within seconds; their errors are then read once each. Reload until the report has them.
    const bySource = section(page, 'By website');
    const outageRow = groupRow(bySource, OUTAGE_SOURCE);
    await expect(async () => {
      await page.reload();
      await expect(outageRow.getByTestId('failure-count')).toHaveText(String(OUTAGE_RUNS), { timeout: 2_000 });
      await expect(outageRow).toContainText('source_not_available', { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    await expect(outageRow).toContainText(/since \d{1,2}:\d{2}/);
    await expect(groupRow(bySource, OTHER_SOURCE)).toContainText('auth_invalid');

    // The error group counts the outage under the website's group.
    const byError = section(page, 'By error');
    const errorRow = groupRow(byError, 'source_not_available');
    await expect(errorRow).toContainText('Website');
    expect(Number(await errorRow.getByTestId('failure-count').textContent())).toBeGreaterThanOrEqual(OUTAGE_RUNS);

    // The website row opens the runs list: failed runs of that website, created in the window.
    await outageRow.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`[?&]source_id=${OUTAGE_SOURCE}(&|$)`));
    await expect(page).toHaveURL(/[?&]status=failed(&|$)/);
    await expect(page).toHaveURL(/[?&]created_after=/);
    await expect.poll(async () => (await listedRuns(page)).ids.sort()).toEqual([...outageIds].sort());
    expect(new Set((await listedRuns(page)).statuses)).toEqual(new Set(['failed']));
  });

  test('an error group opens the failed runs with that error, the outage among them and nothing else', async ({ page }) => {
    await page.goto('/failures?window=1h');
    const errorRow = groupRow(section(page, 'By error'), 'source_not_available');
    await expect(async () => {
      await page.reload();
      await expect(errorRow).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 45_000 });
    await errorRow.getByRole('link').click();
    await expect(page).toHaveURL(/[?&]error_code=source_not_available(&|$)/);
    await expect(page).toHaveURL(/[?&]error_group=source(&|$)/);
    await expect.poll(async () => (await listedRuns(page)).ids).toEqual(expect.arrayContaining(outageIds));
    const listed = await listedRuns(page);
    expect(listed.ids).not.toContain(otherId);
    expect(new Set(listed.statuses)).toEqual(new Set(['failed']));

    // The share bar's "Request" group holds the credentials failure.
    await page.goto('/failures?window=1h');
    await page.getByRole('link', { name: /^Request: \d+ failed runs/ }).click();
    await expect(page).toHaveURL(/[?&]error_group=request(&|$)/);
    await expect.poll(async () => (await listedRuns(page)).ids).toContain(otherId);
    expect((await listedRuns(page)).ids).not.toEqual(expect.arrayContaining([outageIds[0]]));
  });

  test('the window picker changes the window and keeps it in the URL', async ({ page }) => {
    await page.goto('/failures');
    await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: '7d' }).click();
    await expect(page).toHaveURL(/[?&]window=7d(&|$)/);
    await expect(page.getByText('failed runs in the last 7 days')).toBeVisible();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`no accessibility violations on the failures page in ${scheme} mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto('/failures?window=1h');
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      await expect(section(page, 'By error').getByTestId('failure-group').first()).toBeVisible({ timeout: 45_000 });
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('the failures page fits a phone: no sideways scrolling at 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/failures?window=24h');
    await expect(section(page, 'By error').getByTestId('failure-group').first()).toBeVisible({ timeout: 45_000 });
    const overflow = await measureOverflow(page);
    expect(overflow.culprits).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewportWidth);
  });
});
