import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { startScenario } from './support/simulator-control';

function runsTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Runs', exact: true });
}

/** Body rows of the main runs table (the header row excluded). */
function runRows(page: Page): Locator {
  return runsTable(page).locator('tbody tr');
}

test.describe('runs list', () => {
  test("shows the simulator's demo runs", async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
    await expect(runRows(page).first()).toBeVisible();
    expect(await runRows(page).count()).toBeGreaterThanOrEqual(5);
    const firstId = await runRows(page).first().getAttribute('data-run-id');
    expect(firstId).toMatch(/^trun_/);
    // The demo seeds runs in several states, including ones waiting for a person.
    await expect(page.getByRole('table', { name: 'Runs needing a human' })).toBeVisible();
  });

  test('filtering by status narrows the list and is kept in the URL', async ({ page }) => {
    await page.goto('/');
    await expect(runRows(page).first()).toBeVisible();
    await page.getByRole('button', { name: 'Completed', exact: true }).click();
    await expect(page).toHaveURL(/[?&]status=completed(&|$)/);
    await expect(page.getByRole('button', { name: 'Completed', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => [
        ...new Set(
          await runsTable(page)
            .locator('[data-status]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
        ),
      ])
      .toEqual(['completed']);

    // The filtered view survives a reload (shareable link).
    await page.reload();
    await expect(page.getByRole('button', { name: 'Completed', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(runRows(page).first().locator('[data-status]')).toHaveAttribute('data-status', 'completed');

    await page.getByRole('button', { name: 'All statuses' }).click();
    await expect(page).not.toHaveURL(/status=/);
  });

  test('clicking a run opens its page', async ({ page }) => {
    await page.goto('/');
    const firstLink = runRows(page).first().getByRole('link').first();
    const runId = (await firstLink.textContent())?.trim() ?? '';
    expect(runId).toMatch(/^trun_/);
    await firstLink.click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    await expect(page.getByText('Page not found')).toHaveCount(0);
  });

  test('the header lookup box opens a pasted run id', async ({ page }) => {
    await page.goto('/');
    const runId = await runRows(page).first().getAttribute('data-run-id');
    const box = page.getByRole('searchbox', { name: 'Run or request ID' });
    await box.fill(`Customer wrote: "it broke, see https://console.example.com/runs/${runId}?tab=files"`);
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  });

  test('the lookup box explains what it accepts', async ({ page }) => {
    await page.goto('/');
    const box = page.getByRole('searchbox', { name: 'Run or request ID' });
    await box.fill('order 4711');
    await box.press('Enter');
    await expect(page.getByRole('alert')).toContainText('run ID (trun_…)');
    await expect(page).toHaveURL(/\/$/);
  });

  test('an unknown status is shown raw and marked, the rest of the list as usual', async ({ page }) => {
    const unknown = await startScenario('drift_unknown_status', { timeScale: 0.05 });
    await page.goto('/');

    const unknownRow = runsTable(page).locator(`tr[data-run-id="${unknown.id}"]`);
    await expect(unknownRow.locator('[data-status]')).toHaveAttribute('data-status', 'unrecognised', { timeout: 30_000 });
    await expect(unknownRow.locator('[data-status]')).toContainText('paused_by_policy');
    await expect(unknownRow.locator('[data-status]')).toContainText('unrecognised status');
    expect(await runRows(page).locator('[data-status]').count()).toBeGreaterThanOrEqual(5);
  });
});
