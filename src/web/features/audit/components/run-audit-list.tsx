import { useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@/contract/audit';
import { Alert } from '@/web/components/ui/alert';
import { Card } from '@/web/components/ui/card';
import { Skeleton } from '@/web/components/ui/skeleton';
import { dateTimeTitle, formatTimeOfDay } from '@/web/lib/format';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';
import { auditQueries } from '../api/audit-queries';
import { useRefreshAfterRunActions } from '../api/use-refresh-after-run-actions';
import { describeAuditEntry } from '../utils/describe-audit-entry';
import { OutcomeBadge } from './outcome-badge';

interface RunAuditListProps {
  runId: string;
  /** Refresh every few seconds (while the run is still going). */
  live?: boolean;
  className?: string;
}

/** The error code after "type: " in a failed or rejected answer's detail, worth showing to support. */
function failureCode(entry: AuditEntry): string | null {
  if ((entry.outcome !== 'rejected' && entry.outcome !== 'failed') || !entry.detail) return null;
  const code = entry.detail.includes(':') ? entry.detail.split(':').slice(1).join(':').trim() : entry.detail;
  return code || null;
}

/**
 * What people did to this run through Runwatch — "Code submitted by alice at 14:02 CET — accepted",
 * "Cancel requested by bo at 14:05 CET — requested", later "— canceled" — oldest first. Never what
 * they typed: the log does not have it.
 */
export function RunAuditList({ runId, live = false, className }: RunAuditListProps) {
  const [zone] = useTimeZonePreference();
  const query = auditQueries.forRun(runId, { live });
  const audit = useQuery(query);
  useRefreshAfterRunActions(runId, query.queryKey);

  return (
    <Card title="Actions" description="Answers and cancellations made in Runwatch." className={className}>
      {audit.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : audit.isError ? (
        <Alert tone="warning" role="status">
          The list of actions could not be loaded. {audit.error.message}
        </Alert>
      ) : audit.data.entries.length === 0 ? (
        <p className="text-sm text-fg-muted">Nobody has answered or canceled this run from Runwatch.</p>
      ) : (
        <ol className="space-y-2 text-sm" aria-label="Actions on this run">
          {audit.data.entries.map((entry) => {
            const code = failureCode(entry);
            return (
              <li key={entry.id} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-audit-action={entry.action} data-audit-outcome={entry.outcome}>
                <span className="min-w-0 text-fg">
                  {describeAuditEntry(entry)} at{' '}
                  <time dateTime={entry.at} title={dateTimeTitle(entry.at, zone)} className="tabular-nums">
                    {formatTimeOfDay(entry.at, audit.dataUpdatedAt, zone)}
                  </time>
                </span>{' '}
                {/* The spaces keep the copied text readable: "… at 14:02 — accepted". */}
                <span aria-hidden="true" className="text-fg-subtle">
                  —
                </span>{' '}
                <OutcomeBadge outcome={entry.outcome} />
                {code ? (
                  <>
                    {' '}
                    <span className="font-mono text-xs break-all text-fg-muted">{code}</span>
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
