import { cx } from '@/web/lib/cx';
import { CopyButton } from './copy-button';

export interface MonoIdProps {
  /** The id as text (`trun_…`, `req_…`); always rendered as text, never as HTML. */
  value: string;
  /** Adds a copy button labelled "Copy {copyLabel}". */
  copyLabel?: string;
  /** `block`: on a line of its own (a flex box) instead of inline with the text around it. */
  block?: boolean;
  className?: string;
}

/** An upstream id in monospace, optionally with a copy button. */
export function MonoId({ value, copyLabel, block = false, className }: MonoIdProps) {
  return (
    <span className={cx(block ? 'flex' : 'inline-flex', 'min-w-0 items-center gap-0.5', className)}>
      <span className="truncate font-mono text-[0.8125rem]" title={value}>
        {value}
      </span>
      {copyLabel ? <CopyButton value={value} label={`Copy ${copyLabel}`} /> : null}
    </span>
  );
}
