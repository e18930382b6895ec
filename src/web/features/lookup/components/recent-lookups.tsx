import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RelativeTime } from '@/web/components/ui/relative-time';
import { lookupQueries } from '../api/lookup-queries';
import { lookupPath } from '../utils/lookup-paths';

/** The person's last lookups, each opening that lookup again. Quietly absent when there are none or they cannot be read. */
export function RecentLookups() {
  const recent = useQuery(lookupQueries.recent());
  const entries = recent.data ?? [];
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="recent-lookups-heading" className="space-y-2">
      <h2 id="recent-lookups-heading" className="text-sm font-semibold text-fg">
        Your recent lookups
      </h2>
      <ul className="divide-y divide-line rounded-card border border-line bg-surface">
        {entries.map((entry) => (
          <li key={`${entry.at}-${entry.ids.join(' ')}`} className="flex min-w-0 items-center gap-3 px-3.5 py-2">
            <Link
              to={lookupPath(entry.ids)}
              className="min-w-0 flex-1 truncate font-mono text-[13px] text-accent underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-focus"
            >
              {entry.ids.join(' ')}
            </Link>
            <RelativeTime value={entry.at} className="shrink-0 text-xs text-fg-subtle" />
          </li>
        ))}
      </ul>
    </section>
  );
}
