import type { RunError } from '../../../../contract/bff';
import type { ErrorGroup } from '../../../../contract/error-groups';
import { Badge } from '../../../components/ui/badge';
import type { BadgeTone } from '../../../components/ui/badge';
import { CopyButton } from '../../../components/ui/copy-button';
import { ErrorIcon } from '../../../components/ui/icons';
import { cn } from '../../../lib/cn';
import { ERROR_GROUP_LABELS, explainError } from '../error-catalogue';

interface ErrorPanelProps {
  errors: readonly RunError[];
  /** The upstream's id for the response that carried these errors, for the upstream's support. */
  upstreamRequestId: string | null;
  /** Errors on a run that did not fail (rare) are warnings, not the headline. */
  runFailed: boolean;
}

const GROUP_TONE: Record<ErrorGroup, BadgeTone> = {
  platform: 'danger',
  request: 'warning',
  source: 'info',
  unknown: 'neutral',
};

/** Each error the run carries, explained in plain words with the next step. */
export function ErrorPanel({ errors, upstreamRequestId, runFailed }: ErrorPanelProps) {
  if (errors.length === 0) return null;
  return (
    <section
      aria-labelledby="run-errors-title"
      className={cn(
        'rounded-card border bg-surface shadow-card',
        runFailed ? 'border-red-200 dark:border-red-400/30' : 'border-line',
      )}
    >
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-3">
        <h2 id="run-errors-title" className="flex items-center gap-2 text-sm font-semibold text-fg">
          <ErrorIcon className="size-4 text-red-600 dark:text-red-400" />
          {errors.length === 1 ? 'What went wrong' : `What went wrong (${errors.length} errors)`}
        </h2>
        {upstreamRequestId ? (
          <p className="flex items-center gap-1.5 text-xs text-fg-muted">
            <span>Upstream request</span>
            <span className="font-mono text-fg">{upstreamRequestId}</span>
            <CopyButton value={upstreamRequestId} label="Copy upstream request id" />
          </p>
        ) : null}
      </div>
      <ol className="divide-y divide-line">
        {errors.map((error, index) => (
          <ErrorItem key={`${error.type}/${error.code}/${index}`} error={error} />
        ))}
      </ol>
      {upstreamRequestId ? (
        <p className="border-t border-line px-5 py-2.5 text-xs text-fg-muted">
          Contacting the upstream’s support? Quote the upstream request id above — it identifies exactly this response.
        </p>
      ) : null}
    </section>
  );
}

function ErrorItem({ error }: { error: RunError }) {
  const explained = explainError(error.type, error.code);
  const group = ERROR_GROUP_LABELS[explained.group];
  return (
    <li className="px-5 py-4" data-error-code={error.code} data-error-group={explained.group}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={GROUP_TONE[explained.group]} title={group.meaning} data-testid="error-group">
          {group.label} error
        </Badge>
        <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs text-fg ring-1 ring-line">
          {error.type} · {error.code}
        </code>
        {error.field ? (
          <span className="text-xs text-fg-muted">
            field <code className="font-mono text-fg">{error.field}</code>
          </span>
        ) : null}
      </div>
      <p className="mt-2 text-sm font-semibold text-fg first-letter:uppercase">{explained.headline}</p>
      {error.message ? (
        <blockquote className="mt-1.5 border-l-2 border-line-strong pl-3 text-sm break-words text-fg-muted">
          <span className="sr-only">The upstream says: </span>
          {error.message}
        </blockquote>
      ) : null}
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-xs font-medium text-fg-subtle sm:pt-0.5">What it means</dt>
        <dd className="text-fg-muted">
          {explained.explanation}{' '}
          <span className="text-fg-subtle">{group.meaning}</span>
        </dd>
        <dt className="text-xs font-medium text-fg-subtle sm:pt-0.5">Next step</dt>
        <dd className="font-medium text-fg">{explained.nextStep}</dd>
      </dl>
    </li>
  );
}
