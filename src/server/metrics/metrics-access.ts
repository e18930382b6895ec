import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { peerAddress } from '../http/client-address';

/**
 * Who may read `/metrics`. With RUNWATCH_METRICS_TOKEN set: whoever sends it as a bearer token,
 * from anywhere (a Prometheus on another host). Without it: only a scraper on this machine, i.e.
 * a loopback peer whose request did not come through a proxy (a reverse proxy on the same host
 * also connects from loopback, and would otherwise hand the figures to anyone outside).
 */

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'];

/** Compared as digests, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function metricsAccess(c: Context, token: string | null): MetricsAccess {
  if (token !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (match && sameSecret(match[1]!, token)) return { ok: true };
    return { ok: false, status: 401, message: 'metrics need the bearer token set in RUNWATCH_METRICS_TOKEN' };
  }
  const peer = peerAddress(c);
  const proxied = PROXY_HEADERS.some((name) => c.req.header(name) !== undefined);
  if (peer !== null && LOOPBACK.test(peer) && !proxied) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: 'metrics are served only to this machine; set RUNWATCH_METRICS_TOKEN to scrape them from elsewhere',
  };
}
