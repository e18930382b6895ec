import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RunScreenshot } from '../../../../contract/bff';
import { Kbd } from '../../../components/ui/kbd';
import { cn } from '../../../lib/cn';
import { useShotParam } from '../hooks/use-shot-param';
import { safeImageUrl } from '../utils/safe-image-url';
import { inTimeOrder, type ShotParam } from '../utils/shot-order';
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
  const { shot: requested, param, setShot } = useShotParam();
  const [enlarged, setEnlarged] = useState(false);
  const total = ordered.length;
  // A position past the end is not a pin: the gallery shows its default and says why.
  const linked = requested !== null && requested <= total ? requested : null;
  const following = live && linked === null;
  const selected = total === 0 ? 0 : (linked ?? total);
  const [thumbFocusRequest, setThumbFocusRequest] = useState<{ position: number; token: number } | null>(null);

  // A deep link (`?shot=N`, valid or not) brings the gallery into view once, when it first has shots.
  const rootRef = useRef<HTMLDivElement>(null);
  const scrolled = useRef(false);
  const hasLink = param.kind !== 'none';
  useEffect(() => {
    if (scrolled.current || !hasLink || total === 0) return;
    scrolled.current = true;
    const element = rootRef.current;
    if (element && typeof element.scrollIntoView === 'function') element.scrollIntoView({ block: 'start' });
  }, [hasLink, total]);

  if (shots === undefined) return <p className="text-sm text-fg-muted">Screenshots are not available for this run.</p>;
  if (total === 0) {
    return (
      <div className="flex flex-col gap-2">
        <LinkNotice param={param} total={0} live={live} />
        <p className="text-sm text-fg-muted" data-testid="screenshots-none">
          {live ? 'No screenshots yet — the agent captures one every few seconds while it works.' : 'None captured — the upstream sent no screenshots for this run.'}
        </p>
      </div>
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
    <div ref={rootRef} onKeyDown={onKeyDown} className="flex scroll-mt-24 flex-col gap-3" data-testid="screenshot-gallery">
      <LinkNotice param={param} total={total} live={live} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <button
          type="button"
          onClick={() => setEnlarged(true)}
          className="group relative block min-w-0 overflow-hidden rounded-control border border-line bg-canvas focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
          aria-label={`Screenshot ${selected} of ${total}. Open large view`}
          data-testid="shot-main"
          data-position={`main-${selected}`}
        >
          <span className="flex aspect-[16/10] items-center justify-center">
            {src ? (
              <img key={src} src={src} alt="" decoding="async" className="size-full object-contain" />
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
        <p className="hidden flex-wrap items-center gap-1.5 text-xs text-fg-subtle sm:flex">
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

/**
 * Says when `?shot=` could not be followed — not a number, or past the last screenshot — and what
 * the gallery shows instead, rather than silently showing something else.
 */
function LinkNotice({ param, total, live }: { param: ShotParam; total: number; live: boolean }) {
  const fallback = live ? 'Showing the latest screenshot.' : 'Showing the last screenshot.';
  let text: string | null = null;
  if (param.kind === 'invalid') {
    text = `The link asks for screenshot “${param.raw.length > 40 ? `${param.raw.slice(0, 40)}…` : param.raw}”, which is not a screenshot number (1, 2, 3…). ${total > 0 ? fallback : ''}`;
  } else if (param.kind === 'position' && param.position > total) {
    const has = total === 0 ? 'this run has none' : `this run has ${total === 1 ? 'only 1' : `only ${total}`}`;
    text = `The link asks for screenshot ${param.position}, but ${has}${live ? ' so far' : ''}. ${total > 0 ? fallback : ''}`;
  }
  if (text === null) return null;
  return (
    <p role="status" className="rounded-control border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-100" data-testid="shot-link-notice">
      {text.trim()}
    </p>
  );
}
