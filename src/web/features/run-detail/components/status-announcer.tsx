import { useState } from 'react';
import type { RunStatus } from '../../../../contract/run-status';
import { statusLabel } from '../../../lib/status-display';

interface StatusAnnouncerProps {
  status: RunStatus;
  /** The one-sentence summary, read after the new status. */
  summary: string;
}

/**
 * Tells screen-reader users when the run's status changes. The first status is not announced:
 * the page heading already says it.
 */
export function StatusAnnouncer({ status, summary }: StatusAnnouncerProps) {
  const [announcedFor, setAnnouncedFor] = useState(status);
  const [message, setMessage] = useState('');
  if (announcedFor !== status) {
    // Adjusting state while rendering (not in an effect) keeps the message in step with the status.
    setAnnouncedFor(status);
    setMessage(`Run status changed to ${statusLabel(status)}. ${summary}`);
  }
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="status-announcer">
      {message}
    </div>
  );
}
