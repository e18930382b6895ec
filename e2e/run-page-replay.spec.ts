import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectNoAxeViolations, openScenarioRun, pageStatus } from './run-page-support';
import { measureOverflow } from './support/page-overflow';

/** The shot on screen, as the scrubber reports it. */
async function scrubberShot(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Replay position' }).getAttribute('aria-valuenow'));
}

test.describe('run page — replay', () => {
  test('plays, pauses, deep-links the scrubber position and finds reasoning text', async ({ page }) => {
    test.setTimeout(90_000);
    // Scaled so shots are about a second apart: at 2× the replay moves a shot every half second or so.
    const runId = await openScenarioRun(page, 'success', 0.2);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
    const gallery = page.getByTestId('screenshot-gallery');
    const scrubber = page.getByRole('slider', { name: 'Replay position' });
    const total = Number(await scrubber.getAttribute('aria-valuemax'));
    expect(total).toBeGreaterThanOrEqual(5);

    // The scrubber carries the run's status segments and a tick per screenshot.
    await expect(scrubber).toHaveAttribute('aria-valuetext', new RegExp(`^Screenshot ${total} of ${total}, .+`));

    // Play from the first shot at 2×: the shots advance, the caption follows the reasoning.
    await page.goto(`/runs/${runId}?shot=1`);
    await expect(scrubber).toHaveAttribute('aria-valuenow', '1');
    await gallery.getByRole('button', { name: '2×' }).click();
    await gallery.getByRole('button', { name: 'Play replay' }).click();
    await expect.poll(() => scrubberShot(page), { timeout: 10_000 }).toBeGreaterThan(1);

    // Pause stops it where it is, and the address names that shot; the caption is that shot's reasoning
    // (compared once paused: while playing, the shot may move on between reading one and the other).
    await gallery.getByRole('button', { name: 'Pause replay' }).click();
    // On a slow machine the replay can reach the last shot just before the click, which then starts it
    // again from the first: pause that too. Read the position only once paused.
    if (await gallery.getByRole('button', { name: 'Pause replay' }).isVisible()) await gallery.getByRole('button', { name: 'Pause replay' }).click();
    await expect(gallery.getByRole('button', { name: 'Play replay' })).toBeVisible();
    const paused = await scrubberShot(page);
    await expect(page).toHaveURL(new RegExp(`\\?shot=${paused}$`));
    await expect(gallery.getByTestId('shot-caption')).toHaveText((await gallery.getByTestId('shot-reasoning').innerText()).trim());
    await page.waitForTimeout(1_500);
    expect(await scrubberShot(page)).toBe(paused);

    // Space plays and pauses too; ←/→ step.
    await scrubber.focus();
    await page.keyboard.press('Space');
    await expect(gallery.getByRole('button', { name: 'Pause replay' })).toBeVisible();
    await page.keyboard.press('Space');
    await expect(gallery.getByRole('button', { name: 'Play replay' })).toBeVisible();
    const before = await scrubberShot(page);
    await page.keyboard.press(before > 1 ? 'ArrowLeft' : 'ArrowRight');
    await expect(page).toHaveURL(new RegExp(`\\?shot=${before > 1 ? before - 1 : before + 1}$`));

    // Clicking the scrubber's middle picks the shot of that moment; reopening the link lands on it.
    // From the first shot, so the address must change to show the pick has landed.
    await scrubber.focus();
    await page.keyboard.press('Home');
    await expect(page).toHaveURL(/\?shot=1$/);
    const box = (await scrubber.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    // The address follows the release a moment later.
    const shotInAddress = () => Number((page.url().match(/\?shot=(\d+)$/) ?? [])[1]);
    await expect.poll(shotInAddress).toBeGreaterThan(1);
    const picked = shotInAddress();
    expect(picked).toBeLessThan(total);
    await expect(scrubber).toHaveAttribute('aria-valuenow', String(picked));
    const reasoning = (await gallery.getByTestId('shot-reasoning').innerText()).trim();
    await page.goto(`/runs/${runId}?shot=${picked}`);
    await expect(scrubber).toHaveAttribute('aria-valuenow', String(picked));
    await expect(gallery.getByTestId('shot-reasoning')).toHaveText(reasoning);
    await expect(page.locator('[data-testid="filmstrip"] button[aria-current="true"]')).toHaveAttribute('data-position', String(picked));

    // Search in the reasoning jumps to a shot that says it, and between matches.
    await page.goto(`/runs/${runId}?shot=1`);
    const search = gallery.getByRole('searchbox', { name: 'Search the reasoning' });
    await search.fill('file saved');
    await expect(gallery.getByTestId('shot-reasoning')).toContainText(/File saved/);
    await expect(gallery.getByTestId('replay-search-status')).toHaveText(/^1 of \d+$/);
    await expect(gallery.getByTestId('shot-reasoning').locator('mark')).toHaveText(/file saved/i);
    expect(await scrubberShot(page)).toBeGreaterThan(1);
    await expect(page).toHaveURL(new RegExp(`\\?shot=${await scrubberShot(page)}$`));
    await search.fill('no such words anywhere');
    await expect(gallery.getByTestId('replay-search-status')).toHaveText('No match');
    await expectNoAxeViolations(page, 'replay');

    // The full-size view zooms with the keyboard and the wheel, and Escape closes it.
    await gallery.getByTestId('shot-main').click();
    const stage = page.getByTestId('lightbox-stage');
    // The viewer opens once its code is in (it downloads as the pointer reaches the screenshot).
    await expect(stage).toBeVisible();
    await page.keyboard.press('+');
    await expect(stage).toHaveAttribute('data-zoom', '1.50');
    await page.keyboard.press('0');
    await expect(stage).toHaveAttribute('data-zoom', '1.00');
    const stageBox = (await stage.boundingBox())!;
    await page.mouse.move(stageBox.x + stageBox.width / 2, stageBox.y + stageBox.height / 2);
    await page.mouse.wheel(0, -100);
    await expect.poll(async () => Number(await stage.getAttribute('data-zoom'))).toBeGreaterThan(1);
    await expectNoAxeViolations(page, 'zoomed large view');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shot-lightbox')).toHaveCount(0);
  });

  test('fits a phone and the dark theme', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await openScenarioRun(page, 'success', 0.05);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 40_000 });
    const replay = page.getByTestId('replay');
    await replay.scrollIntoViewIfNeeded();
    await expect(replay.getByRole('button', { name: 'Play replay' })).toBeVisible();
    const overflow = await measureOverflow(page);
    expect(overflow.culprits).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewportWidth);
    await expectNoAxeViolations(page, 'replay on a phone, dark');
  });
});
