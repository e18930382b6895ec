import { randomInt } from '../engine/random';
import { buildCsvDocument } from '../files/csv-document';
import { HOSTILE, hostileMessage, hostileOutput } from './hostile-text';
import { longWork } from './lifecycle-scenarios';
import type { ScenarioDefinition, ScenarioStep } from './scenario-types';
import { SECOND, browseSteps, captureAndComplete, loginSteps, work } from './step-builders';
import type { TaskProfile } from './task-profiles';

/** Scenarios that stress the console with volume, odd payloads and hostile text. */

const base = { queueMs: 3 * SECOND, cancelDelayMs: 2_500, encryptedPayload: false } as const;

/** About 5 MB of JSON once serialised (~155 bytes per row). */
const LARGE_OUTPUT_ROWS = 34_000;

function largeOutput(context: Parameters<TaskProfile['output']>[0]): unknown {
  const transactions = [];
  for (let i = 0; i < LARGE_OUTPUT_ROWS; i += 1) {
    transactions.push({
      id: `txn_${String(i).padStart(6, '0')}`,
      date: new Date(context.now - i * 3_600_000).toISOString(),
      description: ['Card purchase at Grocery Mart', 'Transfer to savings', 'Payroll deposit ACME GmbH', 'Utility payment City Water'][i % 4],
      amount: (randomInt(context.random, -50_000, 250_000) / 100).toFixed(2),
      currency: 'USD',
      category: ['groceries', 'transfer', 'income', 'utilities'][i % 4],
    });
  }
  return { account: 'checking', row_count: LARGE_OUTPUT_ROWS, transactions };
}

function hostileSteps(profile: TaskProfile): ScenarioStep[] {
  return [
    { kind: 'start' },
    work(profile, 'login', profile.pages.login, 6 * SECOND, [HOSTILE.script, `${HOSTILE.rtl} ${HOSTILE.javascriptLink}`]),
    {
      kind: 'interact',
      interaction: {
        type: 'security_question',
        message: `${HOSTILE.html} ${HOSTILE.rtl} — ${HOSTILE.script}`,
        rejectedMessage: `${HOSTILE.imgOnError} rejected`,
        fields: [{ name: 'answer', type: 'string', label: `${HOSTILE.imgOnError} Answer` }],
        page: 'question',
        windowMs: 10 * 60 * SECOND,
        windowScales: false,
        accepts: (answer) => (answer.answer ?? '').length > 0,
      },
    },
    work(profile, 'table', profile.pages.list, 11 * SECOND, [
      HOSTILE.longSentence,
      HOSTILE.longWord,
      `${HOSTILE.bidiOverride} ${HOSTILE.zeroWidth} ${HOSTILE.emoji}`,
    ]),
    {
      kind: 'store',
      file: () => ({
        fileName: `${HOSTILE.script}${HOSTILE.bidiOverride}.csv`,
        fileType: 'text/csv',
        bytes: buildCsvDocument(
          ['name', 'value'],
          [
            [HOSTILE.script, HOSTILE.javascriptLink],
            ['=HYPERLINK("http://evil.example")', HOSTILE.rtl],
          ],
        ),
        extraction: { formula_injection: '=cmd|" /C calc"!A0', html: HOSTILE.html },
        extractionResult: 'success',
        metadata: { note: HOSTILE.imgOnError },
      }),
    },
    {
      kind: 'store',
      file: () => ({
        fileName: `${'very_long_file_name_'.repeat(30)}.txt`,
        fileType: 'text/plain',
        bytes: Buffer.from(`${HOSTILE.html}\n${HOSTILE.rtl}\n`, 'utf8'),
        extraction: null,
        extractionResult: 'success',
        metadata: null,
      }),
    },
  ];
}

export const PAYLOAD_SCENARIOS: readonly ScenarioDefinition[] = [
  {
    ...base,
    name: 'many_screenshots',
    description: 'Works ~27 minutes (scaled) and captures 320+ screenshots, then succeeds.',
    steps: (profile) => [...loginSteps(profile), ...longWork(profile, 27), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'screenshots_1000',
    description: 'Works ~84 minutes (scaled) and captures about 1,000 screenshots, then succeeds; for load checks of the gallery.',
    steps: (profile) => [...loginSteps(profile), ...longWork(profile, 84), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'large_output',
    description: 'Completes with an output of about 5 MB of JSON.',
    steps: (profile) => [...loginSteps(profile), ...browseSteps(profile), { kind: 'complete', result: 'success', output: largeOutput }],
  },
  {
    ...base,
    name: 'encrypted_output',
    description: 'Organization with payload encryption: input and output come back as enc_… strings.',
    encryptedPayload: true,
    steps: (profile) => [...loginSteps(profile), ...browseSteps(profile), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'hostile_text',
    description: 'HTML, <script>, javascript: links, RTL and very long strings in reasoning, prompt, file names and output; completes.',
    defaultInput: () => ({ note: HOSTILE.script, link: HOSTILE.javascriptLink }),
    steps: (profile) => [...hostileSteps(profile), { kind: 'complete', result: 'success', output: hostileOutput }],
  },
  {
    ...base,
    name: 'hostile_text_failure',
    description: 'Like hostile_text, but fails with a hostile error message.',
    defaultInput: () => ({ note: HOSTILE.script }),
    steps: (profile) => [
      ...hostileSteps(profile),
      { kind: 'fail', error: { type: 'source', code: 'source_error', message: hostileMessage(), field: HOSTILE.script }, output: hostileOutput },
    ],
  },
];
