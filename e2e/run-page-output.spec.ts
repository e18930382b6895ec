import { expect, test } from './support/fixtures';
import { measureOverflow } from './support/page-overflow';
import { expectNoAxeViolations, openScenarioRun, pageStatus, watchPage } from './run-page-support';

/** The simulator's large_output run: about 5 MB of JSON, 34,000 transactions. */
const LARGE_ROWS = 34_000;

test.describe('run page — a 5 MB output', () => {
  test('opens, expands a 34,000-item list drawing only what is on screen, and finds a value deep in it', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = watchPage(page);
    // The output travels apart from the run: the worker that fetches it is the one that parses it.
    const outputFetches: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/runs\/[^/]+\/output$/.test(new URL(request.url()).pathname)) outputFetches.push(request.url());
    });
    await openScenarioRun(page, 'large_output', 0.01);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 60_000 });

    const tree = page.getByRole('list', { name: 'Run output' });
    const transactions = tree.getByRole('button', { name: /transactions/ });
    // Fetching and parsing 5 MB takes a moment on a busy machine; the page says it is loading meanwhile.
    await expect(transactions).toContainText(`[${LARGE_ROWS.toLocaleString('en-US')} items]`, { timeout: 30_000 });
    expect(outputFetches).toHaveLength(1);
    expect(page.workers().some((worker) => worker.url().includes('output-fetch'))).toBe(true);

    // Opening the list gives it a page of rows plus "show more", yet only a window of them is in the DOM.
    await transactions.click();
    await expect(tree).toHaveAttribute('data-row-count', String(4 + 100 + 1));
    const drawn = await tree.locator('li[data-path]').count();
    expect(drawn).toBeGreaterThan(15);
    expect(drawn).toBeLessThan(80);

    // Scrolling the tree draws the rows that come into view, down to "show more".
    const viewport = page.getByTestId('json-tree-viewport');
    await viewport.scrollIntoViewIfNeeded();
    await viewport.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const more = tree.getByRole('button', { name: /Show 100 more \(33,900 hidden\)/ });
    await expect(more).toBeInViewport();
    await more.click();
    await expect(tree).toHaveAttribute('data-row-count', String(4 + 200 + 1));

    // Search runs in the same worker, and opens the tree at a row far past the pages shown so far.
    const search = page.getByRole('searchbox', { name: 'Search the output' });
    await search.fill('txn_033999');
    await search.press('Enter');
    await expect(page.getByTestId('json-search-summary')).toHaveText('1 match for “txn_033999”');
    await page
      .getByRole('list', { name: 'Search matches' })
      .getByRole('button', { name: /output\.transactions\[33999\]\.id/ })
      .click();
    await expect(page.getByTestId('json-selected-path')).toHaveText('output.transactions[33999].id');
    const found = tree.locator(`li[data-path='["transactions",33999,"id"]']`);
    await expect(found).toContainText('"txn_033999"');
    await viewport.scrollIntoViewIfNeeded();
    await expect(found).toBeInViewport();
    expect(await tree.locator('li[data-path]').count()).toBeLessThan(80);

    // A search that matches thousands counts them all and lists the first ones.
    await search.fill('grocery');
    await search.press('Enter');
    await expect(page.getByTestId('json-search-summary')).toContainText(`${(LARGE_ROWS / 4).toLocaleString('en-US')} matches for “grocery”`);

    // Expand all opens the first page of every list (each transaction and its 6 fields), drawn as a window.
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect(tree).toHaveAttribute('data-row-count', '4');
    await page.getByRole('button', { name: 'Expand all' }).click();
    await expect(tree).toHaveAttribute('data-row-count', String(4 + 100 * 7 + 1));
    expect(await tree.locator('li[data-path]').count()).toBeLessThan(80);

    await expectNoAxeViolations(page, 'a 5 MB output, searched');
    expect(problems.errors).toEqual([]);
  });

  test('fits a phone: the search and the tree stay inside a 390 px screen', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await openScenarioRun(page, 'large_output', 0.01);
    await expect(pageStatus(page)).toHaveAttribute('data-run-status', 'completed', { timeout: 60_000 });
    const search = page.getByRole('searchbox', { name: 'Search the output' });
    await expect(search).toBeVisible({ timeout: 30_000 });
    await search.fill('Utility payment City Water');
    await search.press('Enter');
    await expect(page.getByTestId('json-search-summary')).toContainText('matches for');
    await page.getByRole('list', { name: 'Search matches' }).getByRole('button').first().click();
    await expect(page.getByTestId('json-selected-path')).toHaveText('output.transactions[3].description');
    const overflow = await measureOverflow(page);
    expect(overflow.culprits, 'elements past the right edge').toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewportWidth);
  });
});
