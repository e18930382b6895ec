import type { Context } from 'hono';

/** Array query parameters arrive as repeated params, comma lists, or both (`?a=x&a=y,z`). */
export function queryList(c: Context, name: string): string[] {
  const values = c.req.queries(name) ?? [];
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** ISO 8601 timestamp parameter: undefined when absent, null when present but unreadable. */
export function queryTimestamp(c: Context, name: string): number | undefined | null {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}
