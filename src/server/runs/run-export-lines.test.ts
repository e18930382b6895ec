import { describe, expect, it } from 'vitest';
import type { RunRow, UnreadableRunRow } from '@/contract/bff';
import { RUN_EXPORT_COLUMNS } from '@/contract/bulk';
import { exportRecordOf, runCsvHeader, runCsvLine } from './run-export-lines';

function row(overrides: Partial<RunRow> = {}): RunRow {
  return {
    id: 'trun_1',
    status: 'failed',
    upstreamStatus: 'failed',
    result: 'failure',
    taskId: 'task_1',
    agentId: null,
    sourceId: 'src_1',
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: 1200,
    createdAt: '2026-11-29T10:00:00Z',
    updatedAt: '2026-11-29T10:01:00Z',
    canceledAt: null,
    errors: [{ type: 'source', code: 'blocked', message: 'm', field: null }],
    errorCount: 1,
    interaction: null,
    hasOutput: false,
    outputEncrypted: false,
    ...overrides,
  };
}

/** Splits one CSV line of RFC 4180 cells (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|\r\n$)/gy;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null) {
    const cell = match[1]!;
    out.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    if (match[2] === '\r\n') break;
  }
  return out;
}

describe('run export lines', () => {
  it('writes one cell per column in header order', () => {
    expect(runCsvHeader()).toBe(RUN_EXPORT_COLUMNS.join(',') + '\r\n');
    const line = cells(runCsvLine(exportRecordOf(row())));
    expect(line).toHaveLength(RUN_EXPORT_COLUMNS.length);
    expect(line[RUN_EXPORT_COLUMNS.indexOf('id')]).toBe('trun_1');
    expect(line[RUN_EXPORT_COLUMNS.indexOf('error_codes')]).toBe('blocked');
    expect(line[RUN_EXPORT_COLUMNS.indexOf('runtime_ms')]).toBe('1200');
    expect(line[RUN_EXPORT_COLUMNS.indexOf('agent_id')]).toBe('');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('opens a formula-looking cell %j as text', (hostile) => {
    const line = cells(runCsvLine(exportRecordOf(row({ upstreamStatus: hostile, taskId: hostile }))));
    expect(line[RUN_EXPORT_COLUMNS.indexOf('upstream_status')]).toBe(`'${hostile}`);
    expect(line[RUN_EXPORT_COLUMNS.indexOf('task_id')]).toBe(`'${hostile}`);
  });

  it('quotes commas, quotes and line breaks so a cell cannot spill into the next', () => {
    const hostile = 'a,"b"\r\nc';
    const text = runCsvLine(exportRecordOf(row({ upstreamStatus: hostile })));
    expect(text.endsWith('\r\n')).toBe(true);
    const line = cells(text);
    expect(line).toHaveLength(RUN_EXPORT_COLUMNS.length);
    expect(line[RUN_EXPORT_COLUMNS.indexOf('upstream_status')]).toBe(hostile);
  });

  it('keeps what is known of an unreadable item', () => {
    const item: UnreadableRunRow = { unreadable: true, id: 'trun_x', upstreamStatus: '=evil', problem: 'no created_at' };
    const record = exportRecordOf(item);
    expect(record).toMatchObject({ id: 'trun_x', unreadable: true, problem: 'no created_at', status: null });
    expect(cells(runCsvLine(record))[RUN_EXPORT_COLUMNS.indexOf('upstream_status')]).toBe("'=evil");
  });
});
