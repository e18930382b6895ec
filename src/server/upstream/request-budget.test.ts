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

  describe('event lanes', () => {
    const backfill: BudgetClaim = { priority: 'background', lane: 'backfill' };
    const catchUp: BudgetClaim = { priority: 'background', lane: 'catch_up' };

    function drain(b: RequestBudget) {
      while (b.tryTake({ priority: 'action' })) {
        /* spend every token */
      }
    }

    it('serve a waiting back-fill only after actions and viewed reads, and only above its headroom', async () => {
      const b = budget({ burst: 4, backfillReserve: 2 });
      drain(b);
      const order: string[] = [];
      const tokensAtBackfill: number[] = [];
      for (let i = 0; i < 3; i++) {
        void b.take(backfill).then(() => {
          order.push('backfill');
          tokensAtBackfill.push(b.snapshot().tokens);
        });
      }
      void b.take({ priority: 'interactive', requester: 'a' }).then(() => order.push('view'));
      void b.take({ priority: 'action', requester: 'b' }).then(() => order.push('action'));
      await vi.advanceTimersByTimeAsync(5000);
      expect(order).toEqual(['action', 'view', 'backfill', 'backfill', 'backfill']);
      // Each back-fill left at least its headroom for the next person's read.
      for (const tokens of tokensAtBackfill) expect(tokens).toBeGreaterThanOrEqual(2);
    });

    it('never take the token a refresh arrives for, even when they queued first', () => {
      let clock = 0;
      const b = budget({ burst: 4, backfillReserve: 0, catchUpReserve: 0, now: () => clock });
      drain(b);
      const granted: string[] = [];
      void b.take(backfill).then(() => granted.push('backfill'));
      void b.take(catchUp).then(() => granted.push('catch_up'));
      // One token comes back (limit 10, burst 4: 6 per second); a refresh asks at that very moment.
      clock += 170;
      expect(b.tryTake({ priority: 'background', requester: 'viewer' })).not.toBeNull();
      expect(b.snapshot().uses.backfill.waiting).toBe(1);
      expect(b.snapshot().uses.catch_up.waiting).toBe(1);
    });

    it('let catch-up yield to viewed reads and go before back-fill', async () => {
      const b = budget({ burst: 1, reserve: 0, catchUpReserve: 0, backfillReserve: 0 });
      drain(b);
      const order: string[] = [];
      void b.take(backfill).then(() => order.push('backfill'));
      void b.take(catchUp).then(() => order.push('catch_up'));
      void b.take({ priority: 'interactive', requester: 'a' }).then(() => order.push('view'));
      void b.take({ priority: 'interactive', lane: 'unseen', requester: 'b' }).then(() => order.push('unseen'));
      await vi.advanceTimersByTimeAsync(5000);
      expect(order).toEqual(['view', 'catch_up', 'unseen', 'backfill']);
    });

    it('keep catch-up from spending the last tokens a refresh would find', () => {
      const b = budget({ limit: 100, burst: 20, catchUpReserve: 3, now: () => 0 });
      let catchUps = 0;
      while (b.tryTake(catchUp)) catchUps++;
      expect(catchUps).toBe(17);
      for (let i = 0; i < 3; i++) expect(b.tryTake({ priority: 'background', requester: `viewer-${i}` })).not.toBeNull();
    });

    it('wait their turn instead of being refused like a refresh, up to a bounded queue', async () => {
      const b = budget({ burst: 1, maxQueuedPerEventLane: 2 });
      drain(b);
      const waiting = [b.take(catchUp), b.take(catchUp)];
      const third = await b.take(catchUp).catch((error: unknown) => error);
      expect(third).toBeInstanceOf(BudgetRefusal);
      expect(b.snapshot().uses.catch_up).toMatchObject({ waiting: 2, refused: 1 });
      await vi.advanceTimersByTimeAsync(2000);
      await Promise.all(waiting);
      expect(b.snapshot().uses.catch_up).toMatchObject({ waiting: 0, served: 2, refused: 1 });
    });

    it('leave the probe to other reads while paused: back-fill never probes, catch-up may', () => {
      const b = budget({ probeIntervalMs: 100 });
      b.settle({ probe: false }, { kind: 'rate_limited', retryAfterSeconds: 20 });
      vi.advanceTimersByTime(100);
      expect(b.tryTake(backfill)).toBeNull();
      expect(b.tryTake(catchUp)?.probe).toBe(true);
    });

    it("keep Runwatch's share over every window when every lane floods it", async () => {
      // The production shape: 100 requests per 10 s (half the organisation's 200), default burst.
      const b = new RequestBudget({ now: () => Date.now() });
      const grants: number[] = [];
      const claims: BudgetClaim[] = [
        { priority: 'action', requester: 'a' },
        { priority: 'interactive', requester: 'b' },
        { priority: 'interactive', lane: 'unseen', requester: 'c' },
        catchUp,
        backfill,
      ];
      const end = Date.now() + 60_000;
      let settled = 0;
      const keepAsking = async (claim: BudgetClaim) => {
        while (Date.now() < end) {
          const permit = await b.take(claim).catch(() => null);
          if (permit) {
            grants.push(Date.now());
            b.settle(permit, { kind: 'answered' });
          } else {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        settled += 1;
      };
      const flooding = Promise.all(claims.map(keepAsking));
      for (let t = 0; t < 90_000 && settled < claims.length; t += 50) await vi.advanceTimersByTimeAsync(50);
      await flooding;
      // Nearly all of 20 + 80 per 10 s over a minute went out: the share is used, not just kept.
      expect(grants.length).toBeGreaterThan(450);
      const windowEnd = grants[grants.length - 1]! - 10_000;
      for (const start of grants.filter((t) => t <= windowEnd)) {
        expect(grants.filter((t) => t >= start && t < start + 10_000).length).toBeLessThanOrEqual(100);
      }
      const uses = b.snapshot().uses;
      expect(uses.action.served).toBeGreaterThan(uses.backfill.served);
      expect(uses.catch_up.served).toBeGreaterThan(uses.backfill.served);
    });
  });

  it('reports use per lane and when a pause ends', () => {
    const b = budget({ burst: 2 });
    expect(b.tryTake({ priority: 'interactive', lane: 'unseen', requester: 'a' })).not.toBeNull();
    expect(b.tryTake({ priority: 'action' })).not.toBeNull();
    void b.take({ priority: 'background' }).catch(() => {});
    const before = b.snapshot();
    expect(before).toMatchObject({ limit: 10, windowMs: 1000, capacity: 2, pausedUntil: null });
    expect(before.uses.action.served).toBe(1);
    expect(before.uses.unseen.served).toBe(1);
    expect(before.uses.refresh).toEqual({ waiting: 0, served: 0, refused: 1 });
    b.settle({ probe: false }, { kind: 'rate_limited', retryAfterSeconds: 5 });
    const paused = b.snapshot();
    expect(paused.pausedForMs).toBe(5000);
    expect(Date.parse(paused.pausedUntil!) - Date.now()).toBe(5000);
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
