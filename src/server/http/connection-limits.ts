import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Keeps the HTTP server reachable when clients hold connections open without using them.
 *
 * - A new connection must deliver its first request's headers within `firstRequestTimeoutMs`,
 *   or it is closed. Node applies `headersTimeout` only once a request has begun, so a connection
 *   that never sends a byte would otherwise stay open for ever.
 * - At most `maxConnections` are open; from `evictAtShare` of that on, the oldest connections
 *   that have not sent a request yet are closed to make room (then idle kept-alive ones), so a
 *   flood of silent connections cannot lock real clients out.
 * - Kept-alive connections idle out after `keepAliveTimeoutMs`, above the 60 s that common
 *   proxies and load balancers keep pooled connections: the client, not Runwatch, closes first,
 *   so a pooled request never races a closing connection. `headersTimeoutMs` is above that
 *   again, as Node requires for the two to work together.
 */

export interface ConnectionLimits {
  maxConnections: number;
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
  /** For receiving a whole request (headers and body; Runwatch's bodies are small). */
  requestTimeoutMs: number;
  firstRequestTimeoutMs: number;
  /** Part of `maxConnections` (0–1) from which silent connections are closed to make room. */
  evictAtShare: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 10_000,
  keepAliveTimeoutMs: 65_000,
  headersTimeoutMs: 66_000,
  requestTimeoutMs: 120_000,
  firstRequestTimeoutMs: 10_000,
  evictAtShare: 0.9,
};

export interface ConnectionGuard {
  /** Connections open right now. */
  open(): number;
  /** Of those, how many have not sent a request yet. */
  silent(): number;
  /** Connections closed because they stayed silent or had to make room. */
  closedSilent(): number;
}

export function applyConnectionLimits(server: Server, overrides: Partial<ConnectionLimits> = {}): ConnectionGuard {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...overrides };
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  const evictAt = Math.max(1, Math.floor(limits.maxConnections * limits.evictAtShare));

  // Insertion order is age order: the first entry has been silent longest.
  const silent = new Map<Socket, NodeJS.Timeout>();
  const counted = new Set<Socket>();
  let closedSilent = 0;
  let lastIdleSweep = 0;

  const spoke = (socket: Socket) => {
    const timer = silent.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    silent.delete(socket);
  };
  const closeSilent = (socket: Socket) => {
    spoke(socket);
    // Counted out now: its close event may come a little later.
    counted.delete(socket);
    closedSilent += 1;
    socket.destroy();
  };

  server.on('connection', (socket: Socket) => {
    counted.add(socket);
    socket.once('close', () => {
      counted.delete(socket);
      spoke(socket);
    });
    const timer = setTimeout(() => closeSilent(socket), limits.firstRequestTimeoutMs);
    timer.unref();
    silent.set(socket, timer);
    if (counted.size <= evictAt) return;
    for (const oldest of silent.keys()) {
      if (counted.size <= evictAt || oldest === socket) break;
      closeSilent(oldest);
    }
    // Still crowded with connections that did speak: let idle kept-alive ones go (at most once a second).
    const now = Date.now();
    if (counted.size > evictAt && now - lastIdleSweep >= 1000) {
      lastIdleSweep = now;
      server.closeIdleConnections();
    }
  });
  // Ahead of the app's listener: from its first request on, a connection is Node's to time out.
  server.prependListener('request', (request) => spoke(request.socket));

  return { open: () => counted.size, silent: () => silent.size, closedSilent: () => closedSilent };
}
