import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import { RUN_EXPORT_MAX_ROWS } from '@/contract/bulk';
import { ROLE } from '@/contract/roles';
import type { AppEnv } from '../app-env';
import { ApiHttpError } from '../http/api-error';
import { queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { exportRecordOf, runCsvHeader, runCsvLine, type RunExportRecord } from '../runs/run-export-lines';
import type { RunListRecord, RunReader } from '../runs/run-reader';
import { InvalidRunFilterError } from '../store/event-store';
import type { RunListFilters } from '../upstream/run-list-filters';
import type { RouteSpec } from '../http/route-table';
import { RUN_LIST_PARAMS, parseRunListQuery } from './run-list-query';

/** Rows read per page: the largest page the list (and the upstream) serves. */
const EXPORT_PAGE_SIZE = 100;

/** The runs list's filters; paging is the export's own business. */
const EXPORT_PARAMS = RUN_LIST_PARAMS.filter((name) => name !== 'cursor' && name !== 'limit');

type Format = 'csv' | 'json';

/**
 * `GET /api/export/runs.csv` and `.json`: every run matching the list's filters, all pages, written
 * as they are read (a page at a time, from the run index when it covers the list) so a long export
 * never sits in memory. At most RUN_EXPORT_MAX_ROWS rows; the JSON says when it stopped there and
 * the CSV's `X-Runwatch-Export-Limit` header names the limit.
 */
export function runExportRoutes(deps: { reader: RunReader }): RouteSpec[] {
  return (['csv', 'json'] as const).map((format): RouteSpec => ({
    method: 'GET',
    path: `/api/export/runs.${format}`,
    policy: ROLE.viewer,
    handler: (c) => exportRuns(c, deps.reader, format),
  }));
}

async function exportRuns(c: Context<AppEnv>, reader: RunReader, format: Format): Promise<Response> {
  const filters = parseRunListQuery(queryParams(c, EXPORT_PARAMS));
  const readPage = (cursor: string | undefined) =>
    asRequester(c, () => reader.listRuns({ ...filters, limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) })).catch((error: unknown) => {
      if (error instanceof InvalidRunFilterError) {
        throw new ApiHttpError(API_ERROR.invalid_request, `invalid value for ${error.field}`, { details: { parameters: [error.field] } });
      }
      throw apiErrorFromUpstream(error, 'list');
    });
  // The first page is read before anything is sent, so a refused filter or an outage is a clear error.
  const first = (await readPage(undefined)).value;
  const log = c.get('log');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const encoder = new TextEncoder();
  const pages = exportPages(first, (cursor) => readPage(cursor).then((read) => read.value));

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of format === 'csv' ? csvChunks(pages) : jsonChunks(pages, filters)) controller.enqueue(encoder.encode(chunk));
        controller.close();
      } catch (error) {
        // Headers are gone: break the download rather than hand over a file that looks complete.
        log.warn('run export stopped midway', { error: error instanceof Error ? error.message : String(error) });
        controller.error(error);
      }
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="runwatch-runs-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Runwatch-Export-Limit': String(RUN_EXPORT_MAX_ROWS),
      'X-Request-Id': c.get('requestId'),
    },
  });
}

interface ExportPages {
  records: AsyncGenerator<RunExportRecord>;
  /** True once the records stopped at RUN_EXPORT_MAX_ROWS with more runs left. */
  truncated: () => boolean;
}

function exportPages(first: RunListRecord, next: (cursor: string) => Promise<RunListRecord>): ExportPages {
  let truncated = false;
  async function* records(): AsyncGenerator<RunExportRecord> {
    let page = first;
    let written = 0;
    for (;;) {
      for (const item of page.runs) {
        if (written === RUN_EXPORT_MAX_ROWS) {
          truncated = true;
          return;
        }
        written++;
        yield exportRecordOf(item);
      }
      if (!page.hasMore || !page.nextCursor) return;
      if (written === RUN_EXPORT_MAX_ROWS) {
        truncated = true;
        return;
      }
      page = await next(page.nextCursor);
    }
  }
  return { records: records(), truncated: () => truncated };
}

async function* csvChunks(pages: ExportPages): AsyncGenerator<string> {
  yield runCsvHeader();
  for await (const record of pages.records) yield runCsvLine(record);
}

async function* jsonChunks(pages: ExportPages, filters: RunListFilters): AsyncGenerator<string> {
  const { cursor: _cursor, limit: _limit, ...shown } = filters;
  yield `{"exportedAt":${JSON.stringify(new Date().toISOString())},"filters":${JSON.stringify(shown)},"runs":[`;
  let count = 0;
  for await (const record of pages.records) yield (count++ === 0 ? '\n' : ',\n') + JSON.stringify(record);
  yield `\n],"count":${count},"truncated":${pages.truncated()},"limit":${RUN_EXPORT_MAX_ROWS}}\n`;
}
