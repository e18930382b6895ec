import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { buttonClasses } from '@/web/components/ui/button';
import { attentionQueries } from '../api/attention-queries';

/** The settings panel comes with the first open: every signed-in page shows the button, few open it. */
const SignalSettingsPanel = lazy(async () => ({ default: (await import('./signal-settings-panel')).SignalSettingsPanel }));

/**
 * The header's "Signals" button: how many runs need a person, and a small panel to opt in to
 * desktop notifications and a beep, and choose what triggers them. Saved per person on the server.
 */
export function SignalSettingsMenu() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const attention = useQuery(attentionQueries.current());
  const count = attention.data?.needsHumanCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className={buttonClasses(open ? 'ghost-current' : 'ghost', 'sm')}
        data-testid="signals-button"
      >
        Signals
        {count > 0 ? (
          <span
            className="inline-flex min-w-5 items-center justify-center rounded-full bg-danger px-1.5 text-[11px] leading-5 font-semibold text-danger-fg"
            data-testid="attention-count"
          >
            <span aria-hidden="true">{count}</span>
            <span className="sr-only">, {count === 1 ? '1 run needs' : `${count} runs need`} a person</span>
          </span>
        ) : null}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <SignalSettingsPanel id={panelId} count={count} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
