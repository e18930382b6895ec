import { Button } from '@/web/components/ui/button';
import { usePin } from '../api/use-pin';

interface PinButtonProps {
  runId: string;
  /** `compact`: icon only (on board cards); otherwise icon and label (run page header). */
  compact?: boolean;
  className?: string;
}

/** Pins a run to the caller's watchlist (it stays on their board until unpinned), or unpins it. */
export function PinButton({ runId, compact = false, className }: PinButtonProps) {
  const { pinned, known, toggle } = usePin(runId);
  const label = pinned ? 'Unpin from board' : 'Pin to board';
  return (
    <Button
      variant={compact ? (pinned ? 'ghost-accent' : 'ghost') : 'secondary'}
      size={compact ? 'icon' : 'md'}
      aria-pressed={pinned}
      aria-label={compact ? `${label}: ${runId}` : undefined}
      title={toggle.error ? `Could not change the pin: ${toggle.error.message}` : label}
      disabled={!known}
      loading={toggle.isPending}
      onClick={() => toggle.mutate(!pinned)}
      className={className}
      icon={<PinGlyph filled={pinned} />}
      data-testid="pin-button"
      data-pinned={pinned ? 'true' : 'false'}
    >
      {compact ? null : pinned ? 'Pinned' : 'Pin'}
    </Button>
  );
}

function PinGlyph({ filled }: { filled: boolean }) {
  return (
    <svg
      viewBox="0 0 16 16"
      className="size-4"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinejoin="round"
    >
      <path d="M6 1.75h4l-.5 4 2.5 2.5v1.25H4V8.25l2.5-2.5z" />
      <path d="M8 9.5v4.75" strokeLinecap="round" />
    </svg>
  );
}
