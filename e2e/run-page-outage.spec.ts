import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';
import { simulatorControl, startScenario } from './support/simulator-control';

test.describe('run page — upstream outage', () => {
  test.afterEach(async () => {
    await simulatorControl('faults', null, 'DELETE');
  });

  test('shows stale data while the upstream is down and goes live again after it recovers', async ({ page }) => {
    await openScenarioRun(page, 'long_running', 1);
    await expect(page.getByText(/Live · updated/)).toBeVisible();
    // A working run is read again every few seconds; a queued one is kept until an event says it changed.
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'running', { timeout: 30_000 });
    const summary = await page.getByTestId('run-summary').innerText();

    await simulatorControl('faults', { kind: '503', count: 1000 });
    await expect(page.getByText(/Stale — upstream unavailable, retrying/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('The Task Run API is not answering')).toBeVisible();
    // The last good data stays on screen, and nothing on it keeps looking live: the runtime stops.
    await expect(page.getByTestId('run-summary')).toHaveText(summary);
    const runtime = page.getByTestId('run-runtime');
    await expect(runtime).toHaveAttribute('data-ticking', 'false');
    await expect(runtime).toContainText('as of the last update');
    await expect(page.locator('header[data-outdated="true"]')).toHaveCount(1);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'running');
    await expectNoAxeViolations(page, 'stale run');

    await simulatorControl('faults', null, 'DELETE');
    await expect(page.getByText(/Live · updated/)).toBeVisible({ timeout: 40_000 });
    await expect(page.getByText('The Task Run API is not answering')).toHaveCount(0);
  });

  test('a run Runwatch has never seen, while the upstream is down, gets a designed state and recovers', async ({ page }) => {
    const { id } = await startScenario('long_running', { timeScale: 1 });
    await simulatorControl('faults', { kind: '503', count: 1000 });
    await page.goto(`/runs/${id}`);
    await expect(page.getByRole('heading', { name: 'The Task Run API is not answering' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: /Try again/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy runwatch request id' })).toBeVisible();
    await expectNoAxeViolations(page, 'upstream down, no data');

    // The upstream is still down, so the page cannot recover on its own before the button is pressed:
    // "Try again" reads the run again, and the read fails as before.
    const retried = page.waitForRequest((request) => new URL(request.url()).pathname === `/api/runs/${id}`);
    await page.getByRole('button', { name: /Try again/ }).click();
    await retried;
    await expect(page.getByRole('heading', { name: 'The Task Run API is not answering' })).toBeVisible();

    await simulatorControl('faults', null, 'DELETE');
    await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('run-id')).toHaveText(id);
  });
});
