import { lazy, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RunScreenshot } from '@/contract/bff';
import { Kbd } from '@/web/components/ui/kbd';
import { OnDemand } from '@/web/components/ui/on-demand';
import { cx } from '@/web/lib/cx';
import { useShotParam } from '../hooks/use-shot-param';
import { findMatches, firstMatchFrom, stepMatch } from '../utils/reasoning-search';
import { playDelayMs, replaySpan, shotTimes, type ReplaySpeed } from '../utils/replay-time';
import { safeImageUrl } from '../utils/safe-image-url';
import { inTimeOrder, type ShotParam } from '../utils/shot-order';
import { Filmstrip } from './filmstrip';
import { ReplayControls } from './replay-controls';
import { ReplayScrubber, type ReplaySegment } from './replay-scrubber';
import { ShotDetails } from './shot-details';

interface ScreenshotGalleryProps {
  /** Undefined when the server did not include screenshots. */
  shots: readonly RunScreenshot[] | undefined;
  /** While live and not deep-linked, the gallery follows the newest screenshot. */
  live: boolean;
  runCreatedAt: string;
  /** The run's status history, drawn on the replay's scrubber; absent while it loads. */
  segments?: readonly ReplaySegment[];
}

/** Empty default, stable across renders so the scrubber's memos hold. */
const NO_SEGMENTS: readonly ReplaySegment[] = [];
/**
 * The full-size viewer's code downloads once a pointer or the keyboard reaches the screenshot, so it
 * is in by the click that opens it, and no first view of a run page carries it.
 */
const loadLightbox = () => import('./shot-lightbox');
const ShotLightbox = lazy(async () => ({ default: (await loadLightbox()).ShotLightbox }));
/** A download that fails here is tried again as the viewer opens, and reported in its place. */
const preloadLightbox = () => void loadLightbox().catch(() => undefined);

/**
 * The agent's screenshots in time order, as a replay: a large view with its reasoning (also as a
 * caption), a scrubber over the run's time, play/pause at 1×–8×, search in the reasoning, a
 * windowed filmstrip, keyboard navigation (Space, ←/→, Home/End, Esc), deep links (`?shot=N`) and
 * follow-latest while live.
 *
 * While playing or dragging the scrubber the shot on screen is held here and written to the address
 * only on pause or release, so the rest of the run page does not re-render at every frame.
 */
export function ScreenshotGallery({ shots, live, runCreatedAt, segments = NO_SEGMENTS }: ScreenshotGalleryProps) {
  const ordered = useMemo(() => inTimeOrder(shots ?? []), [shots]);
  const { shot: requested, param, setShot } = useShotParam();
  const [enlarged, setEnlarged] = useState(false);
  const total = ordered.length;
  // A position past the end is not a pin: the gallery shows its default and says why.
  const linked = requested !== null && requested <= total ? requested : null;
  // Playback and dragging belong to the address they started from: a new `?shot` (a timeline tick,
  // Back) ends them without an effect.
  const [transientState, setTransient] = useState<{ position: number; linked: number | null } | null>(null);
  const [playState, setPlayState] = useState<{ linked: number | null } | null>(null);
  const transient = transientState && transientState.linked === linked && transientState.position <= total ? transientState.position : null;
  const playing = playState !== null && playState.linked === linked && total > 0;
  const [speed, setSpeed] = useState<ReplaySpeed>(1);
  const [captions, setCaptions] = useState(true);
  const [query, setQuery] = useState('');
  const following = live && linked === null && transient === null;
  const selected = total === 0 ? 0 : (transient ?? linked ?? total);
  const [thumbFocusRequest, setThumbFocusRequest] = useState<{ position: number; token: number } | null>(null);

  const createdMs = Date.parse(runCreatedAt);
  const times = useMemo(() => shotTimes(ordered, Number.isNaN(createdMs) ? 0 : createdMs), [ordered, createdMs]);
  // The span hangs on numbers, not on the segments array, so a page re-render does not redraw 1,000 ticks.
  const segmentsEndMs = segments.reduce<number | null>(
    (end, segment) => (Number.isFinite(segment.endMs) ? Math.max(end ?? segment.endMs, segment.endMs) : end),
    null,
  );
  const span = useMemo(
    () => replaySpan(times, { startMs: Number.isNaN(createdMs) ? null : createdMs, endMs: segmentsEndMs }),
    [times, segmentsEndMs, createdMs],
  );
  const reasonings = useMemo(() => ordered.map((shot) => shot.reasoning), [ordered]);
  const matches = useMemo(() => findMatches(reasonings, query), [reasonings, query]);

  /** Shows `position` and puts it in the address, ending playback. `null` goes back to following. */
  const commit = useCallback(
    (position: number | null) => {
      setPlayState(null);
      setTransient(null);
      setShot(position === null ? null : Math.min(Math.max(position, 1), Math.max(total, 1)));
    },
    [setShot, total],
  );

  // Playback: each shot stays for the real time to the next capture divided by the speed (idle stretches shortened).
  useEffect(() => {
    if (!playing) return;
    const upcoming = ordered[selected];
    const upcomingSrc = upcoming ? safeImageUrl(upcoming.imageUrl) : null;
    if (upcomingSrc) new Image().src = upcomingSrc;
    const timer = setTimeout(
      () => {
        const next = selected + 1;
        if (next >= total) commit(total);
        else setTransient({ position: next, linked });
      },
      playDelayMs(times, selected, speed),
    );
    return () => clearTimeout(timer);
  }, [playing, selected, total, times, speed, linked, ordered, commit]);

  const onScrub = useCallback(
    (position: number, done: boolean) => {
      if (done) commit(position);
      else {
        setPlayState(null);
        setTransient({ position, linked });
      }
    },
    [commit, linked],
  );

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
          {live
            ? 'No screenshots yet — the agent captures one every few seconds while it works.'
            : 'None captured — the upstream sent no screenshots for this run.'}
        </p>
      </div>
    );
  }

  const shot = ordered[selected - 1]!;
  const go = (position: number) => commit(position);

  function togglePlay() {
    if (playing) {
      commit(selected);
      return;
    }
    // Play from the start when the last shot is on screen.
    setTransient({ position: selected >= total ? 1 : selected, linked });
    setPlayState({ linked });
  }

  function onQuery(next: string) {
    setQuery(next);
    const landing = firstMatchFrom(findMatches(reasonings, next), selected);
    if (landing !== null && landing !== selected) go(landing);
  }

  function onStepMatch(direction: 1 | -1) {
    const target = stepMatch(matches, selected, direction);
    if (target !== null) go(target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    // Space plays and pauses, except on controls that Space activates (a thumbnail is a shot, not a control).
    if (event.key === ' ' && !(target.closest('button, a, summary') && !target.closest('[data-testid="filmstrip"]'))) {
      event.preventDefault();
      togglePlay();
      return;
    }
    let next: number | null = null;
    if (event.key === 'ArrowLeft') next = selected - 1;
    else if (event.key === 'ArrowRight') next = selected + 1;
    else if (event.key === 'Home') next = 1;
    else if (event.key === 'End') next = total;
    else if (event.key === 'PageUp') next = selected - 10;
    else if (event.key === 'PageDown') next = selected + 10;
    else if (event.key === 'Escape' && !enlarged && (linked !== null || transient !== null) && live) {
      // Esc leaves a pinned screenshot and goes back to following the run.
      event.preventDefault();
      commit(null);
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
        <div className="relative min-w-0">
          <button
            type="button"
            onClick={() => setEnlarged(true)}
            onPointerEnter={preloadLightbox}
            onFocus={preloadLightbox}
            className="group relative block w-full min-w-0 overflow-hidden rounded-control border border-line bg-canvas focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
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
            <span className="pointer-events-none absolute top-2 right-2 rounded bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-white opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100">
              Enlarge
            </span>
          </button>
          {captions && shot.reasoning.trim() ? (
            // The reasoning read like subtitles over the replay; the same text is beside it for screen readers.
            <p
              aria-hidden="true"
              className="pointer-events-none absolute inset-x-2 bottom-2 mx-auto line-clamp-3 w-fit max-w-[92%] rounded bg-black/75 px-2 py-1 text-center text-xs leading-snug text-white sm:text-sm"
              data-testid="shot-caption"
            >
              {shot.reasoning.trim()}
            </p>
          ) : null}
        </div>
        <ShotDetails shot={shot} position={selected} total={total} runCreatedAt={runCreatedAt} highlight={query} />
      </div>
      <div className="flex flex-col gap-2 rounded-control border border-line bg-surface-muted/40 p-2 sm:p-3" data-testid="replay">
        <ReplayControls
          playing={playing}
          onTogglePlay={togglePlay}
          speed={speed}
          onSpeed={setSpeed}
          captions={captions}
          onCaptions={setCaptions}
          query={query}
          onQuery={onQuery}
          matches={matches}
          matchIndex={matches.includes(selected) ? matches.indexOf(selected) : null}
          onStepMatch={onStepMatch}
        />
        <ReplayScrubber span={span} times={times} segments={segments} matches={matches} selected={selected} onScrub={onScrub} />
      </div>
      <Filmstrip shots={ordered} selected={selected} onSelect={go} focusRequest={thumbFocusRequest} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="hidden flex-wrap items-center gap-1.5 text-xs text-fg-subtle sm:flex">
          <Kbd>Space</Kbd> play / pause · <Kbd>←</Kbd>
          <Kbd>→</Kbd> step · <Kbd>Home</Kbd>
          <Kbd>End</Kbd> first / last · <Kbd>Esc</Kbd> {live ? 'follow latest / close' : 'close'}
        </p>
        {live ? (
          <button
            type="button"
            aria-pressed={following}
            onClick={() => commit(following ? selected : null)}
            className={cx(
              'inline-flex h-7 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium ring-1 ring-inset transition-colors',
              'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
              following ? 'bg-accent-soft text-accent-text ring-accent/30' : 'text-fg-muted ring-line-strong hover:bg-surface-hover',
            )}
          >
            <span aria-hidden="true" className={cx('size-1.5 rounded-full', following ? 'bg-accent motion-safe:animate-live-pulse' : 'bg-fg-subtle')} />
            Follow latest
          </button>
        ) : null}
      </div>
      {enlarged ? (
        <OnDemand what="screenshot viewer">
          <ShotLightbox
            shot={shot}
            position={selected}
            total={total}
            runCreatedAt={runCreatedAt}
            onClose={() => setEnlarged(false)}
            onStep={(delta) => go(selected + delta)}
          />
        </OnDemand>
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
    <p
      role="status"
      className="rounded-control border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-100"
      data-testid="shot-link-notice"
    >
      {text.trim()}
    </p>
  );
}
