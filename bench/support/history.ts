import fs from 'node:fs';
import type { HeadlineFigure } from './report';

/**
 * bench/history.csv: one line per `npm run bench`, so a trend shows across commits and a single
 * noisy run stands out. Columns: when, which commit, which machine, quick or full, the machine's
 * load average when the run started (other work on the cores), how long the run took, then each
 * headline figure's median, min and max. A figure first measured later adds its columns; older
 * lines keep them empty.
 */
export interface HistoryEntry {
  date: string;
  commit: string;
  machine: string;
  mode: 'quick' | 'full';
  /** One-minute load average when the run started. */
  loadAverage: number;
  /** Wall-clock time of the whole run. */
  seconds: number;
  figures: readonly HeadlineFigure[];
}

export const FIXED_COLUMNS = ['date', 'commit', 'machine', 'mode', 'load_1m', 'seconds'] as const;
const STATS = ['median', 'min', 'max'] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endField();
      rows.push(row);
      row = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

export function figureColumns(key: string): string[] {
  return STATS.map((stat) => `${key}_${stat}`);
}

/** Four decimals: finer than any bench measures, without float noise like 66.66666666666666. */
function figureValue(value: number): string {
  return String(Number(value.toFixed(4)));
}

function entryRecord(entry: HistoryEntry): Map<string, string> {
  const record = new Map<string, string>([
    ['date', entry.date],
    ['commit', entry.commit],
    ['machine', entry.machine],
    ['mode', entry.mode],
    ['load_1m', figureValue(entry.loadAverage)],
    ['seconds', String(Math.round(entry.seconds))],
  ]);
  for (const headline of entry.figures) {
    const [median, min, max] = figureColumns(headline.key);
    record.set(median!, figureValue(headline.figure.median));
    record.set(min!, figureValue(headline.figure.min));
    record.set(max!, figureValue(headline.figure.max));
  }
  return record;
}

/** Every line of the history as column → value (empty string where a line has no value). */
export function readHistory(file: string): Map<string, string>[] {
  if (!fs.existsSync(file)) return [];
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8')).filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return rows.map((row) => new Map(header.map((column, i) => [column, row[i] ?? ''])));
}

/**
 * Adds one line for `entry`. When the entry brings columns the file does not have yet, the file is
 * written again with the wider header, every earlier line kept with those columns empty.
 */
export function appendHistory(file: string, entry: HistoryEntry): void {
  const record = entryRecord(entry);
  const existing = fs.existsSync(file) ? parseCsv(fs.readFileSync(file, 'utf8')).filter((r) => !(r.length === 1 && r[0] === '')) : [];
  const header = existing[0] ?? [...FIXED_COLUMNS];
  const missing = [...record.keys()].filter((column) => !header.includes(column));
  const line = (columns: readonly string[]) => csvLine(columns.map((column) => record.get(column) ?? ''));
  if (existing.length > 0 && missing.length === 0) {
    const text = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, `${text.endsWith('\n') ? '' : '\n'}${line(header)}\n`);
    return;
  }
  const wider = [...header, ...missing];
  const earlier = existing.slice(1).map((row) => csvLine(wider.map((_, i) => row[i] ?? '')));
  fs.writeFileSync(file, [csvLine(wider), ...earlier, line(wider)].join('\n') + '\n');
}

/**
 * The last `count` lines of the history as a Markdown table: one row per run, one column per
 * figure (median with min–max). Lines without a figure show a dash.
 */
export function trendTable(
  lines: readonly Map<string, string>[],
  figures: readonly Pick<HeadlineFigure, 'key' | 'label' | 'unit' | 'digits'>[],
  count: number,
): string {
  const recent = lines.slice(-count);
  const cell = (line: Map<string, string>, figure: (typeof figures)[number]) => {
    const [median, min, max] = figureColumns(figure.key).map((column) => line.get(column) ?? '');
    if (!median) return '–';
    const value = (v: string) => `${Number(Number(v).toFixed(figure.digits))}`;
    return `${value(median)}${figure.unit} (${value(min!)}–${value(max!)})`;
  };
  const header = ['date', 'commit', 'mode', 'load', 'took', ...figures.map((f) => f.label)];
  const took = (line: Map<string, string>) => {
    const seconds = Number(line.get('seconds') || Number.NaN);
    return Number.isFinite(seconds) ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : '–';
  };
  const rows = recent.map((line) => [
    line.get('date') ?? '',
    line.get('commit') ?? '',
    line.get('mode') ?? '',
    line.get('load_1m') || '–',
    took(line),
    ...figures.map((f) => cell(line, f)),
  ]);
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const row = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}
