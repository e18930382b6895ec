/**
 * Output and input come back as `enc_…` strings when org-wide payload encryption is on, and the BFF
 * passes them through as they are. Kept apart from the upstream wire schemas so the SPA can check
 * for it without loading them.
 */
export function isEncryptedPayload(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('enc_');
}
