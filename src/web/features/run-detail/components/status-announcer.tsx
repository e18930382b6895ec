import { useState } from 'react';
import type { RunStatus } from '@/contract/run-status';
import { statusLabel } from '@/web/lib/status-display';

interface StatusAnnouncerProps {
  /** null: a status Runwatch does not recognise. */
  status: RunStatus | null;
  /** The status as the upstream spelled it; a change between two unrecognised ones is announced too. */
  upstreamStatus: string;
  /** The one-sentence summary, read after the new status. */
  summary: string;
}

/**
 * Tells screen-reader users when the run's status changes. The first status is not announced:
 * the page heading already says it.
 */
export function StatusAnnouncer({ status, upstreamStatus, summary }: StatusAnnouncerProps) {
  const key = status ?? `unrecognised:${upstreamStatus}`;
  const [announcedFor, setAnnouncedFor] = useState(key);
  const [message, setMessage] = useState('');
  if (announcedFor !== key) {
    // Adjusting state while rendering (not in an effect) keeps the message in step with the status.
    setAnnouncedFor(key);
    const label = status === null ? `“${upstreamStatus}”, a status Runwatch does not recognise` : statusLabel(status);
    setMessage(`Run status changed to ${label}. ${summary}`);
  }
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="status-announcer">
      {message}
    </div>
  );
}
