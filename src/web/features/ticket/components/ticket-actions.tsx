import { useQueryClient } from '@tanstack/react-query';
import { lazy, useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '@/contract/audit';
import type { RunError, RunView, TimelineResponse } from '@/contract/bff';
import { Button } from '@/web/components/ui/button';
import { CheckIcon, CopyIcon } from '@/web/components/ui/icons';
import { OnDemand } from '@/web/components/ui/on-demand';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';
import { fetchBundle, fetchRunAudit } from '../api/ticket-queries';
import { shareLink } from '../utils/share-link';
import type { TicketErrorExplanation } from '../utils/ticket-summary';

// The summary writer and the zip appender come with the first click: the page's first view does without them.
const loadTicketSummary = () => import('../utils/ticket-summary');
const loadZipAppend = () => import('../utils/zip-append');
// So does the dialog shown when the clipboard refuses.
const ManualCopyDialog = lazy(async () => ({ default: (await import('./manual-copy-dialog')).ManualCopyDialog }));

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
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [summaryError, setSummaryError] = useState(false);
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

  async function summaryText(): Promise<string> {
    let audit: readonly AuditEntry[] | null;
    try {
      audit = await fetchRunAudit(client, run.id);
    } catch {
      audit = null; // the summary says the actions could not be read
    }
    const { buildTicketSummary } = await loadTicketSummary();
    return buildTicketSummary({
      run,
      headline,
      timeline: timeline ?? null,
      audit,
      explain,
      link: `${window.location.origin}/runs/${encodeURIComponent(run.id)}`,
      readerTimeZone: readerZone(preference),
    });
  }

  async function copySummary() {
    setBusy(true);
    setSummaryError(false);
    let text: string;
    try {
      text = await summaryText();
    } catch {
      // Only the summary writer's download can fail here (a lost connection).
      setSummaryError(true);
      return;
    } finally {
      setBusy(false);
    }
    await copy('summary', text, 'Copy the summary');
  }

  /**
   * The server's zip plus `SUMMARY.md`: the errors explained by the catalogue, which lives in the
   * browser, so the bundle carries the same explanations and next steps as the page.
   */
  async function downloadBundle() {
    setDownloading(true);
    setDownloadError(null);
    try {
      const [{ zip, fileName }, summary, { appendToZip }] = await Promise.all([fetchBundle(run.id), summaryText(), loadZipAppend()]);
      const bundle = (await appendToZip(zip, 'SUMMARY.md', new TextEncoder().encode(summary))) ?? zip;
      const url = URL.createObjectURL(bundle);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = fileName;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      // The browser has taken the file by then; the object URL only holds memory.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setDownloadError(error instanceof Error ? error.message : 'The bundle could not be made.');
    } finally {
      setDownloading(false);
    }
  }

  const link = () => shareLink(window.location, shownShot);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="ticket-actions">
      <Button size="sm" loading={busy} onClick={() => void copySummary()} icon={copied === 'summary' ? <Confirmed /> : <CopyIcon className="size-3.5" />}>
        Copy summary
      </Button>
      <Button
        size="sm"
        loading={downloading}
        onClick={() => void downloadBundle()}
        title="A zip with the run, its timeline, explained errors, screenshots and audit, secrets removed"
      >
        Download bundle
      </Button>
      <Button size="sm" onClick={() => void copy('link', link(), 'Copy the link')} icon={copied === 'link' ? <Confirmed /> : <CopyIcon className="size-3.5" />}>
        Share link
      </Button>
      <span role="status" className="sr-only">
        {copied === 'summary' ? 'Summary copied' : copied === 'link' ? 'Link copied' : ''}
      </span>
      {summaryError ? (
        <p role="alert" className="basis-full text-xs font-medium text-red-700 dark:text-red-300" data-testid="summary-error">
          The summary could not be made: this page could not load a part of itself. Check the connection and try again.
        </p>
      ) : null}
      {downloadError ? (
        <p role="alert" className="basis-full text-xs font-medium text-red-700 dark:text-red-300" data-testid="bundle-error">
          The bundle could not be downloaded: {downloadError}
        </p>
      ) : null}
      {manual ? (
        <OnDemand what="text to copy">
          <ManualCopyDialog state={manual} onClose={() => setManual(null)} />
        </OnDemand>
      ) : null}
    </div>
  );
}

function Confirmed() {
  return <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" strokeWidth={2} />;
}
