import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './run-page-support';
import { expect, test } from './support/fixtures';
import { E2E_SIMULATOR_ORIGIN } from './support/ports';
import { simulatorControl } from './support/simulator-control';

/** A task id of this test's own, so the filtered list holds exactly the runs it starts. */
function uniqueTask(label: string): string {
  return `task_${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function startRun(scenario: string, taskId: string, timeScale = 1): Promise<string> {
  const run = (await simulatorControl('scenarios', { scenario, taskId, timeScale })) as { id: string };
  return run.id;
}

/** Cancel requests the simulator received, by run id. */
async function upstreamCancels(): Promise<string[]> {
  const response = await fetch(`${E2E_SIMULATOR_ORIGIN}/__sim/stats`);
  const { requests } = (await response.json()) as { requests: Array<{ method: string; path: string }> };
  return requests.flatMap((r) => {
    const match = r.method === 'POST' ? /\/task-runs\/([^/]+)\/cancel$/.exec(r.path) : null;
    return match ? [match[1]!] : [];
  });
}

function listRows(page: Page) {
  return page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr');
}

test.describe('runs list — bulk cancel, export, keyboard', () => {
  test('bulk cancel of a filtered set cancels exactly that set, audited per run', async ({ page }) => {
    test.setTimeout(120_000);
    const task = uniqueTask('bulk');
    const targets = [await startRun('long_running', task), await startRun('long_running', task), await startRun('long_running', task)];
    const finished = await startRun('success', task, 0.01);
    const bystander = await startRun('long_running', uniqueTask('other'));

    await page.goto(`/?task_id=${task}`);
    // The list follows the upstream's events: all four runs show, the finished one finished.
    await expect(listRows(page)).toHaveCount(4, { timeout: 30_000 });
    await expect(page.locator(`tr[data-run-id="${finished}"]`)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expectNoAxeViolations(page, 'filtered runs list');

    await page.getByRole('button', { name: 'Cancel all matching the filter…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel 3 runs?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('1 of the picked runs is already finished');
    // The preview lists exactly the runs that will be sent.
    const previewed = await dialog.locator('li[data-run-id]').evaluateAll((items) => items.map((li) => li.getAttribute('data-run-id')));
    expect(previewed.sort()).toEqual([...targets].sort());
    await expect(dialog.getByRole('button', { name: 'Keep them running' })).toBeFocused();
    await expectNoAxeViolations(page, 'bulk cancel preview');

    const cancelsBefore = await upstreamCancels();
    await dialog.getByRole('button', { name: 'Cancel 3 runs' }).click();
    const progress = page.getByRole('dialog', { name: 'Canceling runs' });
    await expect(progress).toContainText('Cancel requested for 3 runs.', { timeout: 30_000 });
    for (const id of targets) await expect(progress.locator(`li[data-run-id="${id}"]`)).toHaveAttribute('data-outcome', 'requested');

    // The upstream got one cancel per target and none for the others.
    const sent = (await upstreamCancels()).slice(cancelsBefore.length);
    expect(sent.sort()).toEqual([...targets].sort());
    for (const id of targets) {
      const audit = await (await page.request.get(`/api/runs/${id}/audit`)).json();
      expect((audit as { entries: Array<{ action: string }> }).entries.filter((e) => e.action === 'run.canceled')).toHaveLength(1);
    }
    for (const id of [finished, bystander]) {
      const audit = await (await page.request.get(`/api/runs/${id}/audit`)).json();
      expect((audit as { entries: unknown[] }).entries).toEqual([]);
    }

    await progress.getByRole('button', { name: 'Close' }).click();
    for (const id of targets) {
      await expect(page.locator(`tr[data-run-id="${id}"]`)).toHaveAttribute('data-run-status', /^cancel/, { timeout: 30_000 });
    }
    const bystanderRun = await (await page.request.get(`/api/runs/${bystander}`)).json();
    expect((bystanderRun as { run: { status: string } }).run.status).not.toMatch(/cancel/);
  });

  test('selected rows: only the picked ones are previewed and canceled', async ({ page }) => {
    test.setTimeout(90_000);
    const task = uniqueTask('pick');
    const [picked, kept] = [await startRun('long_running', task), await startRun('long_running', task)];
    await page.goto(`/?task_id=${task}`);
    await expect(listRows(page)).toHaveCount(2, { timeout: 30_000 });
    await page.getByRole('checkbox', { name: `Select ${picked}` }).check();
    await expect(page.getByTestId('selection-bar')).toContainText('1 run selected');
    await page.getByRole('button', { name: 'Cancel selected…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel 1 run?' });
    await expect(dialog.locator('li[data-run-id]')).toHaveCount(1);
    await expect(dialog.locator(`li[data-run-id="${picked}"]`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel 1 run' }).click();
    await expect(page.getByRole('dialog', { name: 'Canceling runs' })).toContainText('Cancel requested for 1 run.', { timeout: 30_000 });
    const keptRun = await (await page.request.get(`/api/runs/${kept}`)).json();
    expect((keptRun as { run: { status: string } }).run.status).not.toMatch(/cancel/);
  });

  test('exports the filtered list as CSV and JSON', async ({ page }) => {
    const task = uniqueTask('export');
    const ids = [await startRun('long_running', task), await startRun('long_running', task)];
    await page.goto(`/?task_id=${task}`);
    await expect(listRows(page)).toHaveCount(2, { timeout: 30_000 });

    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(csvHref).toContain(`task_id=${task}`);
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).split('\r\n').filter(Boolean);
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['id', 'status']);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual([...ids].sort());
    // No cell opens as a formula in a spreadsheet.
    for (const line of lines) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(download.suggestedFilename()).toMatch(/^runwatch-runs-.*\.json$/);
    const json = await page.request.get((await page.getByTestId('export-json').getAttribute('href'))!);
    const body = (await json.json()) as { runs: Array<{ id: string; task_id: string }>; count: number; truncated: boolean };
    expect(body.count).toBe(2);
    expect(body.truncated).toBe(false);
    expect(body.runs.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  test('keyboard: j/k move over rows, Enter opens, ? shows the sheet, g r returns to the list', async ({ page }) => {
    const task = uniqueTask('keys');
    await startRun('long_running', task);
    await startRun('long_running', task);
    await page.goto(`/?task_id=${task}`);
    await expect(listRows(page)).toHaveCount(2, { timeout: 30_000 });
    const rows = listRows(page);
    const first = await rows.nth(0).getAttribute('data-run-id');
    const second = await rows.nth(1).getAttribute('data-run-id');

    await page.locator('body').press('j');
    await expect(rows.nth(0).getByRole('link', { name: first! })).toBeFocused();
    await page.keyboard.press('j');
    await expect(rows.nth(1).getByRole('link', { name: second! })).toBeFocused();
    await page.keyboard.press('k');
    await expect(rows.nth(0).getByRole('link', { name: first! })).toBeFocused();

    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('Next item');
    await expect(sheet).toContainText('Go to the board');
    await expectNoAxeViolations(page, 'shortcuts sheet');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    // Typing in a field is never taken as a shortcut.
    const sourceBox = page.getByRole('textbox', { name: 'Source' });
    await sourceBox.focus();
    await page.keyboard.press('j');
    await expect(sourceBox).toBeFocused();
    await expect(sourceBox).toHaveValue('j');
    await sourceBox.fill('');
    await page.locator('h1').click();

    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/runs/${first}$`));
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  });

  test('a on a row waiting for an answer opens the run at its prompt', async ({ page }) => {
    const task = uniqueTask('answer');
    const asking = await startRun('mfa', task, 0.05);
    await page.goto(`/?task_id=${task}`);
    const row = page.locator(`tr[data-run-id="${asking}"]`);
    await expect(row.first()).toHaveAttribute('data-run-status', 'interaction_required', { timeout: 30_000 });
    await expect(row.first().getByTestId('run-row-waited')).toContainText('Waiting for a person for');
    await page.getByRole('heading', { level: 1, name: 'Runs' }).click();
    // The needs-a-human panel lists the run first; j lands on it there.
    await page.keyboard.press('j');
    await expect(page.getByRole('link', { name: asking }).first()).toBeFocused();
    await page.keyboard.press('a');
    await expect(page).toHaveURL(new RegExp(`/runs/${asking}#interaction-title$`));
    await expect(page.getByTestId('interaction-panel')).toBeVisible();
  });

  test('axe finds nothing on the list in light and dark, and the list fits a phone', async ({ page }) => {
    test.setTimeout(90_000);
    const task = uniqueTask('look');
    await startRun('long_running', task);
    await startRun('fail_auth_invalid', task, 0.01);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/?task_id=${task}`);
      await expect(listRows(page)).toHaveCount(2, { timeout: 30_000 });
      await expectNoAxeViolations(page, `runs list (${scheme})`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/?task_id=${task}`);
    await expect(listRows(page)).toHaveCount(2, { timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
