import type { Context } from 'hono';
import type { Freshness, RunView } from '@/contract/bff';
import type { AppEnv } from '../app-env';
import { negotiateEncoding } from '../http/accept-encoding';
import { COMPRESS_MIN_BYTES } from '../middleware/compress-json';
import { completeBody } from '../runs/appendable-body';
import type { ResponseBytesCache } from '../runs/response-bytes-cache';
import { matchesIfNoneMatch } from '../http/if-none-match';

/**
 * Sends a `RunResponse` whose run part is serialised and compressed once per cached copy and
 * shared by every viewer of that copy; only the freshness (age, stale) is written per response.
 * The body holds nothing per person (the run as the upstream told it, and how fresh the copy is),
 * so sharing it is safe; cookies and budget headers stay per response.
 *
 * The weak ETag names the run bytes and the copy's fetch time and state, not its age: a client
 * holding that body holds the same run and the same freshness apart from the age, so
 * `If-None-Match` with it gets a 304.
 */
export async function sendSharedRun(
  c: Context<AppEnv>,
  bodies: ResponseBytesCache,
  key: string,
  copy: { owner: object; view: RunView; freshness: Freshness },
): Promise<Response> {
  const serialize = () => `{"run":${JSON.stringify(copy.view)},"freshness":`;
  const plainHead = bodies.head(key, copy.owner, null, serialize);
  // Awaited only while being built: a built head costs no extra turn of the event loop.
  const plain = plainHead instanceof Promise ? await plainHead : plainHead;
  const accepted = c.req.method === 'HEAD' ? null : negotiateEncoding(c.req.header('Accept-Encoding'), ['gzip', 'br']);
  const coding = plain.plainLength >= COMPRESS_MIN_BYTES ? accepted : null;
  const codedHead = coding === null ? plain : bodies.head(key, copy.owner, coding, serialize);
  const head = codedHead instanceof Promise ? await codedHead : codedHead;
  const { freshness } = copy;
  const etag = `W/"${plain.tag}.${Date.parse(freshness.fetchedAt).toString(36)}${freshness.stale ? `.stale.${freshness.staleReason ?? ''}` : ''}"`;
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Encoding');
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (coding) headers['Content-Encoding'] = coding;
  return c.body(completeBody(head, `${JSON.stringify(freshness)}}`) as Uint8Array<ArrayBuffer>, 200, headers);
}
