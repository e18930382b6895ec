import { Link } from 'react-router';
import type { AuditEntry } from '@/contract/audit';
import { MonoId } from '@/web/components/ui/mono-id';
import { cx } from '@/web/lib/cx';
import { dateTimeTitle, formatDateTime } from '@/web/lib/format';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';
import { actionLabel } from '../utils/describe-audit-entry';
import { OutcomeBadge } from './outcome-badge';

const HEAD = 'px-3 py-2 text-left text-[11px] font-semibold tracking-wide text-fg-subtle uppercase first:pl-4 last:pr-4';
const CELL = 'px-3 py-2 align-top first:pl-4 last:pr-4';
/** Columns shown from tablet width up; on a phone their content is stacked under the action. */
const WIDE_ONLY = 'hidden md:table-cell';

/**
 * The audit log as a table, newest first. Every value is rendered as text. On a phone only the
 * action and outcome columns remain, with who, when, which run and the ids stacked under the action.
 */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm md:min-w-[960px]">
        <caption className="sr-only">Audit log</caption>
        <thead className="border-b border-line bg-surface-muted/60">
          <tr>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Time
            </th>
            <th scope="col" className={HEAD}>
              Action
            </th>
            <th scope="col" className={HEAD}>
              Outcome
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Actor
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Run / account
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Address
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Request IDs
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Detail
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {entries.map((entry) => (
            <tr key={entry.id} data-audit-action={entry.action}>
              <td className={cx(CELL, WIDE_ONLY, 'whitespace-nowrap tabular-nums')}>
                <EntryTime at={entry.at} />
              </td>
              <td className={CELL}>
                {actionLabel(entry)}
                <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-xs text-fg-muted md:hidden" data-testid="audit-entry-details">
                  <dt className="text-fg-subtle">When</dt>
                  <dd className="tabular-nums">
                    <EntryTime at={entry.at} />
                  </dd>
                  <dt className="text-fg-subtle">Who</dt>
                  <dd className="wrap-anywhere">
                    <Actor entry={entry} />
                  </dd>
                  {entry.runId || entry.subject ? (
                    <>
                      <dt className="text-fg-subtle">{entry.runId ? 'Run' : 'Account'}</dt>
                      <dd className="wrap-anywhere">
                        <Target entry={entry} />
                      </dd>
                    </>
                  ) : null}
                  {entry.address ? (
                    <>
                      <dt className="text-fg-subtle">From</dt>
                      <dd className="font-mono wrap-anywhere">{entry.address}</dd>
                    </>
                  ) : null}
                  <dt className="text-fg-subtle">Request</dt>
                  <dd className="min-w-0">
                    <MonoId value={entry.requestId} block />
                    {entry.upstreamRequestId ? <MonoId value={entry.upstreamRequestId} copyLabel="upstream request ID" block /> : null}
                  </dd>
                  {entry.detail ? (
                    <>
                      <dt className="text-fg-subtle">Detail</dt>
                      <dd className="wrap-anywhere">{entry.detail}</dd>
                    </>
                  ) : null}
                </dl>
              </td>
              <td className={CELL}>
                <OutcomeBadge outcome={entry.outcome} />
              </td>
              <td className={cx(CELL, WIDE_ONLY)}>
                <Actor entry={entry} />
              </td>
              <td className={cx(CELL, WIDE_ONLY)}>
                <Target entry={entry} />
              </td>
              <td className={cx(CELL, WIDE_ONLY, 'font-mono text-[0.8125rem]')}>{entry.address ?? '—'}</td>
              <td className={cx(CELL, WIDE_ONLY, 'max-w-[16rem]')}>
                <MonoId value={entry.requestId} block />
                {entry.upstreamRequestId ? <MonoId value={entry.upstreamRequestId} copyLabel="upstream request ID" block /> : null}
              </td>
              <td className={cx(CELL, WIDE_ONLY, 'max-w-[14rem] break-words text-fg-muted')}>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** In the zone the viewer chose in the header (local or UTC), following a change at once. */
function EntryTime({ at }: { at: string }) {
  const [zone] = useTimeZonePreference();
  return (
    <time dateTime={at} title={dateTimeTitle(at, zone)}>
      {formatDateTime(at, zone)}
    </time>
  );
}

function Actor({ entry }: { entry: AuditEntry }) {
  return (
    <>
      {entry.actor ?? <span className="text-fg-subtle">—</span>}
      {entry.actorRole ? <span className="ml-1 text-xs text-fg-subtle">({entry.actorRole})</span> : null}
    </>
  );
}

function Target({ entry }: { entry: AuditEntry }) {
  if (entry.runId) {
    return (
      <Link to={`/runs/${encodeURIComponent(entry.runId)}`} className="font-mono text-[0.8125rem] text-accent-text hover:underline">
        {entry.runId}
      </Link>
    );
  }
  return entry.subject ? <>{entry.subject}</> : <span className="text-fg-subtle">—</span>;
}
