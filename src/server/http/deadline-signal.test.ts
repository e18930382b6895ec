import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { deadlineSignal } from '@/contract/deadline-signal';

// Outgoing requests (alerts, the simulator's webhooks, file downloads) rely on this signal to give up on a
// host that never answers, also while the garbage collector runs, which it does often on a busy machine.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

describe('deadlineSignal', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function hungHost(): Promise<string> {
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('aborts requests to a host that never answers, with a TimeoutError, while garbage is being collected', async () => {
    const url = await hungHost();
    const stopping = new AbortController();
    const outcomes = Array.from({ length: 10 }, () => {
      const deadline = deadlineSignal(150, stopping.signal);
      return fetch(url, { method: 'POST', body: 'x', signal: deadline.signal }).then(
        () => 'answered',
        (error: unknown) => (error instanceof Error ? error.name : 'other'),
      );
    });
    const collecting = setInterval(collectGarbage, 5);
    const settled = await Promise.race([
      Promise.all(outcomes),
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 3_000)),
    ]).finally(() => clearInterval(collecting));
    expect(settled).toEqual(Array(10).fill('TimeoutError'));
  });

  it('aborts at once with the followed signal’s reason, and never after being cleared', async () => {
    const stopping = new AbortController();
    const followed = deadlineSignal(60_000, stopping.signal);
    stopping.abort(new DOMException('stopping', 'AbortError'));
    expect(followed.signal.aborted).toBe(true);
    expect((followed.signal.reason as Error).name).toBe('AbortError');
    followed.clear();

    const cleared = deadlineSignal(20);
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cleared.signal.aborted).toBe(false);
  });
});
