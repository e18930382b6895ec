import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BudgetRefusal, RequestBudget, type BudgetClaim, type BudgetPermit, type RequestPriority } from './request-budget';
import { parseRetryAfter } from './upstream-client';

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

  function grantLog(b: RequestBudget, count: number, claim: BudgetClaim = { priority: 'interactive' }) {
    const grants: number[] = [];
    for (let i = 0; i < count; i++) void b.take(claim).then(() => grants.push(Date.now()));
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

  it('serves actions, then first views, then lookups of unseen ids', async () => {
    const b = budget({ burst: 1, reserve: 0 });
    await b.take({ priority: 'interactive' });
    const order: string[] = [];
    const push = (name: string) => () => order.push(name);
    void b.take({ priority: 'interactive', lane: 'unseen' }).then(push('unseen'));
    void b.take({ priority: 'interactive' }).then(push('interactive'));
    void b.take({ priority: 'action' }).then(push('action'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(order).toEqual(['action', 'interactive', 'unseen']);
  });

  it('refuses a refresh at once when no token is free, instead of making it wait', async () => {
    const b = budget();
    for (let i = 0; i < 4; i++) expect(b.tryTake({ priority: 'interactive' })).not.toBeNull();
    const refused = await b.take({ priority: 'background' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetRefusal);
    expect((refused as BudgetRefusal).reason).toBe('exhausted');
  });

  it('keeps one requester within its share, so another still finds tokens', () => {
    const b = budget({ limit: 100, burst: 20, requesterShare: 0.5, now: () => 0 });
    const flooder: BudgetClaim = { priority: 'interactive', requester: 'session:a' };
    let flooderGrants = 0;
    while (b.tryTake(flooder)) flooderGrants++;
    expect(flooderGrants).toBe(10);
    // The other session's refresh finds a token at once: it is not stale for lack of budget.
    expect(b.tryTake({ priority: 'background', requester: 'session:b' })).not.toBeNull();
    expect(b.snapshot().tokens).toBe(9);
  });

  it('gives lookups of unseen ids a small lane that never takes the reserve', () => {
    const b = budget({ limit: 100, burst: 20, unseenShare: 0.25, unseenRequesterShare: 0.5, reserve: 5, now: () => 0 });
    const junk: BudgetClaim = { priority: 'interactive', lane: 'unseen', requester: 'session:a' };
    let junkGrants = 0;
    while (b.tryTake(junk)) junkGrants++;
    // The lane holds 5 tokens; one session may use half of them.
    expect(junkGrants).toBe(2);
    expect(b.tryTake({ ...junk, requester: 'session:b' })).not.toBeNull();
    // Known reads drain the bucket down to the reserve; unseen lookups then get nothing.
    while (b.snapshot().tokens >= 6) expect(b.tryTake({ priority: 'interactive' })).not.toBeNull();
    expect(b.tryTake({ ...junk, requester: 'session:c' })).toBeNull();
    expect(b.tryTake({ priority: 'interactive' })).not.toBeNull();
  });

  it('serves waiting sessions round robin, whoever queued first', async () => {
    const b = budget({ burst: 1, requesterShare: 1 });
    await b.take({ priority: 'interactive' });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) void b.take({ priority: 'interactive', requester: 'a' }).then(() => order.push('a'));
    void b.take({ priority: 'interactive', requester: 'b' }).then(() => order.push('b'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(order.slice(0, 2).sort()).toEqual(['a', 'b']);
  });

  it('refuses a requester with too many calls waiting', async () => {
    const b = budget({ burst: 1, maxQueuedPerRequester: 2 });
    await b.take({ priority: 'interactive' });
    const claim: BudgetClaim = { priority: 'interactive', requester: 'a' };
    void b.take(claim).catch(() => {});
    void b.take(claim).catch(() => {});
    await expect(b.take(claim)).rejects.toBeInstanceOf(BudgetRefusal);
    await vi.advanceTimersByTimeAsync(2000);
  });

  describe('after a 429', () => {
    function rateLimited(b: RequestBudget, retryAfterSeconds: number | null, permit: BudgetPermit = { probe: false }) {
      b.settle(permit, { kind: 'rate_limited', retryAfterSeconds });
      return b.pausedForMs();
    }

    it('pauses for Retry-After, then comes back slower and recovers', async () => {
      const b = budget();
      expect(rateLimited(b, 2)).toBe(2000);
      expect(b.snapshot().rateFactor).toBe(0.5);
      const grants = grantLog(b, 3, { priority: 'interactive', lane: 'unseen' });
      await vi.advanceTimersByTimeAsync(1900);
      expect(grants).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(3000);
      expect(grants.length).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(b.snapshot().rateFactor).toBe(1);
    });

    it('never pauses longer than maxPauseMs, whatever Retry-After says', () => {
      const b = budget({ maxPauseMs: 30_000 });
      expect(rateLimited(b, parseRetryAfter('99999'))).toBe(30_000);
      vi.advanceTimersByTime(30_000);
      expect(b.pausedForMs()).toBe(0);
      const httpDate = new Date(Date.now() + 86_400_000).toUTCString();
      expect(rateLimited(b, parseRetryAfter(httpDate))).toBe(30_000);
    });

    it('counts a burst of 429s for calls already sent as one', () => {
      const b = budget();
      rateLimited(b, null);
      for (let i = 0; i < 10; i++) rateLimited(b, null);
      expect(b.snapshot().rateFactor).toBe(0.5);
      expect(b.pausedForMs()).toBe(1000);
    });

    it('backs off exponentially when probes keep meeting 429s without Retry-After', () => {
      const b = budget({ probeIntervalMs: 100 });
      expect(rateLimited(b, null)).toBe(1000);
      vi.advanceTimersByTime(100);
      const probe = b.tryTake({ priority: 'interactive' });
      expect(probe?.probe).toBe(true);
      expect(rateLimited(b, null, probe!)).toBe(2000);
      expect(b.snapshot().rateFactor).toBe(0.25);
    });

    it('sends one probe at a time while paused, and resumes as soon as one is answered', () => {
      const b = budget({ probeIntervalMs: 1000 });
      rateLimited(b, 300);
      const claim: BudgetClaim = { priority: 'interactive' };
      expect(b.tryTake(claim)).toBeNull();
      vi.advanceTimersByTime(1000);
      const probe = b.tryTake(claim);
      expect(probe?.probe).toBe(true);
      vi.advanceTimersByTime(5000);
      // The probe is still out: no second one.
      expect(b.tryTake(claim)).toBeNull();
      // Junk lookups never get to probe.
      b.settle(probe!, { kind: 'failed' });
      expect(b.tryTake({ priority: 'interactive', lane: 'unseen' })).toBeNull();
      const second = b.tryTake(claim);
      expect(second?.probe).toBe(true);
      b.settle(second!, { kind: 'answered' });
      expect(b.pausedForMs()).toBe(0);
      vi.advanceTimersByTime(200);
      expect(b.tryTake(claim)?.probe).toBe(false);
    });

    it('refuses a refresh at once while paused, and a first view when the pause outlasts its deadline', async () => {
      const b = budget();
      rateLimited(b, 20);
      const refresh = await b.take({ priority: 'background' }).catch((error: unknown) => error);
      expect((refresh as BudgetRefusal).reason).toBe('paused');
      const view = await b.take({ priority: 'interactive' }, { maxWaitMs: 5000 }).catch((error: unknown) => error);
      expect((view as BudgetRefusal).reason).toBe('paused');
      expect((view as BudgetRefusal).retryAfterMs).toBe(20_000);
    });
  });

  it('drops a waiter whose deadline passes', async () => {
    const b = budget({ burst: 1 });
    await b.take({ priority: 'interactive' });
    const controller = new AbortController();
    const priority: RequestPriority = 'interactive';
    const waiting = b.take({ priority }, { signal: controller.signal });
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(b.snapshot().queued).toBe(0);
    await expect(b.take({ priority }, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });
});
