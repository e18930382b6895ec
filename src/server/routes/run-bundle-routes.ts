import type { AuditEntry } from '@/contract/audit';
import { BUNDLE_JSON_NAME, type BundleScreenshot } from '@/contract/bundle';
import { ROLE } from '@/contract/roles';
import type { AuditSink } from '../audit/audit-entry';
import { bundleScreenshots } from '../bundle/bundle-screenshots';
import { buildRunBundle } from '../bundle/run-bundle';
import { ZipWriter } from '../bundle/zip-writer';
import type { SignedFileFetcher } from '../files/signed-file-fetcher';
import { idParam, queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { stringifyWithoutRecursion } from '../runs/json-text';
import type { RunReader } from '../runs/run-reader';
import { mergeTimeline } from '../runs/timeline-merge';
import type { EventStore } from '../store/event-store';
import type { ObservationStore } from '../store/observation-store';
import type { RunInclude } from '../upstream/run-include';
import type { RouteSpec } from '../http/route-table';

/** The audit log's per-run reader (the audit store has one; a sink that only appends does not). */
export interface RunAuditSource {
  forRun(runId: string): AuditEntry[] | Promise<AuditEntry[]>;
}

export function runAuditSource(sink: AuditSink | null | undefined): RunAuditSource | null {
  const candidate = sink as Partial<RunAuditSource> | null | undefined;
  return candidate && typeof candidate.forRun === 'function' ? (candidate as RunAuditSource) : null;
}

const BUNDLE_INCLUDES: RunInclude[] = ['input', 'storage', 'artifacts'];

/**
 * `GET /api/runs/:runId/bundle`: a zip for a support ticket — `bundle.json` (the run, its complete
 * timeline, its errors with their group, screenshot reasoning, the audit of actions on it, all with
 * secrets removed; see contract/bundle.ts) and the screenshot images, fetched through the signed-file
 * fetcher within the bundle caps. The run is read (through the request budget) before anything is
 * sent, so a run that cannot be read gets a plain error; the zip then streams, images as they arrive
 * and `bundle.json` last, since it records which images made it in.
 *
 * A read like the raw view and file downloads, and audited like them: not at all. Viewers may
 * download it; it holds nothing a viewer cannot already see on the run page.
 */
export function runBundleRoutes(deps: {
  reader: RunReader;
  store: ObservationStore;
  events?: EventStore;
  fetchFile: SignedFileFetcher;
  audit: RunAuditSource | null;
  now?: () => Date;
}): RouteSpec[] {
  const now = deps.now ?? (() => new Date());
  return [
    {
      method: 'GET',
      path: '/api/runs/:runId/bundle',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const read = await asRequester(c, () => deps.reader.readRun(runId, BUNDLE_INCLUDES)).catch((error: unknown) => {
          throw apiErrorFromUpstream(error, 'run');
        });
        const record = read.value;
        const timeline = mergeTimeline(await deps.store.timeline(runId), deps.events ? await deps.events.statusHistory(runId) : []);
        const audit = (await deps.audit?.forRun(runId)) ?? [];
        const generatedAt = now();
        const generatedBy = c.get('principal')?.name ?? null;
        const log = c.get('log');

        const shots = bundleScreenshots({
          shots: record.view.screenshots ?? [],
          raw: record.raw,
          fetchFile: deps.fetchFile,
          reread: async () => {
            const fresh = await deps.reader.readRun(runId, BUNDLE_INCLUDES, { fresh: true }).catch(() => null);
            return fresh && fresh.source !== 'stale' ? fresh.value.raw : null;
          },
        });

        async function* zipChunks(): AsyncGenerator<Uint8Array> {
          const queue: Uint8Array[] = [];
          const zip = new ZipWriter((chunk) => void queue.push(chunk), generatedAt);
          const listed: BundleScreenshot[] = [];
          for await (const shot of shots) {
            listed.push(shot.meta);
            if (shot.bytes && shot.meta.file) {
              await zip.add(shot.meta.file, shot.bytes, { compress: false });
              yield* queue.splice(0);
            }
          }
          const bundle = buildRunBundle({ view: record.view, wire: record.wire, timeline, audit, screenshots: listed, generatedBy, generatedAt });
          await zip.add(BUNDLE_JSON_NAME, Buffer.from(stringifyWithoutRecursion(bundle), 'utf8'), { compress: true });
          await zip.finish();
          yield* queue.splice(0);
        }

        const chunks = zipChunks();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            try {
              const next = await chunks.next();
              if (next.done) controller.close();
              else controller.enqueue(next.value);
            } catch (error) {
              log.warn('run bundle cut off', { runId, error });
              controller.error(error);
            }
          },
          cancel: async () => {
            await chunks.return(undefined);
          },
        });
        const stamp = generatedAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
        return new Response(body, {
          status: 200,
          headers: {
            'Content-Type': 'application/zip',
            'Content-Disposition': `attachment; filename="runwatch-${runId}-${stamp}.zip"`,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
          },
        });
      },
    },
  ];
}
