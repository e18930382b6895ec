import { useId, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ACCEPTED_IDS_HINT, parsePastedIds, type PasteParse } from '@/contract/paste-ids';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { SearchIcon } from '@/web/components/ui/icons';
import { controlClasses } from '@/web/components/ui/input';
import { cn } from '@/web/lib/cn';
import { LOOKUP_INPUT_ATTRIBUTE } from '../utils/lookup-input';
import { LookupResults } from './lookup-results';
import { RecentLookups } from './recent-lookups';

/**
 * The lookup page body. `?q=` holds the ids of a lookup (never the paste itself: a pasted signed
 * link or key stays out of the address bar and history), so a lookup can be shared as a link.
 */
export function LookupPanel() {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = searchParams.get('q') ?? '';
  const [draft, setDraft] = useState(query);
  // A paste that held no id is explained here without ever reaching the URL.
  const [refused, setRefused] = useState<PasteParse | null>(null);
  const parsed = refused ?? parsePastedIds(query);
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // A new `?q=` (a recent lookup, the back button) replaces what is in the box.
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setDraft(query);
    setRefused(null);
  }

  function submit() {
    const next = parsePastedIds(draft);
    if (next.kind === 'ids') {
      setRefused(null);
      const ids = next.ids.map((entry) => entry.id).join(' ');
      setDraft(ids);
      setSearchParams({ q: ids });
    } else if (next.kind === 'empty') {
      setRefused(null);
      setSearchParams({});
    } else {
      setRefused(next);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit();
  }

  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-fg">Look up a run</h1>
        <p id={hintId} className="mt-1 text-sm text-fg-muted">
          Paste what a customer sent you: run, request, task, source, agent, credential or session IDs, or a link or message that contains them. Several at once
          give a list.
        </p>
      </div>
      <Card>
        <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row sm:items-start" role="search" aria-label="Look up IDs">
          <label htmlFor={inputId} className="sr-only">
            Run ID, request ID or other IDs, or a link or message that contains them
          </label>
          <textarea
            ref={inputRef}
            id={inputId}
            name="q"
            rows={2}
            value={draft}
            {...{ [LOOKUP_INPUT_ATTRIBUTE]: '' }}
            onChange={(event) => {
              setDraft(event.target.value);
              setRefused(null);
            }}
            onKeyDown={(event) => {
              // Enter looks up; Shift+Enter adds a line for a list typed by hand.
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
            autoComplete="off"
            spellCheck={false}
            autoFocus={query === ''}
            placeholder="trun_…, req_…, task_…, or a link"
            aria-describedby={hintId}
            aria-invalid={parsed.kind === 'invalid' ? true : undefined}
            className={cn(controlClasses, 'h-auto min-h-10 w-full resize-y py-2 font-mono text-sm leading-5 sm:flex-1')}
          />
          <Button type="submit" variant="primary" size="lg" icon={<SearchIcon className="size-4" />}>
            Look up
          </Button>
        </form>
      </Card>
      {parsed.kind === 'invalid' ? (
        <Alert tone="error" title="Nothing Runwatch can look up">
          {parsed.message}
        </Alert>
      ) : null}
      {parsed.kind === 'ids' ? (
        <>
          {parsed.problems.length > 0 || parsed.truncated ? (
            <Alert tone="warning" title="Some of the paste was left out">
              {[...parsed.problems, ...(parsed.truncated ? [`Only the first ${parsed.ids.length} IDs are looked up.`] : [])].join(' ')}
            </Alert>
          ) : null}
          <LookupResults ids={parsed.ids} />
        </>
      ) : null}
      {parsed.kind === 'empty' ? <AcceptedFormats /> : null}
      <RecentLookups />
    </div>
  );
}

function AcceptedFormats() {
  const examples = [
    { label: 'Run ID', example: 'trun_9Qm2Lx7Pa4', note: 'opens the run' },
    { label: 'Request ID', example: 'req_4kT8sW1nQe', note: 'finds the run it belonged to' },
    { label: 'Task, source, agent, credential', example: 'task_F3kd81Ws', note: 'its runs, newest first' },
    { label: 'Link or message', example: 'https://…/runs/trun_9Qm2Lx7Pa4', note: 'every ID in it is looked up' },
  ];
  return (
    <section aria-label="What you can paste">
      <p className="sr-only">{ACCEPTED_IDS_HINT}</p>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {examples.map((item) => (
          <div key={item.label} className="rounded-card border border-line bg-surface px-3.5 py-3">
            <dt className="text-xs font-medium text-fg-muted">{item.label}</dt>
            <dd className="mt-1 truncate font-mono text-[13px] text-fg">{item.example}</dd>
            <dd className="mt-1 text-xs text-fg-subtle">{item.note}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
