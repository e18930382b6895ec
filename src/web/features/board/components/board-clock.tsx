import { useClockValue } from '@/web/lib/clock';
import { cn } from '@/web/lib/cn';
import { formatRelative } from '@/web/lib/format';
import { formatCountdown, formatWaited, serverNow } from '../utils/board-time';

export interface BoardTimeBase {
  generatedAt: string;
  receivedAt: number;
}

/** "waited 4 min": how long a run has been in its status, ticking on the server's clock. */
export function WaitedFor({ since, base, className }: { since: string; base: BoardTimeBase; className?: string }) {
  const text = useClockValue((now) => formatWaited(serverNow(base.generatedAt, base.receivedAt, now) - Date.parse(since)));
  return <span className={cn('tabular-nums', className)}>{text}</span>;
}

/** "5 min. ago" in the viewer's locale: when a run finished, on the server's clock. */
export function FinishedAgo({ at, base, className }: { at: string; base: BoardTimeBase; className?: string }) {
  const text = useClockValue((now) => formatRelative(at, serverNow(base.generatedAt, base.receivedAt, now)));
  return <span className={cn('tabular-nums', className)}>{text}</span>;
}

/**
 * The time left before a prompt is expected to expire. An estimate (the upstream does not say how
 * long a prompt waits), and labelled so; past it, the prompt may close at any moment.
 */
export function PromptCountdown({ expiresAt, base, windowMinutes }: { expiresAt: string; base: BoardTimeBase; windowMinutes: number }) {
  const left = useClockValue((now) => Math.ceil((Date.parse(expiresAt) - serverNow(base.generatedAt, base.receivedAt, now)) / 1000));
  const passed = left <= 0;
  const urgent = left <= 60;
  return (
    <p
      className={cn(
        'flex flex-wrap items-baseline gap-x-1.5 text-xs',
        passed ? 'text-red-700 dark:text-red-300' : urgent ? 'text-amber-800 dark:text-amber-200' : 'text-fg-muted',
      )}
      data-testid="prompt-countdown"
      title={`Runwatch assumes a prompt waits about ${windowMinutes} min; the upstream does not say how long.`}
    >
      {passed ? (
        <span className="font-semibold">Past the estimated expiry: the prompt may close any moment</span>
      ) : (
        <>
          <span className="font-mono text-sm font-semibold tabular-nums">~{formatCountdown(left * 1000)}</span> <span>left (estimate)</span>
        </>
      )}
    </p>
  );
}
