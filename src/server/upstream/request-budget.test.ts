import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget, type RequestPriority } from './request-budget';

describe('RequestBudget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function budget(options: ConstructorParameters<typeof RequestBudget>[0] = {}) {
    return new RequestBudget({ limit: 10, windowMs: 1000, burst: 4, now: () => Date.now(), ...options });
  }

  function grantLog(b: RequestBudget, count: number, priority: RequestPriority = 'interactive') {
    const grants: number[] = [];
    for (let i = 0; i < count; i++) void b.acquire(priority).then(() => grants.push(Date.now()));
    return grants;
  }

  it('lets a burst through at once and spreads the rest', async () => {
    const b = budget();
    const grants = grantLog(b, 6);
    await vi.advanceTimersByTimeAsync(0);
    expect(grants).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(400);
    expect(grants).toHaveLength(6);
  });

  it('never allows more than the limit in any window', async () => {
    const b = budget();
    const grants = grantLog(b, 60);
    for (let t = 0; t < 5000; t += 10) await vi.advanceTimersByTimeAsync(10);
    expect(grants.length).toBeGreaterThan(20);
    for (const start of grants) {
      const inWindow = grants.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
  });

  it('serves actions, then first views, then refreshes', async () => {
    const b = budget({ burst: 1 });
    await b.acquire('interactive');
    const order: string[] = [];
    void b.acquire('background').then(() => order.push('background'));
    void b.acquire('interactive').then(() => order.push('interactive'));
    void b.acquire('action').then(() => order.push('action'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(order).toEqual(['action', 'interactive', 'background']);
  });

  it('stops for Retry-After after a 429, then comes back slower and recovers', async () => {
    const b = budget();
    const pause = b.reportRateLimited(2);
    expect(pause).toBe(2000);
    expect(b.snapshot().rateFactor).toBe(0.5);
    const grants = grantLog(b, 3);
    await vi.advanceTimersByTimeAsync(1900);
    expect(grants).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(grants.length).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(b.snapshot().rateFactor).toBe(1);
  });

  it('backs off exponentially when the upstream gives no Retry-After', () => {
    const b = budget();
    expect(b.reportRateLimited(null)).toBe(1000);
    vi.advanceTimersByTime(1000);
    expect(b.reportRateLimited(null)).toBe(2000);
    vi.advanceTimersByTime(2000);
    expect(b.reportRateLimited(null)).toBe(4000);
    expect(b.snapshot().rateFactor).toBe(0.125);
  });

  it('hands out a free token at once, but never ahead of a waiter or during a pause', async () => {
    let now = 0;
    const b = budget({ now: () => now });
    expect([b.tryAcquire(), b.tryAcquire(), b.tryAcquire(), b.tryAcquire()]).toEqual([true, true, true, true]);
    expect(b.tryAcquire()).toBe(false);

    let waiterGranted = false;
    void b.acquire('background').then(() => (waiterGranted = true));
    now += 1_000; // tokens have refilled, but the queued waiter has not been served yet
    expect(b.tryAcquire()).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(waiterGranted).toBe(true);
    expect(b.tryAcquire()).toBe(true);

    b.reportRateLimited(5);
    now += 1_000;
    expect(b.tryAcquire()).toBe(false);
    now += 30_000;
    expect(b.tryAcquire()).toBe(true);
  });

  it('drops a waiter whose deadline passes', async () => {
    const b = budget({ burst: 1 });
    await b.acquire('interactive');
    const controller = new AbortController();
    const waiting = b.acquire('background', controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(b.snapshot().queued).toBe(0);
    await expect(b.acquire('interactive', AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
