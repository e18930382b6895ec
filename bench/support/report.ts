/** One benchmark's findings: a heading, a Markdown body, and whether each target was met. */
export interface BenchSection {
  title: string;
  /** Markdown: a sentence on the method, then a table of figures. */
  body: string;
  targets: { name: string; met: boolean | null; detail: string }[];
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
