import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { BUNDLE_JSON_NAME, runBundleSchema } from '../src/contract/bundle';
import { readZip } from '../src/server/bundle/read-zip';
import { expect, test } from './support/fixtures';
import { E2E_BASE_URL } from './support/ports';
import { openScenarioRun, pageStatus } from './run-page-support';

/** Ticket-ready: the summary and bundle hold what they must and nothing they must not; the share link reopens the same view. */

async function grantClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E_BASE_URL });
}

async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Downloads the bundle with the header button and opens the zip. */
async function downloadBundle(page: Page, runId: string) {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('ticket-actions').getByRole('button', { name: 'Download bundle' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^runwatch-${runId}-\\d{8}-\\d{6}\\.zip$`));
  const bytes = fs.readFileSync((await download.path())!);
  const files = readZip(bytes);
  const text = files.get(BUNDLE_JSON_NAME)!.toString('utf8');
  return { bytes, files, text, bundle: runBundleSchema.parse(JSON.parse(text)), summary: files.get('SUMMARY.md')!.toString('utf8') };
}

/** Copies with the named header button and returns what landed on the clipboard. */
async function copyWith(page: Page, button: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByTestId('ticket-actions').getByRole('button', { name: button }).click();
  await expect.poll(() => clipboardText(page), { timeout: 10_000 }).not.toBe('');
  return clipboardText(page);
}

test.describe('ticket-ready run', () => {
  test('an answered run: the summary and the bundle carry its story and never the answer; the share link reopens the same shot and tab', async ({ page }) => {
    test.setTimeout(120_000);
    await grantClipboard(page);
    const answer = `Biscuit-${randomBytes(5).toString('hex')}`;
    const runId = await openScenarioRun(page, 'security_question', 0.05);

    const panel = page.getByTestId('interaction-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await panel.getByRole('textbox').first().fill(answer);
    await panel.getByRole('button', { name: 'Send answer' }).click();
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 60_000 });

    // Copy summary: ids, the status history with the prompt and the end, the answer's request id, never the answer.
    const summary = await copyWith(page, 'Copy summary');
    expect(summary).toContain(`### Run \`${runId}\` — Completed`);
    expect(summary).toMatch(/- Task: `task_\w+`/);
    expect(summary).toMatch(/- Source: `src_\w+`|- Credential: `cred_\w+`/);
    expect(summary).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC.* — Queued/);
    expect(summary).toMatch(/\d\d:\d\d:\d\d UTC.* — Needs input\n/);
    expect(summary).toMatch(/\d\d:\d\d:\d\d UTC.* — Completed( \(.+\))?\n/);
    expect(summary).toMatch(/- `req_\w+` — answer \(accepted\) by /);
    expect(summary).toContain(`Link: ${E2E_BASE_URL}/runs/${runId}`);
    expect(summary).not.toContain(answer);

    // Download bundle: a zip with bundle.json and the screenshots, without the answer or signed links.
    const { bytes, files, text, bundle, summary: bundledSummary } = await downloadBundle(page, runId);
    expect(bundle.run.id).toBe(runId);
    expect(bundle.timeline.entries.map((entry) => entry.status)).toEqual(expect.arrayContaining(['queued', 'interaction_required', 'completed']));
    expect(bundle.audit.map((entry) => entry.action)).toContain('interaction.submitted');
    expect(bundle.screenshots.length).toBeGreaterThan(0);
    for (const shot of bundle.screenshots) expect(files.get(shot.file!)?.byteLength).toBeGreaterThan(0);
    expect(text).not.toContain(answer);
    expect(bytes.toString('latin1')).not.toContain(answer);
    expect(text).not.toContain('signature=');
    expect(text).not.toMatch(/sk_live_/);
    expect(bundledSummary).toContain(`### Run \`${runId}\` — Completed`);
    expect(bundledSummary).not.toContain(answer);

    // Share link: pick a shot and the Files tab; the copied link opens both for a colleague.
    const shots = bundle.screenshots.length;
    const pick = Math.max(1, shots - 1);
    await page.goto(`/runs/${runId}?shot=${pick}`);
    await expect(page.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', String(pick));
    await page.getByRole('tab', { name: /Files/ }).click();
    await expect(page).toHaveURL(/tab=files/);
    const link = await copyWith(page, 'Share link');
    expect(link).toBe(`${E2E_BASE_URL}/runs/${runId}?shot=${pick}&tab=files`);

    const colleague = await page.context().newPage();
    await colleague.goto(link);
    await expect(colleague.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', String(pick));
    await expect(colleague.getByRole('tab', { name: /Files/ })).toHaveAttribute('aria-selected', 'true');
    await colleague.close();
  });

  test('a failed run: the summary explains each error and its next step', async ({ page }) => {
    test.setTimeout(60_000);
    await grantClipboard(page);
    const runId = await openScenarioRun(page, 'fail_auth_invalid', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 40_000 });
    await expect(page.getByText('auth_invalid').first()).toBeVisible();

    const summary = await copyWith(page, 'Copy summary');
    expect(summary).toContain(`### Run \`${runId}\` — Failed`);
    expect(summary).toContain('**Result:** Failure');
    expect(summary).toMatch(/1\. `auth` · `auth_invalid`: .+/);
    expect(summary).toMatch(/ {3}- What happened: .+/);
    expect(summary).toMatch(/ {3}- Next step: .+/);
    expect(summary).toMatch(/ — Failed \(result Failure; `auth_invalid`\)/);

    // The bundle carries the same explanations: SUMMARY.md beside the errors' groups in bundle.json.
    const { bundle, summary: bundledSummary } = await downloadBundle(page, runId);
    expect(bundle.errors[0]).toMatchObject({ type: 'auth', code: 'auth_invalid', group: 'request' });
    expect(bundledSummary).toMatch(/ {3}- Next step: .+/);
  });

  test('when the clipboard refuses, the summary is shown selected to copy by hand', async ({ page }) => {
    await page.context().clearPermissions();
    await openScenarioRun(page, 'success', 0.05);
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    });
    await page.getByTestId('ticket-actions').getByRole('button', { name: 'Copy summary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy the summary' });
    await expect(dialog).toBeVisible();
    const area = dialog.getByRole('textbox');
    await expect(area).toBeFocused();
    await expect(area).toHaveValue(/^### Run `trun_\w+`/);
  });
});
