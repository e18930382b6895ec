import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';

test.describe('run page — screenshot gallery', () => {
  test('hundreds of screenshots: windowed filmstrip, keyboard navigation, deep links, large view', async ({ page }) => {
    test.setTimeout(90_000);
    const runId = await openScenarioRun(page, 'many_screenshots', 0.005);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
    const gallery = page.getByTestId('screenshot-gallery');
    await expect(gallery.getByText(/^Screenshot \d+ of \d+$/).first()).toBeVisible();
    const total = Number(
      (
        await gallery
          .getByText(/^Screenshot \d+ of \d+$/)
          .first()
          .innerText()
      ).match(/of (\d+)/)![1],
    );
    expect(total).toBeGreaterThanOrEqual(300);

    // Only the thumbnails in view are mounted.
    expect(await page.locator('[data-testid="filmstrip"] img').count()).toBeLessThan(40);

    // A finished run opens on its last screenshot; the keyboard moves through the strip.
    const selected = page.locator('[data-testid="filmstrip"] button[aria-current="true"]');
    await expect(selected).toHaveAttribute('data-position', String(total));
    await selected.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(new RegExp(`\\?shot=${total - 1}$`));
    await expect(selected).toHaveAttribute('data-position', String(total - 1));
    await expect(selected).toBeFocused();
    await page.keyboard.press('Home');
    await expect(page).toHaveURL(/\?shot=1$/);
    await expect(selected).toHaveAttribute('data-position', '1');
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/\?shot=2$/);
    await page.keyboard.press('End');
    await expect(page).toHaveURL(new RegExp(`\\?shot=${total}$`));
    expect(await page.locator('[data-testid="filmstrip"] img').count()).toBeLessThan(40);

    // Hundreds of screenshots: the timeline groups them into a few counted ticks, not one grey band.
    const ticks = page.getByTestId('timeline-shots').getByRole('button');
    expect(await ticks.count()).toBeLessThanOrEqual(16);
    await expect(ticks.first()).toHaveAccessibleName(/^Screenshots 1–\d+ \(\d+\); open screenshot 1$/);

    // Deep link straight to a shot: the gallery scrolls into view.
    await page.goto(`/runs/${runId}?shot=150`);
    await expect(gallery.getByText(/^Screenshot 150 of/).first()).toBeVisible();
    await expect(gallery.getByTestId('shot-main')).toBeInViewport();
    await expect(page.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', '150');
    await expect(gallery.getByTestId('shot-reasoning')).not.toBeEmpty();

    // Large view: opens on click, arrows work inside, Esc closes and focus returns.
    await gallery.getByTestId('shot-main').click();
    const lightbox = page.getByTestId('shot-lightbox');
    await expect(lightbox).toBeVisible();
    await expectNoAxeViolations(page, 'screenshot large view');
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/\?shot=151$/);
    await expect(lightbox.getByText(/^Screenshot 151 of/)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(lightbox).toHaveCount(0);
    await expect(gallery.getByTestId('shot-main')).toBeFocused();
    await expectNoAxeViolations(page, 'gallery');

    // A link that is not a shot number, or past the end, is said so; the last shot shows.
    await page.goto(`/runs/${runId}?shot=abc`);
    await expect(gallery.getByTestId('shot-link-notice')).toContainText('“abc”, which is not a screenshot number');
    await expect(page.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', String(total));
    await page.goto(`/runs/${runId}?shot=${total + 50}`);
    await expect(gallery.getByTestId('shot-link-notice')).toContainText(`screenshot ${total + 50}, but this run has only ${total}`);
    await expect(page.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', String(total));
  });

  test('follows the newest screenshot while the run is live', async ({ page }) => {
    await openScenarioRun(page, 'long_running', 0.2);
    const follow = page.getByRole('button', { name: 'Follow latest' });
    await expect(follow).toHaveAttribute('aria-pressed', 'true', { timeout: 20_000 });
    const selected = page.locator('[data-testid="filmstrip"] button[aria-current="true"]');
    await expect(selected).toBeVisible({ timeout: 20_000 });
    const first = Number(await selected.getAttribute('data-position'));
    await expect.poll(async () => Number(await selected.getAttribute('data-position')), { timeout: 20_000 }).toBeGreaterThan(first);

    // Picking a shot pins it; "Follow latest" goes back to following. The filmstrip is windowed
    // around the newest shot, so pick the oldest one it shows rather than shot 1.
    const pickedPosition = await page
      .locator('[data-testid="filmstrip"] button[data-position]:not([aria-current="true"])')
      .first()
      .getAttribute('data-position');
    await page.locator(`[data-testid="filmstrip"] button[data-position="${pickedPosition}"]`).click();
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await expect(page).toHaveURL(new RegExp(`\\?shot=${pickedPosition}$`));
    await follow.click();
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    await expect(page).not.toHaveURL(/shot=/);
  });
});
