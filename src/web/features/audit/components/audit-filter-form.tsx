import { useId, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS, type AuditAction } from '@/contract/audit';
import { Button } from '@/web/components/ui/button';
import { Input, Select } from '@/web/components/ui/input';
import { isoToLocalInput, localInputToIso, type AuditFilterValues } from '../utils/audit-filters';
import { actionFilterLabel } from '../utils/describe-audit-entry';

interface AuditFilterFormProps {
  filters: AuditFilterValues;
  onApply: (filters: AuditFilterValues) => void;
}

const LABEL = 'mb-1 block text-xs font-medium text-fg-muted';

/** Actor, action, run id and time range. Applied on submit, so typing does not fire a query per key. */
export function AuditFilterForm({ filters, onApply }: AuditFilterFormProps) {
  const [actor, setActor] = useState(filters.actor ?? '');
  const [action, setAction] = useState<string>(filters.action ?? '');
  const [runId, setRunId] = useState(filters.runId ?? '');
  const [from, setFrom] = useState(isoToLocalInput(filters.from));
  const [to, setTo] = useState(isoToLocalInput(filters.to));
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({
      actor: actor.trim() || undefined,
      action: (action || undefined) as AuditAction | undefined,
      runId: runId.trim() || undefined,
      from: localInputToIso(from),
      to: localInputToIso(to),
    });
  }

  function clear() {
    setActor('');
    setAction('');
    setRunId('');
    setFrom('');
    setTo('');
    onApply({});
  }

  return (
    <form role="search" aria-label="Filter the audit log" onSubmit={submit} className="grid grid-cols-1 items-end gap-3 sm:flex sm:flex-wrap">
      <div>
        <label htmlFor={`${id}-actor`} className={LABEL}>
          Actor
        </label>
        <Input id={`${id}-actor`} name="actor" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="account name" className="w-full sm:w-40" />
      </div>
      <div>
        <label htmlFor={`${id}-action`} className={LABEL}>
          Action
        </label>
        <Select id={`${id}-action`} name="action" value={action} onChange={(e) => setAction(e.target.value)} className="w-full sm:w-48">
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionFilterLabel(a)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={`${id}-run`} className={LABEL}>
          Run ID
        </label>
        <Input
          id={`${id}-run`}
          name="runId"
          value={runId}
          onChange={(e) => setRunId(e.target.value)}
          placeholder="trun_…"
          spellCheck={false}
          className="w-full font-mono sm:w-48"
        />
      </div>
      <div>
        <label htmlFor={`${id}-from`} className={LABEL}>
          From
        </label>
        <Input id={`${id}-from`} name="from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="w-full sm:w-auto" />
      </div>
      <div>
        <label htmlFor={`${id}-to`} className={LABEL}>
          Until
        </label>
        <Input id={`${id}-to`} name="to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="w-full sm:w-auto" />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button type="button" variant="ghost" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}
