import type { AuditEntry } from '@/contract/audit';
import type { RunError, RunView, TimelineEntry, TimelineResponse } from '@/contract/bff';
import { formatDuration, formatUtc } from '@/web/lib/format';
import { RESULT_LABELS, statusLabel } from '@/web/lib/status-display';

/** What the error catalogue says of one error (the page passes the catalogue in; features do not import each other). */
export interface TicketErrorExplanation {
  headline: string;
  explanation: string;
  nextStep: string;
  caveat: string | null;
}

export interface TicketSummaryInput {
  run: RunView;
  /** The one-sentence summary the run page shows as its heading. */
  headline: string;
  /** Status history; null when it could not be read (the summary says so). */
  timeline: TimelineResponse | null;
  /** The audit of actions on the run; null when it could not be read. */
  audit: readonly AuditEntry[] | null;
  explain: ((error: RunError) => TicketErrorExplanation) | null;
  /** Absolute link back to the run page. */
  link: string;
  /** The reader's own IANA zone shown beside UTC; null shows UTC only. */
  readerTimeZone: string | null;
}

/** An http(s) link inside text loses its query string and fragment: that is where signatures live. */
const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>()[\]{}]*)[?#][^\s"'<>()[\]{}]*/gi;

/** Untrusted text on one line, with Markdown's special characters escaped so it cannot restyle the ticket. */
function plain(text: string): string {
  return text
    .replace(URL_QUERY, '$1?…')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_[\]<>|#~!])/g, '\\$1');
}

/** An id in a code span; anything that could close the span is dropped (ids never contain it). */
function code(value: string): string {
  return `\`${value.replace(/`/g, '')}\``;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function inZone(at: Date, timeZone: string): string | null {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
        timeZoneName: 'short',
      });
    } catch {
      return null; // a zone this browser does not know: UTC alone is still exact
    }
    zoneFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName} (${timeZone})`;
}

/** `2026-03-02 11:02:10 UTC · 2026-03-02 12:02:10 GMT+1 (Europe/Berlin)`. */
export function ticketTime(value: string, readerTimeZone: string | null): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return plain(value);
  const local = readerTimeZone ? inZone(at, readerTimeZone) : null;
  return local ? `${formatUtc(at)} · ${local}` : formatUtc(at);
}

function statusText(entry: Pick<TimelineEntry, 'status' | 'upstreamStatus'>): string {
  return entry.status ? statusLabel(entry.status) : `${plain(entry.upstreamStatus)} (unrecognised)`;
}

function resultText(run: RunView): string {
  if (run.result) return RESULT_LABELS[run.result];
  return run.status !== null && ['completed', 'failed', 'canceled'].includes(run.status) ? 'none reported' : 'not yet known';
}

function outputText(run: RunView): string {
  // A large output is left out of the run response but is there.
  if (run.outputOmitted) return 'present (see the run page or the bundle)';
  if (run.output === null || run.output === undefined) return 'none';
  if (typeof run.output === 'string' && run.output.startsWith('enc_')) return 'encrypted (the organisation encrypts payloads)';
  return 'present (see the run page or the bundle)';
}

const ACTION_NAMES: Partial<Record<AuditEntry['action'], string>> = {
  'interaction.submitted': 'answer',
  'run.canceled': 'cancel',
};

/**
 * A Markdown digest of a run for a support ticket: ids, status history in UTC and the reader's
 * zone, result, errors with their explanation and next step, the upstream request ids Runwatch
 * knows for the run, and a link back. It carries no input, no output values, no answers and no
 * links to files — only what a ticket may hold.
 */
export function buildTicketSummary(input: TicketSummaryInput): string {
  const { run, readerTimeZone } = input;
  const when = (value: string) => ticketTime(value, readerTimeZone);
  const lines: string[] = [];

  lines.push(`### Run ${code(run.id)} — ${run.status ? statusLabel(run.status) : `${plain(run.upstreamStatus)} (unrecognised)`}`);
  lines.push('', plain(input.headline), '', `Link: ${input.link}`, '');

  lines.push('**Ids**', '');
  const ids: Array<[string, string | null]> = [
    ['Run', run.id],
    ['Task', run.taskId],
    ['Source', run.sourceId],
    ['Agent', run.agentId],
    ['Credential', run.credentialId],
    ['Session', run.sessionId],
    ['Workflow', run.workflowId],
  ];
  for (const [label, id] of ids) if (id) lines.push(`- ${label}: ${code(id)}`);
  lines.push('');

  lines.push(`**Times** (UTC${readerTimeZone ? ` · ${readerTimeZone}` : ''})`, '');
  lines.push(`- Created: ${when(run.createdAt)}`);
  lines.push(`- Last updated: ${when(run.updatedAt)}`);
  if (run.canceledAt) lines.push(`- Canceled: ${when(run.canceledAt)}`);
  lines.push(`- Runtime: ${formatDuration(run.runtimeMs)}`, '');

  lines.push('**Status history**', '');
  if (!input.timeline) lines.push('- (the status history could not be read; see the run page)');
  else if (input.timeline.entries.length === 0) lines.push('- (no status changes recorded yet)');
  else {
    for (const entry of input.timeline.entries) {
      const extra = [entry.result ? `result ${RESULT_LABELS[entry.result]}` : null, entry.errorCodes.length > 0 ? entry.errorCodes.map(code).join(', ') : null]
        .filter(Boolean)
        .join('; ');
      lines.push(`- ${when(entry.observedAt)} — ${statusText(entry)}${extra ? ` (${extra})` : ''}`);
    }
  }
  lines.push('');

  lines.push(`**Result:** ${resultText(run)} · **Output:** ${outputText(run)}`, '');

  if (run.errors.length > 0) {
    lines.push('**Errors**', '');
    run.errors.forEach((error, index) => {
      const label = `${code(error.type?.trim() || 'no type given')} · ${code(error.code?.trim() || 'no code given')}`;
      lines.push(`${index + 1}. ${label}${error.field ? ` (field ${code(error.field)})` : ''}: ${plain(error.message) || '(no message)'}`);
      const explained = input.explain?.(error);
      if (explained) {
        lines.push(`   - What happened: ${plain(explained.explanation)}`);
        lines.push(`   - Next step: ${plain(explained.nextStep)}`);
        if (explained.caveat) lines.push(`   - Note: ${plain(explained.caveat)}`);
      }
    });
    lines.push('');
  }

  lines.push('**Request ids**', '');
  const requests: string[] = [];
  for (const entry of input.audit ?? []) {
    if (!entry.upstreamRequestId) continue;
    const what = ACTION_NAMES[entry.action] ?? entry.action;
    requests.push(`- ${code(entry.upstreamRequestId)} — ${what} (${entry.outcome}) by ${plain(entry.actor ?? 'unknown')} at ${when(entry.at)}`);
  }
  if (run.upstreamRequestId) requests.push(`- ${code(run.upstreamRequestId)} — Runwatch’s latest read of the run`);
  if (requests.length === 0) requests.push('- (none known to Runwatch)');
  if (input.audit === null) requests.push('- (the actions on this run could not be read; their request ids are missing)');
  lines.push(...requests);

  return `${lines.join('\n')}\n`;
}
