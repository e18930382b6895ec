import { Link } from 'react-router';
import type { AuditEntry } from '../../../../contract/audit';
import { MonoId } from '../../../components/ui/mono-id';
import { cn } from '../../../lib/cn';
import { dateTimeTitle, formatDateTime } from '../../../lib/format';
import { actionLabel } from '../utils/describe-audit-entry';
import { OutcomeBadge } from './outcome-badge';

const HEAD = 'px-3 py-2 text-left text-[11px] font-semibold tracking-wide text-fg-subtle uppercase first:pl-4 last:pr-4';
const CELL = 'px-3 py-2 align-top first:pl-4 last:pr-4';

/** The audit log as a table, newest first. Every value is rendered as text. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[960px] border-collapse text-sm">
        <caption className="sr-only">Audit log</caption>
        <thead className="border-b border-line bg-surface-muted/60">
          <tr>
            <th scope="col" className={HEAD}>Time</th>
            <th scope="col" className={HEAD}>Action</th>
            <th scope="col" className={HEAD}>Outcome</th>
            <th scope="col" className={HEAD}>Actor</th>
            <th scope="col" className={HEAD}>Run / account</th>
            <th scope="col" className={HEAD}>Address</th>
            <th scope="col" className={HEAD}>Request IDs</th>
            <th scope="col" className={HEAD}>Detail</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {entries.map((entry) => (
            <tr key={entry.id} data-audit-action={entry.action}>
              <td className={cn(CELL, 'whitespace-nowrap tabular-nums')}>
                <time dateTime={entry.at} title={dateTimeTitle(entry.at)}>
                  {formatDateTime(entry.at)}
                </time>
              </td>
              <td className={CELL}>{actionLabel(entry)}</td>
              <td className={CELL}>
                <OutcomeBadge outcome={entry.outcome} />
              </td>
              <td className={CELL}>
                {entry.actor ?? <span className="text-fg-subtle">—</span>}
                {entry.actorRole ? <span className="ml-1 text-xs text-fg-subtle">({entry.actorRole})</span> : null}
              </td>
              <td className={CELL}>
                {entry.runId ? (
                  <Link to={`/runs/${encodeURIComponent(entry.runId)}`} className="font-mono text-[0.8125rem] text-accent-text hover:underline">
                    {entry.runId}
                  </Link>
                ) : entry.subject ? (
                  entry.subject
                ) : (
                  <span className="text-fg-subtle">—</span>
                )}
              </td>
              <td className={cn(CELL, 'font-mono text-xs')}>{entry.address ?? '—'}</td>
              <td className={cn(CELL, 'max-w-[16rem]')}>
                <MonoId value={entry.requestId} className="block" />
                {entry.upstreamRequestId ? <MonoId value={entry.upstreamRequestId} copyLabel="upstream request ID" className="block" /> : null}
              </td>
              <td className={cn(CELL, 'max-w-[14rem] break-words text-fg-muted')}>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
