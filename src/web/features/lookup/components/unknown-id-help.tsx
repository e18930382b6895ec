import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { isValidId } from '@/contract/ids';
import type { PastedId } from '@/contract/paste-ids';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { SearchIcon } from '@/web/components/ui/icons';
import { Input } from '@/web/components/ui/input';
import { runsListPath } from '../utils/lookup-paths';

/**
 * The plain answer for ids Runwatch cannot place: which ids it can know, what to ask the customer
 * for instead, and a search of the runs by time and task.
 */
export function UnknownIdHelp({ unknownIds, taskId }: { unknownIds: readonly PastedId[]; taskId: string | null }) {
  const navigate = useNavigate();
  const formId = useId();
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const task = String(form.get('task_id') ?? '').trim();
    const from = localToIso(String(form.get('from') ?? ''));
    const to = localToIso(String(form.get('to') ?? ''));
    if (task && !isValidId('task', task)) return setError('A task ID starts with task_ and holds only letters, digits, _ and -.');
    if (from === undefined || to === undefined) return setError('Enter the times as a date and a time.');
    if (from && to && from >= to) return setError('The start of the search must come before its end.');
    setError(null);
    void navigate(runsListPath({ task_id: task || null, created_after: from, created_before: to }));
  }

  return (
    <Card title={helpTitle(unknownIds)}>
      <div className="space-y-2 text-sm text-fg-muted">
        <p>Runwatch knows:</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>every run ID (trun_…) of your organisation;</li>
          <li>request IDs (req_…) of calls Runwatch made itself, and of calls the upstream’s event log names (the last 30 days);</li>
          <li>task, source, agent and credential IDs of the runs it follows.</li>
        </ul>
        <p>
          A request ID from the customer’s own code that changed no run, an older one, or a session ID cannot be traced here.{' '}
          <strong className="font-medium text-fg">
            Ask the customer for the run ID (trun_…), roughly when the run happened (with their time zone), and which task it ran
          </strong>{' '}
          — or search by time and task now:
        </p>
      </div>
      <form onSubmit={onSubmit} aria-label="Search runs by time and task" className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
        <Field label="Task ID" htmlFor={`${formId}-task`}>
          <Input
            id={`${formId}-task`}
            name="task_id"
            defaultValue={taskId ?? ''}
            placeholder="task_…"
            autoComplete="off"
            spellCheck={false}
            className="w-full font-mono"
          />
        </Field>
        <Field label="Created after (your time)" htmlFor={`${formId}-from`}>
          <Input id={`${formId}-from`} name="from" type="datetime-local" className="w-full" />
        </Field>
        <Field label="Created before (your time)" htmlFor={`${formId}-to`}>
          <Input id={`${formId}-to`} name="to" type="datetime-local" className="w-full" />
        </Field>
        <Button type="submit" icon={<SearchIcon className="size-4" />}>
          Search runs
        </Button>
      </form>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </Card>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-fg-muted">
        {label}
      </label>
      {children}
    </div>
  );
}

function helpTitle(unknownIds: readonly PastedId[]): string {
  if (unknownIds.length > 1) return `Runwatch cannot place ${unknownIds.length} of these IDs`;
  return unknownIds[0]?.kind === 'request' ? 'No run known for this request ID' : 'Runwatch cannot place this ID';
}

/** A `datetime-local` value (the reader's zone) as ISO 8601 UTC; null when empty, undefined when unreadable. */
function localToIso(value: string): string | null | undefined {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
