import { isIP } from 'node:net';

/**
 * Where webhooks may go. `loopback` (the default) keeps a demo simulator from being pointed at other
 * hosts on the network; `any` allows every http(s) host.
 */
export type WebhookTargets = 'loopback' | 'any';

/** A reason the URL is refused, or null when deliveries may go there. */
export function refuseWebhookUrl(raw: string, targets: WebhookTargets): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhook.url must be an absolute http(s) URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'webhook.url must use http or https.';
  if (url.username !== '' || url.password !== '') return 'webhook.url must not carry credentials.';
  if (targets === 'any' || isLoopbackHost(url.hostname)) return null;
  return 'This simulator delivers webhooks to loopback addresses only (localhost, 127.0.0.0/8, ::1); start it with --webhooks-any-host to allow others.';
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
