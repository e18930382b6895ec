import fs from 'node:fs';
import path from 'node:path';
import { benchAmplification } from './amplification';
import { benchBffOverhead } from './bff-overhead';
import { benchRunPageBrowser } from './run-page-browser';
import { benchSignInAbuse } from './sign-in-abuse';
import { benchSpaBundle } from './spa-bundle';
import type { BenchSection } from './support/report';

/**
 * `npm run bench`: runs every benchmark in turn, prints the figures and writes them with the
 * machine they were measured on to bench/RESULTS.md. Benchmarks measure; tests assert behaviour.
 */
const sections: BenchSection[] = [];
const steps: [string, () => Promise<BenchSection | BenchSection[]> | BenchSection][] = [
  ['SPA bundle', benchSpaBundle],
  ['upstream amplification', benchAmplification],
  ['BFF overhead', benchBffOverhead],
  ['run page in Chromium', benchRunPageBrowser],
  ['sign-in under abuse', benchSignInAbuse],
  ['junk-id flood', async () => (await import('./abuse-budget')).benchAbuseBudget()],
  ['events: upstream cost and freshness', async () => (await import('./events-upstream-cost')).benchEventsUpstreamCost()],
  ['board with 500 active runs', async () => (await import('./board')).benchBoard()],
];

for (const [name, step] of steps) {
  process.stdout.write(`▶ ${name}…\n`);
  try {
    const result = await step();
    for (const section of [result].flat()) {
      sections.push(section);
      process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sections.push({ title: name, body: `Failed to run: ${message}`, targets: [{ name, met: false, detail: 'benchmark failed' }] });
    process.stdout.write(`  failed: ${message}\n`);
  }
}

const targets = sections.flatMap((s) => s.targets);
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**missed**');
const cpu = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
const summary = [
  '| target | result | figure |',
  '| --- | --- | --- |',
  ...targets.map((t) => `| ${t.name} | ${mark(t.met)} | ${t.detail} |`),
].join('\n');
const report = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${(await import('node:os')).cpus().length} × ${cpu}, ` +
    `Node ${process.version}. Everything runs on loopback on one machine, so absolute numbers include the load generator ` +
    'and the simulator sharing the same cores; ratios are the meaningful figures.',
  '',
  '## Targets',
  '',
  summary,
  '',
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.body, '']),
].join('\n');
fs.writeFileSync(path.resolve('bench/RESULTS.md'), report);
process.stdout.write(`\n${summary}\n\nWritten to bench/RESULTS.md\n`);
