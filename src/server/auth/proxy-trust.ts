import net from 'node:net';
import type { Context } from 'hono';
import { callerRequestOf, type CallerRequest } from '../http/caller-request';

/**
 * What the TCP connection says about a request, and how far the reverse proxy's headers are
 * believed. Forwarded headers (`X-Forwarded-For`, `X-Forwarded-Proto`, the proxy user header) only
 * count when the direct peer is one of RUNWATCH_TRUSTED_PROXIES; from anyone else they are ignored.
 */
export interface ProxyTrust {
  isTrusted(address: string | null): boolean;
  /** The TCP peer; null when the request did not come over a socket (in-process tests). */
  peerAddress(c: Context): string | null;
  /** The address to attribute the request to: the first untrusted hop, else the peer. */
  clientAddress(c: Context): string | null;
  /** True when the request reached Runwatch or its trusted proxy over HTTPS. */
  isHttps(c: Context): boolean;
  /** `isHttps` from what a CallerRequest carries (the same decision without a Hono Context). */
  isHttpsRequest(request: CallerRequest): boolean;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same peer. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

function socketAddress(c: Context): string | null {
  // @hono/node-server puts the Node request in the env; other runtimes (and app.request) do not.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  return typeof address === 'string' && address ? normalizeAddress(address) : null;
}

export function createProxyTrust(trustedProxies: readonly string[]): ProxyTrust {
  const trusted = new Set(trustedProxies.map(normalizeAddress));

  const isTrusted = (address: string | null) => address !== null && trusted.has(normalizeAddress(address));

  const isHttpsRequest = (request: CallerRequest) => {
    if (request.tls()) return true;
    if (!isTrusted(request.peer())) return false;
    const proto = request.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    return proto === 'https';
  };

  return {
    isTrusted,
    peerAddress: socketAddress,
    clientAddress(c) {
      const peer = socketAddress(c);
      if (!isTrusted(peer)) return peer;
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((hop) => hop.trim())
        .filter((hop) => net.isIP(normalizeAddress(hop)) !== 0)
        .map(normalizeAddress);
      // Walk back from the nearest hop; the first one we do not trust is the client.
      for (let i = hops.length - 1; i >= 0; i -= 1) {
        const hop = hops[i];
        if (hop !== undefined && !isTrusted(hop)) return hop;
      }
      return hops[0] ?? peer;
    },
    isHttps(c) {
      return isHttpsRequest(callerRequestOf(c));
    },
    isHttpsRequest,
  };
}
