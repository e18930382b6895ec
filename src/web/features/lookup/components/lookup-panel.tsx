import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { EmptyState } from '../../../components/ui/empty-state';
import { SearchIcon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Spinner } from '../../../components/ui/spinner';
import { ApiRequestError } from '../../../lib/api-request-error';
import { lookupQueries } from '../api/lookup-queries';
import { runPath } from '../utils/lookup-paths';
import { parseLookupInput } from '../utils/parse-lookup-input';

/**
 * The lookup page body: `?q=` holds what was pasted, so a lookup can be shared as a link. A run id
 * opens the run; a request id is resolved through the ids Runwatch has observed.
 */
export function LookupPanel() {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = searchParams.get('q') ?? '';
  const target = parseLookupInput(query);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (inputRef.current) inputRef.current.value = query;
  }, [query]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    setSearchParams(value ? { q: value } : {});
  }

  if (target.kind === 'run') return <Navigate to={runPath(target.id)} replace />;

  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-fg">Look up a run</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Paste what a customer sent you: a run ID, a request ID, or a link or message that contains one.
        </p>
      </div>
      <Card>
        <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row" role="search" aria-label="Look up a run or request ID">
          <label htmlFor={inputId} className="sr-only">
            Run ID, request ID, or text containing one
          </label>
          <Input
            ref={inputRef}
            id={inputId}
            name="q"
            defaultValue={query}
            autoComplete="off"
            spellCheck={false}
            autoFocus={query === ''}
            placeholder="trun_… or req_… or a link"
            aria-invalid={target.kind === 'invalid' ? true : undefined}
            className="h-10 w-full font-mono sm:w-auto sm:flex-1"
          />
          <Button type="submit" variant="primary" size="lg" icon={<SearchIcon className="size-4" />}>
            Look up
          </Button>
        </form>
      </Card>
      {target.kind === 'invalid' ? (
        <Alert tone="error" title="That doesn't look like an ID Runwatch can look up">
          {target.message}
        </Alert>
      ) : null}
      {target.kind === 'request' ? <RequestResolution requestId={target.id} /> : null}
      {target.kind === 'empty' ? <AcceptedFormats /> : null}
    </div>
  );
}

function RequestResolution({ requestId }: { requestId: string }) {
  const lookup = useQuery(lookupQueries.request(requestId));

  if (lookup.isSuccess) return <Navigate to={runPath(lookup.data.runId)} replace />;

  if (lookup.isPending) {
    return (
      <div role="status" className="flex items-center gap-2 text-sm text-fg-muted">
        <Spinner />
        Looking up request <code className="font-mono text-fg">{requestId}</code>…
      </div>
    );
  }

  const error = lookup.error;
  if (error instanceof ApiRequestError && error.status === 404) {
    return (
      <Card>
        <EmptyState
          title="No run known for this request ID"
          description={
            <>
              <p>
                Runwatch only knows request IDs it has observed: the ones on responses it received while showing or listing a
                run. <code className="font-mono text-fg">{requestId}</code> is not among them.
              </p>
              <p className="mt-2">Ask for the run ID (trun_…) instead, or open the run once so its request IDs are recorded.</p>
            </>
          }
        />
      </Card>
    );
  }

  return (
    <Alert
      tone="error"
      title="The lookup failed"
      actions={
        <Button size="sm" onClick={() => void lookup.refetch()} loading={lookup.isFetching}>
          Try again
        </Button>
      }
    >
      {error instanceof Error ? error.message : 'Runwatch could not look up this request ID.'}
    </Alert>
  );
}

function AcceptedFormats() {
  const examples = [
    { label: 'Run ID', example: 'trun_9Qm2Lx7Pa4', note: 'opens the run' },
    { label: 'Request ID', example: 'req_4kT8sW1nQe', note: 'finds the run it belonged to' },
    { label: 'Link or message', example: 'https://…/runs/trun_9Qm2Lx7Pa4', note: 'the first ID in it is used' },
  ];
  return (
    <dl className="grid gap-3 sm:grid-cols-3">
      {examples.map((item) => (
        <div key={item.label} className="rounded-card border border-line bg-surface px-3.5 py-3">
          <dt className="text-xs font-medium text-fg-muted">{item.label}</dt>
          <dd className="mt-1 truncate font-mono text-[13px] text-fg">{item.example}</dd>
          <dd className="mt-1 text-xs text-fg-subtle">{item.note}</dd>
        </div>
      ))}
    </dl>
  );
}
