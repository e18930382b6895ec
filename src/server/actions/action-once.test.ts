import { describe, expect, it } from 'vitest';
import { ActionOnce } from './action-once';

describe('ActionOnce', () => {
  it('runs an action once: a request in flight is joined, a done one replayed', async () => {
    const once = new ActionOnce<string>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const action = async () => {
      runs += 1;
      await gate;
      return 'sent';
    };
    const first = once.run('k', 'f', action);
    const second = once.run('k', 'f', action);
    release();
    expect(await first).toEqual({ kind: 'first', value: 'sent' });
    expect(await second).toEqual({ kind: 'joined', value: 'sent' });
    expect(await once.run('k', 'f', action)).toEqual({ kind: 'replayed', value: 'sent' });
    expect(runs).toBe(1);
  });

  it('calls another fingerprint for the same key a conflict, in flight or done', async () => {
    const once = new ActionOnce<string>();
    await once.run('k', 'f1', async () => 'sent');
    expect(await once.run('k', 'f2', async () => 'other')).toEqual({ kind: 'conflict' });
  });

  it('forgets a failed action so it can be tried again', async () => {
    const once = new ActionOnce<string>();
    await expect(once.run('k', 'f', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await once.run('k', 'f2', async () => 'sent')).toEqual({ kind: 'first', value: 'sent' });
  });

  it('forgets a done action after rememberMs and keeps at most maxEntries', async () => {
    let now = 0;
    const once = new ActionOnce<number>({ rememberMs: 1000, maxEntries: 2, now: () => now });
    await once.run('a', 'f', async () => 1);
    now = 1500;
    expect((await once.run('a', 'f', async () => 2)).kind).toBe('first');
    await once.run('b', 'f', async () => 3);
    await once.run('c', 'f', async () => 4);
    expect((await once.run('a', 'f', async () => 5)).kind).toBe('first');
  });
});
