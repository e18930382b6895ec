import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { openScenarioRun, pageStatus } from './run-page-support';

/** Widest element of the page; more than the viewport means the page scrolls sideways. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

/** Screenshots of the states people look at, for reviewing the layout by eye (not compared). */
async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test.describe('run page — on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a run waiting for a code puts the prompt first, above the fold, without sideways scrolling', async ({ page }) => {
    await openScenarioRun(page, 'mfa', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required', { timeout: 30_000 });
    const panel = page.getByTestId('interaction-panel');
    const code = panel.getByRole('textbox', { name: 'One-time code' });
    await expect(code).toBeVisible();
    const box = await code.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);
    const header = await page.getByTestId('run-summary').boundingBox();
    const panelBox = await panel.boundingBox();
    expect(panelBox!.y).toBeLessThan(header!.y);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'mobile-awaiting-input-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, 'mobile-awaiting-input-dark');
  });

  test('a failed run and a run with a gallery fit the width', async ({ page }) => {
    await openScenarioRun(page, 'fail_auth_invalid', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'mobile-failed-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, 'mobile-failed-dark');

    await page.emulateMedia({ colorScheme: 'light' });
    await openScenarioRun(page, 'success', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 30_000 });
    await expect(page.getByTestId('screenshot-gallery')).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'mobile-completed-light');
    // A file's name keeps its room on a phone: its actions wrap below it instead of squeezing it.
    await page.getByRole('tab', { name: /Files/ }).click();
    const fileName = page.getByTestId('file-name').first();
    await expect(fileName).toBeVisible();
    const nameBox = await fileName.boundingBox();
    const downloadBox = await page
      .getByRole('tabpanel')
      .getByRole('link', { name: /^Download/ })
      .first()
      .boundingBox();
    expect(nameBox!.width).toBeGreaterThanOrEqual(200);
    expect(downloadBox!.y).toBeGreaterThan(nameBox!.y + nameBox!.height);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Show raw JSON' }).click();
    await expect(page.getByTestId('raw-json')).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, 'mobile-completed-dark');
  });
});

test.describe('run page — on a wide screen (1440 px)', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('awaiting input, failed and completed runs', async ({ page }) => {
    await openScenarioRun(page, 'mfa', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'interaction_required', { timeout: 30_000 });
    await snap(page, 'wide-awaiting-input-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, 'wide-awaiting-input-dark');

    await openScenarioRun(page, 'drift_loose_errors', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    await snap(page, 'wide-failed-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await snap(page, 'wide-failed-light');

    await openScenarioRun(page, 'many_screenshots', 0.005);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
    await snap(page, 'wide-completed-light');
    await page.getByTestId('shot-main').click();
    await expect(page.getByTestId('shot-lightbox')).toBeVisible();
    const inline = await page.getByTestId('shot-main').boundingBox();
    const large = await page.getByTestId('lightbox-image').boundingBox();
    expect(large!.width).toBeGreaterThan(inline!.width);
    await page.screenshot({ path: test.info().outputPath('wide-lightbox.png') });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap(page, 'wide-completed-dark');
  });
});
