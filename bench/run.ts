import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAmplification } from './amplification';
import { benchBffOverhead } from './bff-overhead';
import { benchRunPageBrowser } from './run-page-browser';
import { benchSignInAbuse } from './sign-in-abuse';
import { benchSpaBundle } from './spa-bundle';
import { appendHistory, readHistory, trendTable } from './support/history';
import { formatHeadline, table, targetMark, upsertSection, type BenchSection, type HeadlineFigure } from './support/report';
import { judgeAtMost, MIN_ROUNDS, noiseProblem, SPREAD_LIMIT } from './support/rounds';

/**
 * `npm run bench`: runs every benchmark in turn, prints the headline figures (median of the rounds
 * with their spread) and the targets, adds a line to bench/history.csv and writes bench/RESULTS.md.
 * `npm run bench -- --quick` runs only the essentials, for use before a commit: it prints the same
 * summary and adds its history line, but in RESULTS.md only refreshes the trend, so the last full
 * run's sections stay. `--only <name>` runs the benchmarks whose name holds it (`--quick --only "run page"`)
 * and only prints them. Benchmarks measure; tests assert behaviour.
 */
type Mode = 'quick' | 'full';
type Step = {
  name: string;
  /** Part of `--quick`; such a step gets `{ quick: true }` and keeps itself short. */
  essential: boolean;
  run: (options: { quick: boolean }) => Promise<BenchSection | BenchSection[]> | BenchSection;
};

const RESULTS_FILE = path.resolve('bench/RESULTS.md');
const HISTORY_FILE = path.resolve('bench/history.csv');
const TREND_LINES = 10;
const TREND_HEADING = 'Trend';
const READING_HEADING = 'How to read these figures';
const READING =
  `Every headline figure is measured in at least ${MIN_ROUNDS} rounds, interleaved with what it is compared against ` +
  '(round 1 of every target, then round 2, …), and given as the median of the rounds with their range (min–max). ' +
  "A ratio is taken round by round (Runwatch's round i over nginx's round i), then its median and range, so a slow " +
  'stretch of the machine hits both sides of a ratio alike. ' +
  `**Too wide to judge:** a figure whose range is more than ${SPREAD_LIMIT * 100} % of its median ((max − min) / median > ${SPREAD_LIMIT * 100} %), ` +
  `or that has fewer than ${MIN_ROUNDS} rounds. A target is judged on the median; when its figure is too wide and the rounds fall ` +
  'on both sides of the goal, the target is reported as *unclear* instead of met or missed (run again on a quieter machine); ' +
  'a wide figure whose every round is on the same side keeps its verdict, with the warning. ' +
  'Figures outside the headline table (the other sections) come from a single run each and carry no spread. ' +
  '`npm run bench -- --quick` runs only the essentials (read path against nginx, the run page in Chromium, amplification at ' +
  '500 viewers) for use before a commit; it adds its line to the history and refreshes the trend below, nothing else.';
/** The figures the printout always names, measured or not, in this order. */
const ESSENTIALS: { key: string; label: string }[] = [
  { key: 'pass_through_ratio', label: 'pass-through read / nginx proxy_pass' },
  { key: 'cached_read_ratio', label: 'cached read / nginx proxy_cache' },
  { key: 'large_output_longest_task_ms', label: '5 MB output: longest main-thread task' },
  { key: 'time_to_data_ms', label: 'run page: time to data' },
  { key: 'amplification_worst_pct', label: 'upstream reads of a run / allowance (worst V)' },
];

const steps: Step[] = [
  { name: 'BFF overhead', essential: true, run: benchBffOverhead },
  { name: 'run page in Chromium', essential: true, run: benchRunPageBrowser },
  { name: 'upstream amplification', essential: true, run: benchAmplification },
  { name: 'SPA bundle', essential: false, run: benchSpaBundle },
  { name: 'sign-in under abuse', essential: false, run: benchSignInAbuse },
  { name: 'junk-id flood', essential: false, run: async () => (await import('./abuse-budget')).benchAbuseBudget() },
  { name: 'events: upstream cost and freshness', essential: false, run: async () => (await import('./events-upstream-cost')).benchEventsUpstreamCost() },
  { name: 'board with 500 active runs', essential: false, run: async () => (await import('./board')).benchBoard() },
  { name: 'cluster: three replicas on PostgreSQL', essential: false, run: async () => (await import('./cluster')).benchCluster() },
];

const { mode, only } = parseArgs(process.argv.slice(2));
const started = Date.now();
/** Other work on the machine when the run starts; kept in the history beside the figures it may have skewed. */
const loadAverage = os.loadavg()[0] ?? 0;
const sections: BenchSection[] = [];
const chosen = only === undefined ? steps.filter((s) => mode === 'full' || s.essential) : steps.filter((s) => s.name.toLowerCase().includes(only));
if (chosen.length === 0) {
  process.stderr.write(`No benchmark is named like "${only}". Benchmarks: ${steps.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
for (const step of chosen) {
  process.stdout.write(`▶ ${step.name}…\n`);
  const stepStarted = Date.now();
  try {
    const result = await step.run({ quick: mode === 'quick' });
    for (const section of [result].flat()) {
      sections.push(section);
      process.stdout.write(`\n## ${section.title}\n\n${section.body}\n\n`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sections.push({ title: step.name, body: `Failed to run: ${message}`, targets: [{ name: step.name, met: false, detail: 'benchmark failed' }] });
    process.stdout.write(`  failed: ${message}\n`);
  }
  process.stdout.write(`  (${step.name}: ${duration(Date.now() - stepStarted)})\n`);
}
const took = duration(Date.now() - started);

const figures = sections.flatMap((s) => s.figures ?? []);
const headlineSummary = headlineTable(figures);
const targetSummary = table(
  ['target', 'result', 'figure'],
  sections.flatMap((s) => s.targets).map((t) => [t.name, targetMark(t), t.detail]),
);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`;
// A run of some benchmarks only (`--only`) is not a whole run: it prints its figures and keeps out of the history and results.
if (figures.length > 0 && only === undefined) {
  appendHistory(HISTORY_FILE, {
    date: new Date(started).toISOString().slice(0, 16) + 'Z',
    commit: gitCommit(),
    machine,
    mode,
    loadAverage,
    seconds: (Date.now() - started) / 1000,
    figures,
  });
}
const trend = trendSection(figures);

if (only === undefined && mode === 'full') {
  fs.writeFileSync(
    RESULTS_FILE,
    [
      '# Benchmark results',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (full run, ${took}) on ${machine} ` +
        `(load average ${loadAverage.toFixed(1)} at the start), Node ${process.version}. ` +
        'Everything runs on loopback on one machine, so absolute numbers include the load generator and the simulator sharing ' +
        'the same cores; ratios are the meaningful figures.',
      '',
      '## Headline figures',
      '',
      headlineSummary,
      '',
      '## Targets',
      '',
      targetSummary,
      '',
      `## ${READING_HEADING}`,
      '',
      READING,
      '',
      `## ${TREND_HEADING}`,
      '',
      trend,
      '',
      ...sections.flatMap((s) => [`## ${s.title}`, '', s.body, '']),
    ].join('\n'),
  );
} else if (only === undefined) {
  const existing = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  fs.writeFileSync(RESULTS_FILE, upsertSection(upsertSection(existing, READING_HEADING, READING), TREND_HEADING, trend));
}

const busy =
  loadAverage > os.cpus().length
    ? `The machine was busy with other work (load average ${loadAverage.toFixed(1)} on ${os.cpus().length} cores): expect wide spreads; run again when it is quiet.\n\n`
    : '';
process.stdout.write(
  `\n${mode === 'quick' ? 'Quick run' : 'Full run'} on ${machine} (load average ${loadAverage.toFixed(1)} at the start), ${took}.\n\n${busy}` +
    `Headline figures (median of the rounds, min–max):\n\n${headlineSummary}\n\nTargets:\n\n${targetSummary}\n\n` +
    (only !== undefined
      ? `Only "${only}": nothing written to the history or the results.\n`
      : `History: ${path.relative(process.cwd(), HISTORY_FILE)}; ` +
        `${mode === 'full' ? 'results' : 'trend'} written to ${path.relative(process.cwd(), RESULTS_FILE)}.\n`),
);

/** `--quick`, and `--only <words>`: only the benchmarks whose name holds those words (e.g. `--only "run page"`). */
function parseArgs(args: string[]): { mode: Mode; only: string | undefined } {
  const onlyAt = args.indexOf('--only');
  const only = onlyAt === -1 ? undefined : args[onlyAt + 1]?.toLowerCase();
  const unknown = args.filter((arg, i) => arg !== '--quick' && i !== onlyAt && i !== onlyAt + 1);
  if (unknown.length > 0 || (onlyAt !== -1 && !only)) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}. Usage: npm run bench [-- --quick] [--only <benchmark name>]\n`);
    process.exit(2);
  }
  return { mode: args.includes('--quick') ? 'quick' : 'full', only };
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The commit measured, marked `+changes` when tracked files differ from it (the bench ran uncommitted code). */
function gitCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const changes = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/history.csv', ':!bench/RESULTS.md'], {
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${changes.stdout.trim() ? '+changes' : ''}`;
}

function headlineTable(measured: HeadlineFigure[]): string {
  const byKey = new Map(measured.map((f) => [f.key, f]));
  const listed: (HeadlineFigure | { label: string; figure?: undefined })[] = [
    ...ESSENTIALS.map((e) => byKey.get(e.key) ?? { label: e.label }),
    ...measured.filter((f) => !ESSENTIALS.some((e) => e.key === f.key)),
  ];
  const rows = listed.map((entry) => {
    if (entry.figure === undefined) return [entry.label, 'not measured', '–', '–', '–'];
    const verdict = entry.atMost === undefined ? null : judgeAtMost(entry.figure, entry.atMost);
    return [
      entry.label,
      formatHeadline(entry),
      String(entry.figure.rounds.length),
      noiseProblem(entry.figure) ?? 'ok',
      verdict === null ? 'none' : `≤ ${entry.atMost}${entry.unit}: ${verdict === 'missed' ? '**missed**' : verdict}`,
    ];
  });
  return table(['figure', 'median (min–max)', 'rounds', 'spread', 'goal'], rows);
}

function trendSection(current: HeadlineFigure[]): string {
  const shown = [
    ...ESSENTIALS.map((e) => current.find((f) => f.key === e.key) ?? null),
    ...current.filter((f) => !ESSENTIALS.some((e) => e.key === f.key)),
  ].filter((f): f is HeadlineFigure => f !== null);
  const lines = readHistory(HISTORY_FILE);
  return (
    `The last ${lines.length === 1 ? 'run' : `${Math.min(TREND_LINES, lines.length)} runs`} from \`bench/history.csv\` ` +
    '(one line per `npm run bench`, quick or full; a commit marked `+changes` ran with uncommitted changes; load: the ' +
    "machine's one-minute load average as the run started, above the number of cores when other work competed; took: the whole run, min:s). " +
    'Each cell: median of the rounds (min–max).\n\n' +
    trendTable(lines, shown, TREND_LINES)
  );
}
