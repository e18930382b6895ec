import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';

test.describe('run page — live status', () => {
  test('follows a run from queued through running to completed, then stops polling', async ({ page }) => {
    // Several axe passes over a full run page: more than the default budget on a busy machine.
    test.setTimeout(90_000);
    const problems = watchPage(page);
    const runRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/runs\/trun_[^/?]+(\?|$)/.test(request.url())) runRequests.push(request.url());
    });
    // Slow enough that the run stays running for a catch-up pass plus a poll (about 5 s).
    const runId = await openScenarioRun(page, 'success', 0.15);

    await expect(page.getByTestId('run-id')).toHaveText(runId);
    // Seen live: the page moves through the states by itself.
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'running');
    await expect(page.getByText(/Live · updated/)).toBeVisible();
    await expectNoAxeViolations(page, 'running run');

    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expect(page.getByText('Final', { exact: true })).toBeVisible();
    await expect(page.getByTestId('run-summary')).toContainText('Completed in');
    // The tab may lead with the count of runs that need a person, e.g. "(2) ".
    await expect(page).toHaveTitle(/^(\(\d+\) )?Completed · trun_/);

    // The timeline shows what Runwatch observed, in order.
    const history = page.getByRole('list', { name: 'Status history' });
    await expect(history.locator('li[data-status="running"]')).toHaveCount(1);
    await expect(history.locator('li[data-status="completed"]')).toHaveCount(1);

    // The output is a tree; the file is downloadable through Runwatch.
    await expect(page.getByRole('list', { name: 'Run output' })).toBeVisible();
    await page.getByRole('tab', { name: /Files/ }).click();
    await expect(page.getByRole('link', { name: /^Download/ }).first()).toHaveAttribute('href', /^\/api\/runs\/trun_/);
    await expectNoAxeViolations(page, 'completed run');

    // After the terminal status no request for the run leaves the page.
    const settled = runRequests.length;
    await page.waitForTimeout(7_000);
    expect(runRequests.length).toBe(settled);
    expect(problems.errors).toEqual([]);
  });

  test('a fresh load reads the session and the run once each: the reads the HTML started are the ones the page uses', async ({ page }) => {
    test.setTimeout(60_000);
    const runId = await openScenarioRun(page, 'success', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });

    const reads: string[] = [];
    const warnings: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === '/api/session' || pathname === `/api/runs/${runId}`) reads.push(pathname);
    });
    page.on('console', (message) => {
      if (/preload/i.test(message.text())) warnings.push(message.text());
    });
    await page.reload();
    await expect(page).toHaveTitle(/^(\(\d+\) )?Completed · trun_/);
    await expect(page.getByTestId('run-summary')).toContainText('Completed in');
    // The browser warns a few seconds after a load when a preloaded response went unused.
    await page.waitForTimeout(4_000);
    expect(reads.sort()).toEqual(['/api/runs/' + runId, '/api/session']);
    expect(warnings).toEqual([]);
    const html = await (await page.request.get(`/runs/${runId}`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain(`<link rel="preload" as="fetch" crossorigin href="/api/runs/${runId}?include=`);
    expect(html).toContain('<link rel="preload" as="fetch" crossorigin href="/api/session">');
  });

  test('a malformed id gets a designed state without any API request', async ({ page }) => {
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/runs')) apiCalls.push(request.url());
    });
    await page.goto('/runs/not_a_run');
    await expect(page.getByText('That is not a run id')).toBeVisible();
    await expect(page.getByRole('link', { name: /Back to runs/ })).toBeVisible();
    expect(apiCalls).toEqual([]);
    await expectNoAxeViolations(page, 'invalid id');
  });

  test('an unknown run shows "Run not found" with a way back', async ({ page }) => {
    await page.goto('/runs/trun_doesNotExist123');
    await expect(page.getByRole('heading', { name: 'Run not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Back to runs/ })).toHaveAttribute('href', '/');
    await expectNoAxeViolations(page, 'run not found');
  });
});
