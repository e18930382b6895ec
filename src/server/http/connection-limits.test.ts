import http, { type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connection-limits';

/**
 * Silent connections against the real app over loopback. 5,000 idle connections use 10,000 file
 * descriptors in this one process (both ends); the suite needs an open-file limit above that
 * (`ulimit -n`; 20,000 where it was written).
 */

let h: Harness;
const servers: Server[] = [];
const sockets: net.Socket[] = [];

beforeAll(async () => {
  h = await startHarness();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

afterAll(async () => {
  await h.close();
});

async function limitedServer(limits: Partial<ConnectionLimits>) {
  const server = serve({ fetch: h.runwatch.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  const guard = applyConnectionLimits(server, limits);
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, guard, port: (server.address() as AddressInfo).port };
}

/** Opens a TCP connection that never sends a byte; `closed` settles when the server ends it. */
function silentConnection(port: number): Promise<{ closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ closed }));
    socket.once('error', reject);
  });
}

/** Opens `count` silent connections in batches (so the listen backlog is never what is tested), calling `between` after each. */
async function silentConnections(port: number, count: number, between: () => Promise<void> = async () => {}) {
  const opened: { closed: Promise<void> }[] = [];
  for (let i = 0; i < count; i += 250) {
    opened.push(...(await Promise.all(Array.from({ length: Math.min(250, count - i) }, () => silentConnection(port)))));
    await between();
  }
  return opened;
}

function healthz(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ port, host: '127.0.0.1', path: '/healthz', agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
  });
}

describe('connection limits', () => {
  it('closes 5,000 connections that never send a byte, and /healthz answers throughout', { timeout: 60_000 }, async () => {
    const { guard, port } = await limitedServer({ firstRequestTimeoutMs: 2_000 });
    const answers: number[] = [];
    const opened = await silentConnections(port, 5_000, async () => {
      answers.push(await healthz(port));
    });

    let allClosed = false;
    const closing = Promise.all(opened.map((c) => c.closed)).then(() => (allClosed = true));
    while (!allClosed) {
      answers.push(await healthz(port));
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    answers.push(await healthz(port));

    expect(answers.length).toBeGreaterThan(20);
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(guard.closedSilent()).toBeGreaterThanOrEqual(5_000);
    expect(guard.silent()).toBe(0);
  });

  it('makes room for a real client by closing the oldest silent connections first', async () => {
    // Silent connections would be kept for a minute; only the cap can make room.
    const { guard, port } = await limitedServer({ maxConnections: 200, evictAtShare: 0.5, firstRequestTimeoutMs: 60_000 });
    const opened = await silentConnections(port, 300);
    expect(guard.open()).toBeLessThanOrEqual(100);
    expect(await healthz(port)).toBe(200);
    // The first ones opened were the ones closed.
    const firstClosed = await Promise.race([opened[0]!.closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 2_000))]);
    expect(firstClosed).toBe(true);
  });

  it('leaves a connection that sent a request to the keep-alive timeout, above common proxy pool timeouts', async () => {
    const { server, guard, port } = await limitedServer({ firstRequestTimeoutMs: 60_000 });
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    expect(server.maxConnections).toBe(DEFAULT_CONNECTION_LIMITS.maxConnections);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
        http
          .get({ port, host: '127.0.0.1', path: '/healthz', agent }, (response) => {
            response.resume();
            const header = response.headers['keep-alive'];
            response.once('end', () => resolve(Array.isArray(header) ? header[0] : header));
          })
          .once('error', reject);
      });
      expect(keepAlive).toBe('timeout=65');
      expect(guard.open()).toBe(1);
      expect(guard.silent()).toBe(0);
    } finally {
      agent.destroy();
    }
  });
});

describe('configuration', () => {
  it('reads the connection cap and the upstream body cap, and names a bad value', () => {
    expect(loadConfig({}).maxConnections).toBe(10_000);
    expect(loadConfig({}).upstreamMaxBodyBytes).toBe(32 * 1024 * 1024);
    const set = loadConfig({ RUNWATCH_MAX_CONNECTIONS: '2000', RUNWATCH_UPSTREAM_MAX_BODY_MB: '8' });
    expect(set.maxConnections).toBe(2_000);
    expect(set.upstreamMaxBodyBytes).toBe(8 * 1024 * 1024);
    expect(() => loadConfig({ RUNWATCH_MAX_CONNECTIONS: 'lots' })).toThrow(/RUNWATCH_MAX_CONNECTIONS/);
    expect(() => loadConfig({ RUNWATCH_UPSTREAM_MAX_BODY_MB: '0' })).toThrow(/RUNWATCH_UPSTREAM_MAX_BODY_MB/);
  });
});
