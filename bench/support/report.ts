import { judgeAtMost, noiseProblem, type Figure } from './rounds';

/** Whether a benchmark met one of its targets; `met` is null when the run could not tell. */
export interface BenchTarget {
  name: string;
  met: boolean | null;
  detail: string;
  /** Why the run could not judge the target although it measured it (e.g. its rounds spread too wide). */
  unclear?: string;
}

/** A figure worth following from run to run: printed, judged, and kept in bench/history.csv. */
export interface HeadlineFigure {
  /** Stable column name in bench/history.csv (snake_case); never reuse one for another meaning. */
  key: string;
  label: string;
  /** Appended to the value: '×', ' ms', ' %'. */
  unit: string;
  digits: number;
  figure: Figure;
  /** The goal the figure is judged against, when it has one: at most this value. */
  atMost?: number;
}

/** One benchmark's findings: a heading, a Markdown body, whether each target was met, and its headline figures. */
export interface BenchSection {
  title: string;
  /** Markdown: a sentence on the method, then a table of figures. */
  body: string;
  targets: BenchTarget[];
  figures?: HeadlineFigure[];
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `1.97× (1.85–2.10)`: the median of the rounds, then their range. */
export function formatFigure(figure: Figure, unit: string, digits: number): string {
  const value = (v: number) => `${Number(v.toFixed(digits))}`;
  return `${value(figure.median)}${unit} (${value(figure.min)}–${value(figure.max)})`;
}

export function formatHeadline(headline: HeadlineFigure): string {
  return formatFigure(headline.figure, headline.unit, headline.digits);
}

/** The target "at most `headline.atMost`" judged on the figure's rounds (see judgeAtMost in bench/support/rounds.ts). */
export function targetAtMost(name: string, headline: HeadlineFigure & { atMost: number }): BenchTarget {
  const verdict = judgeAtMost(headline.figure, headline.atMost);
  const problem = noiseProblem(headline.figure);
  const detail = `${formatHeadline(headline)}${problem ? `; ${problem}` : ''}`;
  if (verdict === 'unclear') return { name, met: null, detail, unclear: problem ?? 'rounds on both sides of the target' };
  return { name, met: verdict === 'met', detail };
}

export function targetMark(target: BenchTarget): string {
  if (target.met !== null) return target.met ? 'met' : '**missed**';
  return target.unclear ? 'unclear: too noisy to judge' : 'not measured';
}

/** Replaces the body of `## heading` in a Markdown file, or adds the section before `## Targets` (else at the end). */
export function upsertSection(markdown: string, heading: string, body: string): string {
  const section = `## ${heading}\n\n${body}\n\n`;
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start >= 0) {
    const next = markdown.indexOf('\n## ', start + 1);
    return markdown.slice(0, start + 1) + section + (next >= 0 ? markdown.slice(next + 1) : '');
  }
  const targets = markdown.indexOf('\n## Targets\n');
  if (targets >= 0) return markdown.slice(0, targets + 1) + section + markdown.slice(targets + 1);
  return `${markdown.trimEnd()}\n\n${section}`;
}
