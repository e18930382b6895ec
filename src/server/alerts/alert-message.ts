import type { RunIndexSnapshot } from '../store/event-store';

/** What an alert is about. */
export type AlertKind = 'needs_human' | 'failed' | 'stuck';

/** An alert ready to send: its id (stable across retries) and the JSON body. */
export interface OutgoingAlert {
  id: string;
  kind: AlertKind;
  runId: string;
  body: string;
}

const HEADLINES: Record<AlertKind, string> = {
  needs_human: 'Needs a human',
  failed: 'Run failed',
  stuck: 'Run stuck',
};

/** Longest id-like value carried; upstream text is untrusted. */
const MAX_FIELD = 120;
const MAX_ERROR_CODES = 5;

/**
 * The alert body: Slack-compatible (`text` plus `blocks`) so it can go straight to an incoming
 * webhook, and a `runwatch` object for other receivers. Built field by field from the run index
 * summary, which holds no input, output or answers; nothing else of the run is ever copied in.
 */
export function buildAlertBody(input: {
  id: string;
  kind: AlertKind;
  run: RunIndexSnapshot;
  /** When the run entered the status the alert is about (ISO 8601). */
  since: string;
  /** Where people open a run, e.g. https://runwatch.example.com; null for no link. */
  linkBase: string | null;
}): string {
  const { kind, run } = input;
  const runId = clip(run.runId);
  const details = {
    alertId: input.id,
    kind,
    runId,
    status: run.status,
    upstreamStatus: clip(run.upstreamStatus),
    taskId: clipOrNull(run.taskId),
    sourceId: clipOrNull(run.sourceId),
    interactionType: clipOrNull(run.interactionType),
    errorCodes: run.errorCodes.slice(0, MAX_ERROR_CODES).map(clip),
    since: clip(input.since),
    url: input.linkBase ? `${input.linkBase}/runs/${encodeURIComponent(run.runId)}` : null,
  };
  const what = describe(kind, details);
  const text = `${HEADLINES[kind]}: run ${runId}${details.taskId ? ` (task ${details.taskId})` : ''} ${what}`;
  const subject = details.url ? `<${details.url}|${escapeMrkdwn(runId)}>` : `\`${escapeMrkdwn(runId)}\``;
  const facts = [
    details.taskId ? `task \`${escapeMrkdwn(details.taskId)}\`` : null,
    details.sourceId ? `site \`${escapeMrkdwn(details.sourceId)}\`` : null,
    `since ${escapeMrkdwn(details.since)}`,
  ].filter(Boolean);
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${HEADLINES[kind]}*: run ${subject} ${escapeMrkdwn(what)}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Runwatch · ${facts.join(' · ')}` }] },
  ];
  return JSON.stringify({ text, blocks, runwatch: details });
}

function describe(kind: AlertKind, details: { status: string | null; upstreamStatus: string; interactionType: string | null; errorCodes: string[] }): string {
  switch (kind) {
    case 'needs_human':
      return details.interactionType ? `is waiting for input (${details.interactionType})` : 'is waiting for input';
    case 'failed':
      return details.errorCodes.length > 0 ? `failed (${details.errorCodes.join(', ')})` : 'failed';
    case 'stuck':
      return `has been ${details.status ?? details.upstreamStatus} for longer than expected`;
  }
}

function clip(value: string): string {
  return value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value;
}

function clipOrNull(value: string | null): string | null {
  return value === null ? null : clip(value);
}

/** Slack reads `&`, `<` and `>` as markup; an upstream value must not inject a link or a mention. */
function escapeMrkdwn(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
