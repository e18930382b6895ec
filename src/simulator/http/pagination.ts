import type { Context } from 'hono';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Cursors are opaque to clients; here they are base64url of the last item's id. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_\-+/]+={0,2}$/.test(cursor) || cursor.length > 400) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[A-Za-z0-9_.-]{1,200}$/.test(decoded) ? decoded : null;
}

export type PageRequest =
  | { ok: true; limit: number; after: string | null; before: string | null }
  | { ok: false; field: string; message: string; code: 'parameter_invalid' | 'cursor_invalid' };

/** Reads `limit`, `cursor`, `starting_after` and `ending_before` from the query string. */
export function readPageRequest(c: Context): PageRequest {
  const rawLimit = c.req.query('limit');
  let limit = DEFAULT_PAGE_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_PAGE_LIMIT) {
      return { ok: false, field: 'limit', code: 'parameter_invalid', message: `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.` };
    }
    limit = Number(rawLimit);
  }
  const cursor = c.req.query('cursor');
  const startingAfter = c.req.query('starting_after');
  const endingBefore = c.req.query('ending_before');
  if ([cursor, startingAfter, endingBefore].filter((value) => value !== undefined).length > 1) {
    return { ok: false, field: 'cursor', code: 'parameter_invalid', message: 'Use only one of cursor, starting_after and ending_before.' };
  }
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (decoded === null) return { ok: false, field: 'cursor', code: 'cursor_invalid', message: 'The pagination cursor is invalid or expired.' };
    return { ok: true, limit, after: decoded, before: null };
  }
  return { ok: true, limit, after: startingAfter ?? null, before: endingBefore ?? null };
}

/**
 * Pages through `items` (already filtered and sorted). The anchor item is looked up among ALL items
 * so a cursor stays valid when its run no longer matches a status filter. In `ending_before` mode
 * the page holds the items just before the anchor, `has_more` tells whether more precede it and
 * there is no `next_cursor`.
 */
export function paginate<T>(
  items: readonly T[],
  request: Extract<PageRequest, { ok: true }>,
  options: { idOf: (item: T) => string; findAnchor: (id: string) => T | undefined; compare: (a: T, b: T) => number },
): Page<T> | null {
  if (request.before !== null) {
    const anchor = options.findAnchor(request.before);
    if (anchor === undefined) return null;
    const preceding = items.filter((item) => options.compare(item, anchor) < 0);
    return { data: preceding.slice(-request.limit), has_more: preceding.length > request.limit, next_cursor: null };
  }
  let rest = items;
  if (request.after !== null) {
    const anchor = options.findAnchor(request.after);
    if (anchor === undefined) return null;
    rest = items.filter((item) => options.compare(item, anchor) > 0);
  }
  const data = rest.slice(0, request.limit);
  const hasMore = rest.length > request.limit;
  const last = data[data.length - 1];
  return { data, has_more: hasMore, next_cursor: hasMore && last !== undefined ? encodeCursor(options.idOf(last)) : null };
}
