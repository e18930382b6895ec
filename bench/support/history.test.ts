import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, csvField, csvLine, parseCsv, readHistory, trendTable, type HistoryEntry } from './history';
import type { HeadlineFigure } from './report';
import { figureOf } from './rounds';

const passThrough = (rounds: number[]): HeadlineFigure => ({
  key: 'pass_through_ratio',
  label: 'pass-through / nginx',
  unit: '×',
  digits: 2,
  figure: figureOf(rounds),
});
const timeToData = (rounds: number[]): HeadlineFigure => ({ key: 'time_to_data_ms', label: 'time to data', unit: ' ms', digits: 0, figure: figureOf(rounds) });
const entry = (overrides: Partial<HistoryEntry>): HistoryEntry => ({
  date: '2026-11-29T11:00:00Z',
  commit: 'abc1234',
  machine: '2 × AMD EPYC 7B13, 8 GB',
  mode: 'quick',
  loadAverage: 1.5,
  seconds: 95.4,
  figures: [passThrough([1.9, 2.0, 2.1])],
  ...overrides,
});

describe('CSV fields', () => {
  it('leaves plain values alone and quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvField('1.97')).toBe('1.97');
    expect(csvField('2 × EPYC, 8 GB')).toBe('"2 × EPYC, 8 GB"');
    expect(csvField('the "fast" one')).toBe('"the ""fast"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('reads back exactly what it wrote', () => {
    const rows = [
      ['a', 'b, c', 'say "hi"', ''],
      ['line\r\nbreak', ' x ', '', 'plain'],
    ];
    expect(parseCsv(rows.map(csvLine).join('\r\n') + '\r\n')).toEqual(rows);
    expect(parseCsv(rows.map(csvLine).join('\n'))).toEqual(rows);
  });

  it('refuses a quoted field that never ends', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/inside a quoted field/);
  });
});

describe('the history file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
    file = path.join(dir, 'history.csv');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts with a header and adds one line per run', () => {
    appendHistory(file, entry({}));
    appendHistory(file, entry({ commit: 'def5678', mode: 'full', figures: [passThrough([1.4, 1.5, 1.45])] }));
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('date,commit,machine,mode,load_1m,seconds,pass_through_ratio_median,pass_through_ratio_min,pass_through_ratio_max');
    expect(text.split('\n')[1]).toBe('2026-11-29T11:00:00Z,abc1234,"2 × AMD EPYC 7B13, 8 GB",quick,1.5,95,2,1.9,2.1');
    const lines = readHistory(file);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.get('commit')).toBe('def5678');
    expect(lines[1]!.get('pass_through_ratio_median')).toBe('1.45');
    expect(lines[1]!.get('machine')).toBe('2 × AMD EPYC 7B13, 8 GB');
  });

  it('widens the header for a new figure and keeps earlier lines with it empty', () => {
    appendHistory(file, entry({}));
    appendHistory(file, entry({ commit: 'def5678', figures: [timeToData([300, 320, 310]), passThrough([1.5, 1.6, 1.7])] }));
    const lines = readHistory(file);
    expect(lines.map((l) => l.get('time_to_data_ms_median'))).toEqual(['', '310']);
    expect(lines.map((l) => l.get('pass_through_ratio_max'))).toEqual(['2.1', '1.7']);
    // A later run without the new figure leaves its columns empty.
    appendHistory(file, entry({ commit: '0a0a0a0' }));
    expect(readHistory(file).map((l) => l.get('time_to_data_ms_min'))).toEqual(['', '300', '']);
  });

  it('keeps four decimals, enough for any figure and free of float noise', () => {
    appendHistory(file, entry({ loadAverage: 11.2890625, figures: [passThrough([2 / 3, 6.36699520222, 7.7362])] }));
    const line = readHistory(file)[0]!;
    expect([line.get('load_1m'), line.get('pass_through_ratio_min'), line.get('pass_through_ratio_median')]).toEqual(['11.2891', '0.6667', '6.367']);
  });

  it('adds a column a newer bench writes at the end of an older file', () => {
    fs.writeFileSync(
      file,
      'date,commit,machine,mode,load_1m,pass_through_ratio_median,pass_through_ratio_min,pass_through_ratio_max\n2026-11-28T10:00Z,aaa,m,quick,20,3,2,4\n',
    );
    appendHistory(file, entry({}));
    const [header] = fs.readFileSync(file, 'utf8').split('\n');
    expect(header).toBe('date,commit,machine,mode,load_1m,pass_through_ratio_median,pass_through_ratio_min,pass_through_ratio_max,seconds');
    expect(readHistory(file).map((l) => [l.get('seconds'), l.get('pass_through_ratio_median')])).toEqual([
      ['', '3'],
      ['95', '2'],
    ]);
  });

  it('reads no lines from a file that is not there', () => {
    expect(readHistory(file)).toEqual([]);
  });

  it('shows the last runs as a trend, a dash where a run lacks a figure', () => {
    appendHistory(file, entry({ commit: 'first00' }));
    appendHistory(file, entry({ commit: 'second0', figures: [passThrough([1.2, 1.25, 1.3]), timeToData([300, 310, 330])] }));
    appendHistory(file, entry({ commit: 'third00', mode: 'full', loadAverage: 12, seconds: 1043, figures: [timeToData([280, 290, 295])] }));
    const trend = trendTable(readHistory(file), [passThrough([1]), timeToData([1])], 2).split('\n');
    expect(trend).toEqual([
      '| date | commit | mode | load | took | pass-through / nginx | time to data |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| 2026-11-29T11:00:00Z | second0 | quick | 1.5 | 1:35 | 1.25× (1.2–1.3) | 310 ms (300–330) |',
      '| 2026-11-29T11:00:00Z | third00 | full | 12 | 17:23 | – | 290 ms (280–295) |',
    ]);
  });
});
