/**
 * The one form instants are compared and stored in (`2026-03-02T10:00:00.000Z`): upstream spellings
 * differ (with or without seconds or milliseconds, `Z` or an offset) and would not compare lexically
 * otherwise.
 */

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
export const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An ISO 8601 instant in the canonical form; null when it is not one or cannot be read. */
export function canonicalInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!ISO_TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY and would break the lexical order.
  return CANONICAL_TIMESTAMP.test(iso) ? iso : null;
}
