import { Link } from 'react-router';
import type { FailureShare } from '@/contract/failures';
import { cx } from '@/web/lib/cx';
import { ERROR_GROUP_LABELS } from '../utils/failure-labels';

/** One colour per error group, readable in both themes. */
export const GROUP_SWATCH: Record<FailureShare['group'], string> = {
  platform: 'bg-red-500 dark:bg-red-400',
  request: 'bg-amber-500 dark:bg-amber-400',
  source: 'bg-violet-500 dark:bg-violet-400',
  unknown: 'bg-slate-400 dark:bg-slate-500',
};

export interface FailureShareBarsProps {
  shares: readonly FailureShare[];
  total: number;
  /** Link to the failed runs of one group. */
  linkFor: (group: FailureShare['group']) => string;
}

/** Who caused the failures: one stacked bar, then each group with its count and share. */
export function FailureShareBars({ shares, total, linkFor }: FailureShareBarsProps) {
  const percent = (runs: number) => (total === 0 ? 0 : Math.round((runs / total) * 100));
  return (
    <div>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-line" aria-hidden="true">
        {shares.map((share) =>
          share.runs > 0 ? (
            <div key={share.group} className={GROUP_SWATCH[share.group]} style={{ width: `${(share.runs / Math.max(1, total)) * 100}%` }} />
          ) : null,
        )}
      </div>
      <ul className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {shares.map((share) => {
          const { label, hint } = ERROR_GROUP_LABELS[share.group];
          const body = (
            <>
              <span className={cx('mt-1 size-2.5 shrink-0 rounded-sm', GROUP_SWATCH[share.group])} aria-hidden="true" />
              <span className="min-w-0">
                <span className="flex items-baseline gap-2">
                  <span className="text-sm font-medium text-fg">{label}</span>
                  <span className="text-sm tabular-nums text-fg">{share.runs}</span>
                  <span className="text-xs tabular-nums text-fg-muted">{percent(share.runs)}%</span>
                </span>
                <span className="block text-xs text-fg-muted">{hint}</span>
              </span>
            </>
          );
          return (
            <li key={share.group} data-group={share.group}>
              {share.runs > 0 ? (
                <Link
                  to={linkFor(share.group)}
                  aria-label={`${label}: ${share.runs} failed runs (${percent(share.runs)}%), show them`}
                  className="flex gap-2 rounded-control p-2 hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus"
                >
                  {body}
                </Link>
              ) : (
                <div className="flex gap-2 p-2">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
