import { describe, expect, it } from 'vitest';
import { RequestBudget, type SharedTokenSource } from '../upstream/request-budget';

/** RequestBudget drawing on a shared source: an in-memory stand-in for the PostgreSQL bucket. */
class CountedSource implements SharedTokenSource {
  readonly capacity = 20;
  readonly retryMs = 5;
  granted = 0;
  constructor(public tokens: number) {}
  async take(wanted: number, keep: number): Promise<number> {
    const grant = Math.max(0, Math.min(wanted, Math.floor(this.tokens - keep)));
    this.tokens -= grant;
    this.granted += grant;
    return grant;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('request budget with a shared token source', () => {
  it('sends no more over two processes than the source granted, and waiting calls go once it has more', async () => {
    const source = new CountedSource(6);
    const budgets = [new RequestBudget({ limit: 100, tokenSource: source }), new RequestBudget({ limit: 100, tokenSource: source })];
    let sent = 0;
    const calls = Array.from({ length: 10 }, (_, i) =>
      budgets[i % 2]!.take({ priority: 'interactive' }).then(() => {
        sent += 1;
      }),
    );
    await settle();
    expect(sent).toBe(6);
    expect(source.granted).toBe(6);
    // Enough for the four waiting and each process's stock held ahead (2).
    source.tokens += 4 + 2 * 2;
    await Promise.all(calls);
    expect(sent).toBe(10);
    expect(source.granted).toBeLessThanOrEqual(14);
  });

  it('a refresh with nothing granted yet is refused at once rather than waiting', async () => {
    const source = new CountedSource(0);
    const budget = new RequestBudget({ limit: 100, tokenSource: source });
    await expect(budget.take({ priority: 'background' })).rejects.toMatchObject({ name: 'BudgetRefusal' });
  });

  it('back-fill gets a token only while the shared bucket keeps its reserve', async () => {
    const source = new CountedSource(8);
    const budget = new RequestBudget({ limit: 100, tokenSource: source });
    let backfilled = false;
    const backfill = budget.take({ priority: 'background', lane: 'backfill' }).then(() => (backfilled = true));
    await settle();
    // The reserve of half the bucket (10 of 20) is not there: back-fill waits.
    expect(backfilled).toBe(false);
    source.tokens += 10;
    await backfill;
    expect(backfilled).toBe(true);
    expect(source.tokens).toBeGreaterThanOrEqual(10);
  });
});
