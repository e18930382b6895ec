import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate } from 'react-router';
import type { LookupAnswer } from '@/contract/lookup';
import type { PastedId } from '@/contract/paste-ids';
import { Alert } from '@/web/components/ui/alert';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { MonoId } from '@/web/components/ui/mono-id';
import { RelativeTime } from '@/web/components/ui/relative-time';
import { Spinner } from '@/web/components/ui/spinner';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { lookupQueries } from '../api/lookup-queries';
import { ID_KIND_LABELS } from '../utils/id-kind-labels';
import { listFilterParam, runPath, runsListPath } from '../utils/lookup-paths';
import { UnknownIdHelp } from './unknown-id-help';

/**
 * What Runwatch knows of each pasted id. One run id, or one request id whose run is known, opens
 * that run straight away; anything else is listed, and ids Runwatch cannot place get the help.
 */
export function LookupResults({ ids }: { ids: readonly PastedId[] }) {
  const queryClient = useQueryClient();
  const lookup = useQuery(lookupQueries.resolve(ids.map((entry) => entry.id)));
  const single = ids.length === 1 ? ids[0] : undefined;

  // The lookup was just added to the person's recent list.
  useEffect(() => {
    if (lookup.isSuccess) void queryClient.invalidateQueries({ queryKey: lookupQueries.recent().queryKey });
  }, [lookup.isSuccess, lookup.dataUpdatedAt, queryClient]);

  if (single?.kind === 'run' && !lookup.isPending) return <Navigate to={runPath(single.id)} replace />;
  if (lookup.isSuccess && single?.kind === 'request' && lookup.data[0]?.runId) return <Navigate to={runPath(lookup.data[0].runId)} replace />;

  if (lookup.isPending) {
    return (
      <div role="status" className="flex items-center gap-2 text-sm text-fg-muted">
        <Spinner />
        Looking up {ids.length === 1 ? <code className="font-mono text-fg">{ids[0]?.id}</code> : `${ids.length} IDs`}…
      </div>
    );
  }

  if (lookup.isError) {
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
        {lookup.error instanceof Error ? lookup.error.message : 'Runwatch could not look up these IDs.'}
      </Alert>
    );
  }

  const answers = lookup.data;
  const unplaced = answers.filter((answer) => answer.outcome === 'unknown' || answer.outcome === 'unavailable');
  const pastedTask = ids.find((entry) => entry.kind === 'task')?.id ?? null;
  return (
    <div className="space-y-5">
      <Card title={answers.length === 1 ? 'What this ID is' : `What these ${answers.length} IDs are`} flush>
        <ul className="divide-y divide-line" aria-label="Lookup results">
          {answers.map((answer) => (
            <AnswerRow key={answer.id} answer={answer} />
          ))}
        </ul>
      </Card>
      {unplaced.length > 0 ? <UnknownIdHelp unknownIds={unplaced} taskId={pastedTask} /> : null}
    </div>
  );
}

function AnswerRow({ answer }: { answer: LookupAnswer }) {
  return (
    <li data-lookup-id={answer.id} data-outcome={answer.outcome} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
      <div className="flex min-w-0 items-center gap-2 sm:w-72 sm:shrink-0">
        <Badge tone={answer.outcome === 'found' ? 'accent' : 'neutral'} className="shrink-0">
          {ID_KIND_LABELS[answer.kind]}
        </Badge>
        <MonoId value={answer.id} copyLabel={`${ID_KIND_LABELS[answer.kind].toLowerCase()} ID`} className="min-w-0 text-fg" />
      </div>
      <div className="min-w-0 flex-1 text-sm text-fg-muted">
        <AnswerText answer={answer} />
      </div>
    </li>
  );
}

const linkClasses = 'font-medium text-accent underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-focus';

function RunSummary({ answer }: { answer: LookupAnswer }) {
  if (!answer.runId) return null;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <Link to={runPath(answer.runId)} className={linkClasses}>
        <span className="font-mono">{answer.runId}</span>
      </Link>
      {answer.run ? (
        <>
          <StatusBadge status={answer.run.status} upstreamStatus={answer.run.upstreamStatus} />
          {answer.run.createdAt ? (
            <span className="text-xs">
              created <RelativeTime value={answer.run.createdAt} />
            </span>
          ) : null}
        </>
      ) : null}
    </span>
  );
}

function AnswerText({ answer }: { answer: LookupAnswer }) {
  const kindLabel = ID_KIND_LABELS[answer.kind].toLowerCase();
  switch (answer.kind) {
    case 'run':
      if (answer.outcome === 'found') return <RunSummary answer={answer} />;
      if (answer.outcome === 'unchecked') {
        return (
          <span>
            Not among the runs Runwatch follows.{' '}
            <Link to={runPath(answer.id)} className={linkClasses}>
              Open it to check
            </Link>
          </span>
        );
      }
      if (answer.outcome === 'unavailable') {
        return (
          <span>
            The upstream could not be asked just now.{' '}
            <Link to={runPath(answer.id)} className={linkClasses}>
              Open it to try again
            </Link>
          </span>
        );
      }
      return <span>No such run: neither Runwatch nor the upstream knows it.</span>;
    case 'request':
      if (answer.outcome === 'found') {
        return (
          <span className="flex flex-col gap-1">
            <span>
              {answer.source === 'runwatch' ? 'A call Runwatch made' : 'A call the upstream’s event log names'} for run
              {answer.observedAt ? (
                <>
                  {' '}
                  (<RelativeTime value={answer.observedAt} />)
                </>
              ) : null}
              :
            </span>
            <RunSummary answer={answer} />
          </span>
        );
      }
      return <span>Runwatch has not seen this request.</span>;
    case 'session':
      return <span>Runwatch does not index runs by session; ask for the run ID.</span>;
    default: {
      if (answer.outcome !== 'found') return <span>No runs with this {kindLabel} among the runs Runwatch follows.</span>;
      const param = listFilterParam(answer.kind);
      const count = answer.runCount === 1 ? '1 run' : `${answer.runCount ?? 0} runs`;
      return (
        <span className="flex flex-col gap-1">
          <span>
            {param ? (
              <Link to={runsListPath({ [param]: answer.id })} className={linkClasses}>
                {count}
              </Link>
            ) : (
              count
            )}{' '}
            with this {kindLabel}; the newest:
          </span>
          <RunSummary answer={answer} />
        </span>
      );
    }
  }
}
