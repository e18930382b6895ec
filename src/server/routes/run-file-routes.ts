import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import { ROLE } from '@/contract/roles';
import type { UpstreamTaskRun } from '@/contract/upstream';
import type { AppEnv } from '../app-env';
import { attachmentDisposition, downloadType, mediaTypeOf, screenshotType } from '../files/download-headers';
import { FileFetchError, type SignedFileFetcher } from '../files/signed-file-fetcher';
import type { ApiErrorCode } from '@/contract/api-errors';
import { ApiHttpError } from '../http/api-error';
import { idParam, queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import type { Logger } from '../logger';
import type { RunReader } from '../runs/run-reader';
import type { RunInclude } from '../upstream/run-include';
import type { RouteSpec } from '../http/route-table';

/**
 * Screenshots and captured files, streamed through Runwatch so signed upstream links never reach
 * the browser. The link is always looked up from the run as the upstream returns it; when it has
 * expired (400/401/403 from the file host), the run is read again once, bypassing the cache, for a
 * new link. Bodies are capped in size (RUNWATCH_MAX_FILE_MB, enforced by the fetcher) and sent with
 * a type from an allow-list only.
 */
export function runFileRoutes(deps: { reader: RunReader; fetchFile: SignedFileFetcher }): RouteSpec[] {
  const { reader, fetchFile } = deps;

  async function download(
    c: Context<AppEnv>,
    runId: string,
    include: RunInclude,
    locate: (run: UpstreamTaskRun) => string | null,
    notFound: ApiErrorCode,
  ): Promise<Response> {
    let read = await asRequester(c, () => reader.readRun(runId, [include])).catch((error: unknown) => {
      throw apiErrorFromUpstream(error, 'run');
    });
    for (let attempt = 1; ; attempt++) {
      const url = locate(read.value.raw);
      if (!url) throw new ApiHttpError(notFound, notFound === API_ERROR.file_not_found ? 'file not found' : 'screenshot not found');
      try {
        return await fetchFile(url);
      } catch (error) {
        if (!(error instanceof FileFetchError)) throw error;
        if (error.kind === 'expired' && attempt === 1) {
          c.get('log').info('file link expired; reading the run again for a new one', { runId });
          read = await reader.readRun(runId, [include], { fresh: true }).catch((e: unknown) => {
            throw apiErrorFromUpstream(e, 'run');
          });
          if (read.source === 'stale') throw apiErrorFromUpstream(read.staleBecause, 'run');
          continue;
        }
        throw fileError(error, notFound);
      }
    }
  }

  return [
    {
      method: 'GET',
      path: '/api/runs/:runId/screenshots/:index',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        const indexText = c.req.param('index') ?? '';
        if (!/^(0|[1-9][0-9]{0,5})$/.test(indexText)) {
          throw new ApiHttpError(API_ERROR.invalid_id, 'invalid screenshot index', { details: { parameter: 'index' } });
        }
        queryParams(c, []);
        const index = Number(indexText);
        let declaredType: string | null = null;
        const upstream = await download(
          c,
          runId,
          'artifacts',
          (run) => {
            const shot = (run.artifacts?.screenshots ?? run.screenshots ?? [])[index];
            declaredType = mediaTypeOf(shot?.file_type);
            return shot?.url ?? null;
          },
          API_ERROR.screenshot_not_found,
        );
        const type = screenshotType(mediaTypeOf(upstream.headers.get('content-type')), declaredType);
        if (!type) {
          await upstream.body?.cancel().catch(() => {});
          throw new ApiHttpError(API_ERROR.file_unavailable, 'the screenshot is not an image type Runwatch shows');
        }
        return passOn(c, upstream, { 'Content-Type': type, 'Content-Disposition': 'inline' });
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId/files/:storageId',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        const storageId = idParam(c, 'storageId', 'storage');
        queryParams(c, []);
        let fileName = 'download';
        let declaredType: string | null = null;
        const upstream = await download(
          c,
          runId,
          'storage',
          (run) => {
            const item = (run.storage ?? []).find((s) => s.id === storageId);
            if (!item) return null;
            fileName = item.file_name;
            declaredType = mediaTypeOf(item.file_type);
            return item.url ?? null;
          },
          API_ERROR.file_not_found,
        );
        const type = downloadType(mediaTypeOf(upstream.headers.get('content-type')), declaredType);
        return passOn(c, upstream, { 'Content-Type': type, 'Content-Disposition': attachmentDisposition(fileName) });
      },
    },
  ];
}

/** Streams the body on with our own headers only (nothing else from the file host is passed). */
function passOn(c: Context<AppEnv>, upstream: Response, headers: Record<string, string>): Response {
  const out = new Headers(headers);
  const length = upstream.headers.get('content-length');
  if (length && /^\d{1,12}$/.test(length)) out.set('Content-Length', length);
  out.set('Cache-Control', 'private, max-age=300');
  out.set('X-Content-Type-Options', 'nosniff');
  // A downloaded HTML or SVG file opened from here must not run script with Runwatch's origin.
  out.set('Content-Security-Policy', "default-src 'none'; sandbox");
  return new Response(loggedOnFailure(upstream.body, c.get('log')), { status: 200, headers: out });
}

/**
 * The body as it streams, with a log line when it breaks off (the size cap, a file host that went
 * away): the browser then sees an aborted download, and the log says why.
 */
function loggedOnFailure(body: ReadableStream<Uint8Array> | null, log: Logger): ReadableStream<Uint8Array> | null {
  if (!body) return null;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        log.warn('file download cut off', { reason: error instanceof FileFetchError ? error.message : 'the file host stopped sending', error });
        controller.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function fileError(error: FileFetchError, notFound: ApiErrorCode): ApiHttpError {
  switch (error.kind) {
    case 'not_found':
      return new ApiHttpError(notFound, 'the file is no longer available');
    case 'timeout':
      return new ApiHttpError(API_ERROR.upstream_timeout, 'the file host did not answer in time');
    case 'expired':
      return new ApiHttpError(API_ERROR.file_unavailable, 'the file link expired and a new one did not work');
    case 'too_large':
      return new ApiHttpError(API_ERROR.file_too_large, error.message);
    case 'not_allowed':
    case 'failed':
      return new ApiHttpError(API_ERROR.file_unavailable, error.message);
  }
}
