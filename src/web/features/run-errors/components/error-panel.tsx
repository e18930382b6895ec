import type { RunError } from '@/contract/bff';
import type { ErrorGroup } from '@/contract/error-groups';
import { Badge } from '@/web/components/ui/badge';
import type { BadgeTone } from '@/web/components/ui/badge';
import { CopyButton } from '@/web/components/ui/copy-button';
import { ErrorIcon } from '@/web/components/ui/icons';
import { cx } from '@/web/lib/cx';
import { codeLabel, ERROR_GROUP_LABELS, explainError, typeLabel } from '../error-catalogue';

interface ErrorPanelProps {
  errors: readonly RunError[];
  /** The run id: what identifies this run to the upstream's support, and never changes. */
  runId: string;
  /**
   * The upstream's id of the request that read this copy of the run. It changes with every read,
   * so it is named as what it is, not as the id of the failure.
   */
  readRequestId: string | null;
  /** Errors on a run that did not fail (rare) are warnings, not the headline. */
  runFailed: boolean;
}

const GROUP_TONE: Record<ErrorGroup, BadgeTone> = {
  platform: 'danger',
  request: 'warning',
  source: 'info',
  unknown: 'neutral',
};

/** Longest rendering of one extra field's value; the raw JSON view has the whole of it. */
const EXTRA_VALUE_CHARS = 500;

/** Each error the run carries, explained in plain words with the next step. */
export function ErrorPanel({ errors, runId, readRequestId, runFailed }: ErrorPanelProps) {
  if (errors.length === 0) return null;
  return (
    <section
      aria-labelledby="run-errors-title"
      className={cx('min-w-0 rounded-card border bg-surface shadow-card', runFailed ? 'border-red-200 dark:border-red-400/30' : 'border-line')}
    >
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-4 py-3 sm:px-5">
        <h2 id="run-errors-title" className="flex items-center gap-2 text-sm font-semibold text-fg">
          <ErrorIcon className="size-4 text-red-600 dark:text-red-400" />
          {errors.length === 1 ? 'What went wrong' : `What went wrong (${errors.length} errors)`}
        </h2>
      </div>
      <ol className="divide-y divide-line">
        {errors.map((error, index) => (
          <ErrorItem key={`${error.type ?? ''}/${error.code ?? ''}/${index}`} error={error} />
        ))}
      </ol>
      <div className="flex flex-col gap-1.5 border-t border-line px-4 py-2.5 text-xs text-fg-muted sm:px-5" data-testid="support-ids">
        <p className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-1">
          <span>Contacting the upstream’s support? Quote the run id</span> <span className="font-mono break-all text-fg">{runId}</span>{' '}
          <CopyButton value={runId} label="Copy run id for support" /> <span>— it identifies this run and never changes.</span>
        </p>
        {readRequestId ? (
          <p className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-1">
            <span>This copy was read by upstream request</span> <span className="font-mono break-all text-fg">{readRequestId}</span>{' '}
            <CopyButton value={readRequestId} label="Copy id of the request that read this copy" /> <span>(each read has its own id).</span>
          </p>
        ) : null}
      </div>
    </section>
  );
}

function ErrorItem({ error }: { error: RunError }) {
  const explained = explainError(error);
  const group = ERROR_GROUP_LABELS[explained.group];
  const extra = Object.entries(error.extra ?? {});
  return (
    <li className="px-4 py-4 sm:px-5" data-error-code={error.code ?? ''} data-error-group={explained.group} data-explained-by={explained.source}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={GROUP_TONE[explained.group]} title={group.meaning} data-testid="error-group">
          {group.label} error
        </Badge>
        <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs break-all text-fg ring-1 ring-line">
          {typeLabel(error)} · {codeLabel(error)}
        </code>
        {error.field ? (
          <span className="text-xs text-fg-muted">
            field <code className="font-mono break-all text-fg">{error.field}</code>
          </span>
        ) : null}
      </div>
      <p className="mt-2 text-sm font-semibold text-fg first-letter:uppercase">{explained.headline}</p>
      {error.message ? (
        <blockquote className="mt-1.5 border-l-2 border-line-strong pl-3 text-sm break-words text-fg-muted">
          <span className="sr-only">The upstream says: </span>
          {error.message}
        </blockquote>
      ) : (
        <p className="mt-1.5 text-xs text-fg-subtle italic">The upstream sent no message with this error.</p>
      )}
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-xs font-medium text-fg-subtle sm:pt-0.5">What it means</dt>
        <dd className="text-fg-muted">
          {explained.explanation} <span className="text-fg-subtle">{group.meaning}</span>
          {explained.caveat ? (
            <span className="mt-1 block text-xs text-fg-subtle" data-testid="error-caveat">
              {explained.caveat}
            </span>
          ) : null}
        </dd>
        <dt className="text-xs font-medium text-fg-subtle sm:pt-0.5">Next step</dt>
        <dd className="font-medium text-fg">{explained.nextStep}</dd>
        {extra.length > 0 ? (
          <>
            <dt className="text-xs font-medium text-fg-subtle sm:pt-0.5">Other fields</dt>
            <dd className="min-w-0">
              <p className="text-xs text-fg-subtle">Sent by the upstream beyond the contract’s fields, shown as received:</p>
              <dl className="mt-1 grid gap-x-3 gap-y-0.5 font-mono text-xs sm:grid-cols-[auto_1fr]" data-testid="error-extra">
                {extra.map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt className="break-all text-fg-muted">{key}</dt>
                    <dd className="break-all text-fg">{extraValueText(value)}</dd>
                  </div>
                ))}
              </dl>
            </dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

function extraValueText(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > EXTRA_VALUE_CHARS ? `${text.slice(0, EXTRA_VALUE_CHARS)}…` : text;
}
