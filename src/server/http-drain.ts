import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

export interface HttpDrain {
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets the requests under way finish (at most `graceMs`), then
   * closes every connection. Resolves once the server is closed; `forced` when the grace ran out.
   */
  drain(graceMs: number): Promise<{ forced: boolean }>;
}

/**
 * Graceful shutdown for a Node HTTP server. Call at start-up, before the first request.
 *
 * `http.Server#close()` also drops idle keep-alive connections at once, so a load balancer
 * holding one would never see `/readyz` answer 503. Here only the listening socket closes; open
 * connections may still send a request while others finish, each answered with
 * `Connection: close`, and are closed when the last request is done.
 */
export function trackRequestsForDrain(server: Server): HttpDrain {
  const active = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | null = null;

  // Ahead of the app's listener, so `shouldKeepAlive` is set before any header is written.
  server.prependListener('request', (_request, response: ServerResponse) => {
    active.add(response);
    if (draining) response.shouldKeepAlive = false;
    response.once('close', () => {
      active.delete(response);
      if (active.size === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => active.size,
    async drain(graceMs) {
      draining = true;
      for (const response of active) if (!response.headersSent) response.shouldKeepAlive = false;
      // net's close, not http's: stop listening but leave open connections alone (see above).
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));

      let timer: NodeJS.Timeout | undefined;
      const finished = new Promise<boolean>((resolve) => {
        if (active.size === 0) return resolve(false);
        onIdle = () => resolve(false);
        timer = setTimeout(() => resolve(true), graceMs);
      });
      const forced = await finished;
      clearTimeout(timer);
      onIdle = null;
      server.closeAllConnections();
      await closed;
      return { forced };
    },
  };
}
