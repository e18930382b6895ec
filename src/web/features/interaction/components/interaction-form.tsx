import { useId, useState, type FormEvent } from 'react';
import type { InteractionView } from '@/contract/bff';
import { ANSWER_MAX_LENGTH } from '@/contract/limits';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { controlClasses } from '@/web/components/ui/input';
import { cn } from '@/web/lib/cn';
import { fieldControl, missingValueMessage, type FieldControl } from '../utils/field-control';

interface InteractionFormProps {
  interaction: InteractionView;
  pending: boolean;
  /** A problem with the last attempt, already phrased for people. */
  submitError: string | null;
  onSubmit: (input: Record<string, string>) => void;
}

/**
 * The prompt's fields as a form; every field is required because the upstream wants them all at once.
 * Field names come from the upstream and may be anything (`__proto__`, `constructor`), so values
 * live in Maps and the answer is built with own properties only, never by assignment on an object.
 */
export function InteractionForm({ interaction, pending, submitError, onSubmit }: InteractionFormProps) {
  const baseId = useId();
  const [values, setValues] = useState<ReadonlyMap<string, string>>(() => new Map());
  const [missing, setMissing] = useState<ReadonlyMap<string, string>>(() => new Map());
  const controls = interaction.fields.map((field, index) => ({
    field,
    control: fieldControl(interaction.type, field),
    // Ids from the position, not the name: a name may hold spaces or anything else.
    id: `${baseId}-field-${index}`,
  }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return; // one answer per prompt: Enter pressed twice must not send twice
    const problems = new Map<string, string>();
    const answers: Array<[string, string]> = [];
    for (const { field, control } of controls) {
      const value = (values.get(field.name) ?? '').trim();
      if (value === '') problems.set(field.name, missingValueMessage(field, control));
      answers.push([field.name, value]);
    }
    setMissing(problems);
    if (problems.size > 0) {
      const first = controls.find(({ field }) => problems.has(field.name));
      if (first) document.getElementById(first.id)?.focus();
      return;
    }
    // Object.fromEntries defines own properties, so `__proto__` is an answer, not a prototype.
    onSubmit(Object.fromEntries(answers));
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-describedby={`${baseId}-message`}>
      <p id={`${baseId}-message`} className="text-sm whitespace-pre-line text-fg">
        {interaction.message || 'The website needs input to continue.'}
      </p>
      {controls.map(({ field, control, id }, index) => (
        <FieldInput
          key={id}
          id={id}
          label={field.label.trim() || field.name}
          control={control}
          value={values.get(field.name) ?? ''}
          error={missing.get(field.name) || null}
          autoFocus={index === 0}
          disabled={pending}
          onChange={(value) => {
            setValues((current) => new Map(current).set(field.name, value));
            if (missing.get(field.name)) setMissing((current) => new Map(current).set(field.name, ''));
          }}
        />
      ))}
      {interaction.fields.length === 0 ? <p className="text-sm text-fg-muted">The prompt has no fields; sending continues the run without an answer.</p> : null}
      {submitError ? (
        <Alert tone="error" title="The answer was not sent">
          {submitError}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" loading={pending}>
          {pending ? 'Sending…' : 'Send answer'}
        </Button>
        <p className="text-xs text-fg-subtle">The answer goes straight to the website and is not stored by Runwatch.</p>
      </div>
    </form>
  );
}

interface FieldInputProps {
  id: string;
  label: string;
  control: FieldControl;
  value: string;
  error: string | null;
  autoFocus: boolean;
  disabled: boolean;
  onChange: (value: string) => void;
}

function FieldInput({ id, label, control, value, error, autoFocus, disabled, onChange }: FieldInputProps) {
  const errorId = `${id}-error`;
  const errorText = error ? (
    <p id={errorId} className="mt-1 text-xs font-medium text-red-700 dark:text-red-300">
      {error}
    </p>
  ) : null;

  if (control.kind === 'choice') {
    return (
      <fieldset aria-describedby={error ? errorId : undefined}>
        <legend className="mb-1.5 text-sm font-medium text-fg">{label}</legend>
        <div className="flex flex-col gap-1.5" id={id} tabIndex={-1}>
          {control.options.map((option, index) => (
            <label
              key={option.value}
              className={cn(
                'flex cursor-pointer items-center gap-2.5 rounded-control border px-3 py-2 text-sm transition-colors',
                value === option.value ? 'border-accent bg-accent-soft text-fg' : 'border-line-strong bg-surface text-fg hover:bg-surface-hover',
              )}
            >
              <input
                type="radio"
                name={id}
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                disabled={disabled}
                autoFocus={autoFocus && index === 0}
                className="accent-[var(--color-accent)]"
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        {errorText}
      </fieldset>
    );
  }

  const isCode = control.kind === 'one-time-code';
  return (
    <div>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-fg">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type="text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        autoFocus={autoFocus}
        maxLength={ANSWER_MAX_LENGTH}
        inputMode={isCode ? 'numeric' : undefined}
        autoComplete={isCode ? 'one-time-code' : 'off'}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={cn(controlClasses, 'h-10 w-full', isCode ? 'max-w-[14rem] font-mono text-lg tracking-[0.3em]' : 'max-w-md')}
      />
      {errorText}
    </div>
  );
}
