import type { Page } from '@playwright/test';

export interface PageOverflow {
  /** `document.documentElement.scrollWidth`: wider than the viewport means sideways scrolling. */
  scrollWidth: number;
  viewportWidth: number;
  /** The outermost elements that reach past the viewport's right edge, described for a report. */
  culprits: string[];
}

/**
 * Measures horizontal overflow, and names the elements causing it: those whose right edge passes
 * the viewport while no ancestor clips or scrolls them (a table scrolling inside its own box is fine).
 */
export async function measureOverflow(page: Page): Promise<PageOverflow> {
  return page.evaluate(() => {
    const viewportWidth = document.documentElement.clientWidth;
    const clipsX = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const describe = (el: Element) => {
      const testId = el.getAttribute('data-testid');
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' ? el.className.split(/\s+/).filter(Boolean).slice(0, 6).join('.') : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName.toLowerCase()}${id}${testId ? `[data-testid=${testId}]` : ''}${classes ? `.${classes}` : ''} right=${right} "${text}"`;
    };
    const culprits: string[] = [];
    const visit = (el: Element) => {
      if (el.getBoundingClientRect().right > viewportWidth + 0.5) {
        const child = [...el.children].find((c) => c.getBoundingClientRect().right > viewportWidth + 0.5);
        // Report the deepest element still overflowing on its own, not each of its ancestors.
        if (!child) culprits.push(describe(el));
      }
      if (clipsX(el) && el !== document.documentElement && el !== document.body) return;
      for (const child of el.children) visit(child);
    };
    visit(document.body);
    return { scrollWidth: document.documentElement.scrollWidth, viewportWidth, culprits: culprits.slice(0, 10) };
  });
}
