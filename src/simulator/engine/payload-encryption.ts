import type { Random } from './random';

/**
 * Imitates the upstream's org-wide payload encryption: an opaque `enc_` + base64url string about as
 * long as an AES-256-GCM envelope of the JSON would be. Nobody can (or should) decrypt it.
 */
export function encryptPayload(value: unknown, random: Random): string {
  const plainLength = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
  const envelope = Buffer.alloc(12 + plainLength + 16);
  for (let i = 0; i < envelope.length; i += 1) envelope[i] = Math.floor(random() * 256);
  return `enc_${envelope.toString('base64url')}`;
}
