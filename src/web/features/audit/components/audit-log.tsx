import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Alert } from '@/web/components/ui/alert';
import { Button, buttonClasses } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Skeleton } from '@/web/components/ui/skeleton';
import { ApiRequestError } from '@/web/lib/api-request-error';
import { auditQueries } from '../api/audit-queries';
import { auditCsvUrl, filtersFromParams, filtersToParams, type AuditFilterValues } from '../utils/audit-filters';
import { AuditFilterForm } from './audit-filter-form';
import { AuditTable } from './audit-table';

/**
 * The whole audit log for admins: filters kept in the address bar (shareable), newest first,
 * older pages on request, and the same filters as a CSV download.
 */
export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const log = useInfiniteQuery(auditQueries.list(filters));
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  const apply = (next: AuditFilterValues) => setParams(filtersToParams(next));

  if (log.error instanceof ApiRequestError && log.error.status === 403) {
    return (
      <Alert tone="warning" title="Only admins can see the audit log">
        Your role does not include the audit log. Each run page still lists the actions taken on that run.
      </Alert>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-fg">Audit log</h1>
          <p className="mt-1 text-sm text-fg-muted">
            Sign-ins, account changes, answers and cancellations: who, when, from where, and how it went. Never what was typed.
          </p>
        </div>
        <a href={auditCsvUrl(filters)} download className={buttonClasses('secondary')}>
          Export CSV
        </a>
      </div>

      <Card>
        {/* Remounted when the address changes, so the fields follow back/forward navigation. */}
        <AuditFilterForm key={params.toString()} filters={filters} onApply={apply} />
      </Card>

      <Card flush>
        {log.isPending ? (
          <div className="space-y-3 p-4" aria-busy="true">
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-5/6" />
            <Skeleton className="h-4 w-4/6" />
          </div>
        ) : log.isError && entries.length === 0 ? (
          <div className="p-4">
            <Alert tone="error" title="The audit log could not be loaded" actions={<Button onClick={() => void log.refetch()}>Try again</Button>}>
              {log.error.message}
            </Alert>
          </div>
        ) : entries.length === 0 ? (
          <EmptyState
            title={filtered ? 'Nothing matches these filters' : 'The audit log is empty'}
            description={filtered ? 'Widen the time range or clear a filter.' : 'Sign-ins and actions on runs will show up here.'}
            action={filtered ? <Button onClick={() => apply({})}>Clear filters</Button> : undefined}
          />
        ) : (
          <>
            <AuditTable entries={entries} />
            {log.hasNextPage ? (
              <div className="flex justify-center border-t border-line p-3">
                <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  Show older entries
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
