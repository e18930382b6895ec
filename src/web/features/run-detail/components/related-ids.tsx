import type { RunView } from '@/contract/bff';
import { CopyButton } from '@/web/components/ui/copy-button';

interface RelatedIdsProps {
  run: RunView;
}

type IdField = 'taskId' | 'agentId' | 'sourceId' | 'credentialId' | 'sessionId' | 'workflowId' | 'upstreamRequestId';

const FIELDS: Array<{ field: IdField; label: string; hint: string }> = [
  { field: 'taskId', label: 'Task', hint: 'The task definition this run executes' },
  { field: 'sourceId', label: 'Source', hint: 'The website the run targets' },
  { field: 'credentialId', label: 'Credential', hint: 'The stored sign-in the run used' },
  { field: 'agentId', label: 'Agent', hint: 'The agent that did the work' },
  { field: 'sessionId', label: 'Session', hint: 'The browser session the run executed in' },
  { field: 'workflowId', label: 'Workflow', hint: 'The workflow that started this run' },
  {
    field: 'upstreamRequestId',
    label: 'Read by request',
    hint: 'The upstream request that read the copy on screen; every refresh makes a new one. To ask about the run, quote the run id.',
  },
];

/** Every id the run points at, each copyable; ids the upstream left empty are listed as "none". */
export function RelatedIds({ run }: RelatedIdsProps) {
  const present = FIELDS.filter(({ field }) => field !== 'workflowId' || run.workflowId !== null);
  return (
    <dl className="grid min-w-0 grid-cols-1 gap-x-6 gap-y-1.5 text-sm sm:grid-cols-2 xl:grid-cols-3">
      {present.map(({ field, label, hint }) => {
        const value = run[field];
        return (
          <div key={field} className="flex min-w-0 items-center gap-2" data-id-field={field}>
            <dt className="w-28 shrink-0 text-xs text-fg-subtle" title={hint}>
              {label}
            </dt>
            <dd className="flex min-w-0 items-center gap-1">
              {value === null ? (
                <span className="text-xs text-fg-subtle">none</span>
              ) : (
                <>
                  <span className="truncate font-mono text-xs text-fg" title={value}>
                    {value}
                  </span>
                  <CopyButton value={value} label={`Copy ${label.toLowerCase()} id`} />
                </>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
