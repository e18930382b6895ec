import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../../contract/audit';
import type { RunError, RunView, TimelineResponse } from '../../../../contract/bff';
import { Button, buttonClasses } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { CheckIcon, CopyIcon } from '../../../components/ui/icons';
import { useTimeZonePreference } from '../../../lib/time-zone-preference';
import { bundlePath, fetchRunAudit } from '../api/ticket-queries';
import { shareLink } from '../utils/share-link';
import { buildTicketSummary, type TicketErrorExplanation } from '../utils/ticket-summary';

export interface TicketActionsProps {
  run: RunView;
  /** The run page's one-sentence summary. */
  headline: string;
  /** The status history as the page has it; undefined while it loads or when it failed. */
  timeline: TimelineResponse | undefined;
  /** The error catalogue, when the run has errors (the page loads it only then). */
  explain: ((error: RunError) => TicketErrorExplanation) | null;
  /** Position of the screenshot on screen, pinned in a shared link when the address has none. */
  shownShot: number | null;
}

type Copied = 'summary' | 'link' | null;
const CONFIRM_FOR_MS = 1500;

/** The reader's own zone beside UTC in the summary; none when they read UTC or live in it. */
function readerZone(preference: 'local' | 'utc'): string | null {
  if (preference === 'utc') return null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && zone !== 'UTC' && zone !== 'Etc/UTC' ? zone : null;
}

/**
 * What support needs to hand a run over: a Markdown summary for the ticket, the bundle download,
 * and a link that opens this same view. When the clipboard refuses (plain http, a denied
 * permission), the text is shown in a dialog, selected, to copy by hand.
 */
export function TicketActions({ run, headline, timeline, explain, shownShot }: TicketActionsProps) {
  const client = useQueryClient();
  const [preference] = useTimeZonePreference();
  const [copied, setCopied] = useState<Copied>(null);
  const [busy, setBusy] = useState(false);
  const [manual, setManual] = useState<{ title: string; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  async function copy(kind: Exclude<Copied, null>, text: string, title: string) {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopied(kind);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(null), CONFIRM_FOR_MS);
    } catch {
      setManual({ title, text });
    }
  }

  async function copySummary() {
    setBusy(true);
    let audit: readonly AuditEntry[] | null;
    try {
      audit = await fetchRunAudit(client, run.id);
    } catch {
      audit = null; // the summary says the actions could not be read
    }
    setBusy(false);
    const text = buildTicketSummary({
      run,
      headline,
      timeline: timeline ?? null,
      audit,
      explain,
      link: `${window.location.origin}/runs/${encodeURIComponent(run.id)}`,
      readerTimeZone: readerZone(preference),
    });
    await copy('summary', text, 'Copy the summary');
  }

  const link = () => shareLink(window.location, shownShot);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="ticket-actions">
      <Button size="sm" loading={busy} onClick={() => void copySummary()} icon={copied === 'summary' ? <Confirmed /> : <CopyIcon className="size-3.5" />}>
        Copy summary
      </Button>
      <a href={bundlePath(run.id)} download className={buttonClasses('secondary', 'sm')} title="A zip with the run, its timeline, errors, screenshots and audit, secrets removed">
        Download bundle
      </a>
      <Button size="sm" onClick={() => void copy('link', link(), 'Copy the link')} icon={copied === 'link' ? <Confirmed /> : <CopyIcon className="size-3.5" />}>
        Share link
      </Button>
      <span role="status" className="sr-only">
        {copied === 'summary' ? 'Summary copied' : copied === 'link' ? 'Link copied' : ''}
      </span>
      <ManualCopyDialog state={manual} onClose={() => setManual(null)} />
    </div>
  );
}

function Confirmed() {
  return <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" strokeWidth={2} />;
}

/** The fallback when the clipboard cannot be written: the text, selected, with a reminder of the keys. */
function ManualCopyDialog({ state, onClose }: { state: { title: string; text: string } | null; onClose: () => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (state) area.current?.select();
  }, [state]);
  return (
    <Dialog
      open={state !== null}
      onClose={onClose}
      title={state?.title ?? ''}
      description="This browser did not allow Runwatch to copy. The text is selected: press Ctrl+C (⌘C on a Mac)."
      initialFocusRef={area}
      className="w-[min(40rem,calc(100vw-2rem))]"
      footer={
        <Button size="sm" onClick={onClose}>
          Close
        </Button>
      }
    >
      <textarea
        ref={area}
        readOnly
        value={state?.text ?? ''}
        aria-label={state?.title ?? 'Text to copy'}
        className="h-64 w-full resize-y rounded-control border border-line bg-surface-muted p-2 font-mono text-xs text-fg"
        onFocus={(event) => event.currentTarget.select()}
      />
    </Dialog>
  );
}
