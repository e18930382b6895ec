import { useMemo, useState, type KeyboardEvent } from 'react';
import type { RunScreenshot } from '../../../../contract/bff';
import { Kbd } from '../../../components/ui/kbd';
import { cn } from '../../../lib/cn';
import { useShotParam } from '../hooks/use-shot-param';
import { safeImageUrl } from '../utils/safe-image-url';
import { inTimeOrder } from '../utils/shot-order';
import { Filmstrip } from './filmstrip';
import { ShotDetails } from './shot-details';
import { ShotLightbox } from './shot-lightbox';

interface ScreenshotGalleryProps {
  /** Undefined when the server did not include screenshots. */
  shots: readonly RunScreenshot[] | undefined;
  /** While live and not deep-linked, the gallery follows the newest screenshot. */
  live: boolean;
  runCreatedAt: string;
}

/**
 * The agent's screenshots in time order: a large view with its reasoning, a windowed filmstrip,
 * keyboard navigation (←/→, Home/End, Esc), deep links (`?shot=N`) and follow-latest while live.
 */
export function ScreenshotGallery({ shots, live, runCreatedAt }: ScreenshotGalleryProps) {
  const ordered = useMemo(() => inTimeOrder(shots ?? []), [shots]);
  const { shot: linked, setShot } = useShotParam();
  const [enlarged, setEnlarged] = useState(false);
  const total = ordered.length;
  const following = live && linked === null;
  const selected = total === 0 ? 0 : Math.min(linked ?? total, total);
  const [thumbFocusRequest, setThumbFocusRequest] = useState<{ position: number; token: number } | null>(null);

  if (shots === undefined) return <p className="text-sm text-fg-muted">Screenshots are not available for this run.</p>;
  if (total === 0) {
    return (
      <p className="text-sm text-fg-muted">
        {live ? 'No screenshots yet — the agent captures one every few seconds while it works.' : 'This run has no screenshots.'}
      </p>
    );
  }

  const shot = ordered[selected - 1]!;
  const go = (position: number) => setShot(Math.min(Math.max(position, 1), total));

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    let next: number | null = null;
    if (event.key === 'ArrowLeft') next = selected - 1;
    else if (event.key === 'ArrowRight') next = selected + 1;
    else if (event.key === 'Home') next = 1;
    else if (event.key === 'End') next = total;
    else if (event.key === 'Escape' && !enlarged && linked !== null && live) {
      // Esc leaves a pinned screenshot and goes back to following the run.
      event.preventDefault();
      setShot(null);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    const position = Math.min(Math.max(next, 1), total);
    if (target.closest('[data-testid="filmstrip"]')) setThumbFocusRequest((request) => ({ position, token: (request?.token ?? 0) + 1 }));
    go(position);
  }

  const src = safeImageUrl(shot.imageUrl);
  return (
    <div onKeyDown={onKeyDown} className="flex flex-col gap-3" data-testid="screenshot-gallery">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <button
          type="button"
          onClick={() => setEnlarged(true)}
          className="group relative block overflow-hidden rounded-control border border-line bg-canvas focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
          aria-label={`Screenshot ${selected} of ${total}. Open large view`}
          data-testid="shot-main"
          data-position={`main-${selected}`}
        >
          <span className="flex aspect-[16/10] items-center justify-center">
            {src ? (
              <img key={src} src={src} alt="" decoding="async" className="max-h-full max-w-full object-contain" />
            ) : (
              <span className="text-sm text-fg-subtle">Image not available</span>
            )}
          </span>
          <span className="pointer-events-none absolute right-2 bottom-2 rounded bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-white opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100">
            Enlarge
          </span>
        </button>
        <ShotDetails shot={shot} position={selected} total={total} runCreatedAt={runCreatedAt} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex flex-wrap items-center gap-1.5 text-xs text-fg-subtle">
          <Kbd>←</Kbd>
          <Kbd>→</Kbd> browse · <Kbd>Home</Kbd>
          <Kbd>End</Kbd> first / last · <Kbd>Esc</Kbd> {live ? 'follow latest / close' : 'close'}
        </p>
        {live ? (
          <button
            type="button"
            aria-pressed={following}
            onClick={() => setShot(following ? selected : null)}
            className={cn(
              'inline-flex h-7 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium ring-1 ring-inset transition-colors',
              'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
              following ? 'bg-accent-soft text-accent-text ring-accent/30' : 'text-fg-muted ring-line-strong hover:bg-surface-hover',
            )}
          >
            <span aria-hidden="true" className={cn('size-1.5 rounded-full', following ? 'bg-accent motion-safe:animate-live-pulse' : 'bg-fg-subtle')} />
            Follow latest
          </button>
        ) : null}
      </div>
      <Filmstrip shots={ordered} selected={selected} onSelect={go} focusRequest={thumbFocusRequest} />
      {enlarged ? (
        <ShotLightbox
          shot={shot}
          position={selected}
          total={total}
          runCreatedAt={runCreatedAt}
          onClose={() => setEnlarged(false)}
          onStep={(delta) => go(selected + delta)}
        />
      ) : null}
    </div>
  );
}
