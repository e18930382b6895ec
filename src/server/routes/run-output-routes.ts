import { API_ERROR } from '@/contract/api-errors';
import { ROLE } from '@/contract/roles';
import { negotiateEncoding } from '../http/accept-encoding';
import { ApiHttpError } from '../http/api-error';
import { freshness } from '../http/freshness';
import { idParam, queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import type { RouteSpec } from '../http/route-table';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { COMPRESS_MIN_BYTES } from '../middleware/compress-json';
import { completeBody } from '../runs/appendable-body';
import { ResponseBytesCache } from '../runs/response-bytes-cache';
import type { RunReader } from '../runs/run-reader';
import { outputJsonOf, outputOwnerOf } from '../runs/run-output-bytes';
import type { RunInclude } from '../upstream/run-include';
import { matchesIfNoneMatch } from '../http/if-none-match';

/**
 * The sections the run page reads a run with: the output is read from the page's own cached copy,
 * so fetching it apart never costs another upstream read while that copy is in its window.
 */
const PAGE_INCLUDES: RunInclude[] = ['input', 'storage', 'artifacts'];

/**
 * `GET /api/runs/:runId/output`: a run's output as raw JSON, for outputs too large to travel inside
 * the run response (see run-output-bytes.ts). Same policy and same cached copy as the run read;
 * the bytes are made (and compressed) once per copy and shared by every viewer, with a weak ETag
 * so a browser holding them gets a 304.
 */
export function runOutputRoutes(deps: { reader: RunReader; bodies?: ResponseBytesCache }): RouteSpec[] {
  const { reader } = deps;
  const bodies = deps.bodies ?? new ResponseBytesCache();
  return [
    {
      method: 'GET',
      path: '/api/runs/:runId/output',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const read =
          reader.peekRun(runId, PAGE_INCLUDES) ??
          (await asRequester(c, () => reader.readRun(runId, PAGE_INCLUDES)).catch((error: unknown) => {
            throw apiErrorFromUpstream(error, 'run');
          }));
        freshness(c, read);
        const { view } = read.value;
        if (outputJsonOf(view) === null) {
          throw new ApiHttpError(
            API_ERROR.not_found,
            view.sectionProblems.some((p) => p.section === 'output') ? 'this run’s output could not be read' : 'this run has no output yet',
          );
        }
        const owner = outputOwnerOf(view);
        const key = `${runId}#output`;
        const serialize = () => outputJsonOf(view)!;
        const plainHead = bodies.head(key, owner, null, serialize);
        const plain = plainHead instanceof Promise ? await plainHead : plainHead;
        const etag = `W/"${plain.tag}"`;
        c.header('ETag', etag);
        c.header('Vary', 'Accept-Encoding');
        // The browser keeps the bytes and asks again with the tag; an unchanged output costs a 304.
        c.header('Cache-Control', 'private, no-cache');
        if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
        const accepted = c.req.method === 'HEAD' ? null : negotiateEncoding(c.req.header('Accept-Encoding'), ['gzip', 'br']);
        const coding = plain.plainLength >= COMPRESS_MIN_BYTES ? accepted : null;
        const codedHead = coding === null ? plain : bodies.head(key, owner, coding, serialize);
        const head = codedHead instanceof Promise ? await codedHead : codedHead;
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (coding) headers['Content-Encoding'] = coding;
        return c.body(completeBody(head, '') as Uint8Array<ArrayBuffer>, 200, headers);
      },
    },
  ];
}
