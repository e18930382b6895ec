import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signature check, pure. A delivery carries `webhook-id`, `webhook-timestamp`
 * (unix seconds) and `webhook-signature` (space-separated `v1,<base64>` entries); the signature is
 * the base64 HMAC-SHA256 of `"{id}.{timestamp}.{raw body}"` keyed with the base64-decoded part of a
 * `whsec_…` secret. Every configured secret is tried (two during a rotation), every comparison is
 * constant-time, and a timestamp more than the tolerance away from now is refused so a captured
 * delivery cannot be replayed later.
 */

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookRejection =
  'missing_headers' | 'invalid_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'malformed_signature' | 'no_matching_signature';

export const WEBHOOK_REJECTION_MESSAGES: Record<WebhookRejection, string> = {
  missing_headers: 'webhook-id, webhook-timestamp and webhook-signature are all required',
  invalid_timestamp: 'webhook-timestamp must be unix seconds',
  timestamp_too_old: 'webhook-timestamp is more than 5 minutes in the past',
  timestamp_too_new: 'webhook-timestamp is more than 5 minutes in the future',
  malformed_signature: 'webhook-signature has no v1 signature',
  no_matching_signature: 'no signature matches a configured secret',
};

export type WebhookVerdict = { ok: true; deliveryId: string; timestamp: number } | { ok: false; reason: WebhookRejection };

export interface WebhookHeaders {
  id: string | null | undefined;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
}

/** A secret as configured: `whsec_` followed by base64 of at least 16 bytes. */
const SECRET_FORMAT = /^whsec_([A-Za-z0-9+/]{22,}={0,2})$/;
const MAX_DELIVERY_ID_LENGTH = 256;
const MAX_SIGNATURE_ENTRIES = 8;

/** The HMAC key of a `whsec_…` secret; null when it is not one. */
export function webhookSigningKey(secret: string): Buffer | null {
  const match = SECRET_FORMAT.exec(secret.trim());
  if (!match) return null;
  const key = Buffer.from(match[1]!, 'base64');
  return key.length >= 16 ? key : null;
}

export function verifyWebhook(input: {
  headers: WebhookHeaders;
  body: string | Buffer;
  keys: readonly Buffer[];
  nowSeconds: number;
  toleranceSeconds?: number;
}): WebhookVerdict {
  const { id, timestamp, signature } = input.headers;
  if (!id || !timestamp || !signature || id.length > MAX_DELIVERY_ID_LENGTH) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const sentAt = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (sentAt < input.nowSeconds - tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (sentAt > input.nowSeconds + tolerance) return { ok: false, reason: 'timestamp_too_new' };

  const offered = signature
    .split(' ')
    .slice(0, MAX_SIGNATURE_ENTRIES)
    .map((entry) => /^v1,([A-Za-z0-9+/]+={0,2})$/.exec(entry.trim())?.[1])
    .filter((value): value is string => value !== undefined)
    .map((value) => Buffer.from(value, 'base64'));
  if (offered.length === 0) return { ok: false, reason: 'malformed_signature' };

  let matched = false;
  for (const key of input.keys) {
    const expected = hmac(key, id, timestamp, input.body);
    for (const candidate of offered) {
      // Lengths are public (a SHA-256 MAC is always 32 bytes); only equal lengths are compared, in constant time.
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched ? { ok: true, deliveryId: id, timestamp: sentAt } : { ok: false, reason: 'no_matching_signature' };
}

function hmac(key: Buffer, deliveryId: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${deliveryId}.${timestamp}.`).update(body).digest();
}
