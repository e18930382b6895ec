import type { AttentionResponse, AttentionRun } from '@/contract/attention';

/** Something that should reach the person now. */
export interface Signal {
  kind: 'needs_human' | 'watched_completed' | 'watched_failed';
  run: AttentionRun;
}

/** What the previous polls showed, to tell news from what was already there. */
export interface AttentionMemory {
  /** Runs waiting for a human at the last poll. */
  waiting: ReadonlySet<string>;
  /** Last known status of each watched run. */
  watched: ReadonlyMap<string, string | null>;
  /** Server time of the first poll: a watched run that finished before it is not news. */
  since: string;
}

/**
 * Compares a poll with what earlier polls showed. The first poll only sets the baseline, so runs
 * already waiting (or finished) when the tab opened raise nothing; after it, a run that starts
 * waiting for a human, or a watched run that completes or fails, is a signal once.
 */
export function attentionChanges(memory: AttentionMemory | null, poll: AttentionResponse): { memory: AttentionMemory; signals: Signal[] } {
  const waiting = new Set(poll.needsHuman.map((run) => run.runId));
  const watched = new Map(poll.watched.map((run) => [run.runId, run.status] as const));
  if (!memory) return { memory: { waiting, watched, since: poll.generatedAt }, signals: [] };

  const signals: Signal[] = [];
  for (const run of poll.needsHuman) {
    if (!memory.waiting.has(run.runId)) signals.push({ kind: 'needs_human', run });
  }
  for (const run of poll.watched) {
    if (run.status !== 'completed' && run.status !== 'failed') continue;
    const before = memory.watched.get(run.runId);
    const isNews = before === undefined ? Date.parse(run.updatedAt) > Date.parse(memory.since) : before !== run.status;
    if (isNews) signals.push({ kind: run.status === 'completed' ? 'watched_completed' : 'watched_failed', run });
  }
  // A watched run that dropped out of the list (unpinned, or finished long ago) is forgotten; one still known keeps its status.
  return { memory: { waiting, watched, since: memory.since }, signals };
}

/** The notification's title and text; names the task and site, never input or answers. */
export function describeSignal(signal: Signal): { title: string; body: string } {
  const { run } = signal;
  const where = [run.taskId ? `task ${run.taskId}` : null, run.sourceId ? `site ${run.sourceId}` : null].filter(Boolean).join(' · ');
  switch (signal.kind) {
    case 'needs_human':
      return { title: run.interactionType ? `Needs you: ${run.interactionType} prompt` : 'Needs you: a run is waiting for input', body: where || run.runId };
    case 'watched_completed':
      return { title: 'Watched run completed', body: where || run.runId };
    case 'watched_failed':
      return { title: 'Watched run failed', body: where || run.runId };
  }
}
