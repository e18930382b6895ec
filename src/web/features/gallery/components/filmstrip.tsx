import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RunScreenshot } from '@/contract/bff';
import { cx } from '@/web/lib/cx';
import { formatDateTime } from '@/web/lib/format';
import { safeImageUrl } from '../utils/safe-image-url';
import { scrollToReveal, visibleRange } from '../utils/visible-range';

/** Width of one thumbnail slot including its gap (px); fixed so the strip can be windowed. */
export const THUMB_SLOT_PX = 112;
const THUMB_OVERSCAN = 4;
/** Width assumed before the strip has been measured (jsdom, first paint). */
const FALLBACK_VIEWPORT_PX = 960;

interface FilmstripProps {
  shots: readonly RunScreenshot[];
  /** 1-based position of the selected shot. */
  selected: number;
  onSelect: (position: number) => void;
  /** Set by the gallery when keyboard focus should move onto the thumbnail at `position`. */
  focusRequest: { position: number; token: number } | null;
}

/**
 * A horizontally scrolling strip of thumbnails that mounts only the ones in view, so a run with a
 * thousand screenshots keeps a dozen `<img>`s in the page.
 */
export function Filmstrip({ shots, selected, onSelect, focusRequest }: FilmstripProps) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ scrollLeft: 0, width: FALLBACK_VIEWPORT_PX });
  const { start, end } = visibleRange(viewport.scrollLeft, viewport.width, THUMB_SLOT_PX, shots.length, THUMB_OVERSCAN);

  useEffect(() => {
    const element = viewportRef.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setViewport({ scrollLeft: element.scrollLeft, width: element.clientWidth || FALLBACK_VIEWPORT_PX }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    resize?.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', measure);
      resize?.disconnect();
    };
  }, []);

  // Keep the selected thumbnail in view (keyboard navigation, follow-latest, deep links).
  useLayoutEffect(() => {
    const element = viewportRef.current;
    if (!element) return;
    const target = scrollToReveal(selected - 1, element.scrollLeft, element.clientWidth || FALLBACK_VIEWPORT_PX, THUMB_SLOT_PX);
    if (target !== null) {
      element.scrollLeft = target;
      setViewport({ scrollLeft: target, width: element.clientWidth || FALLBACK_VIEWPORT_PX });
    }
  }, [selected, shots.length]);

  // The selected thumbnail may only mount after the strip has scrolled to it, so focus is retried
  // after every render until it lands.
  const focusHandled = useRef(focusRequest?.token ?? 0);
  useEffect(() => {
    if (!focusRequest || focusHandled.current === focusRequest.token) return;
    const thumb = viewportRef.current?.querySelector<HTMLElement>(`[data-position="${focusRequest.position}"]`);
    if (thumb) {
      thumb.focus();
      focusHandled.current = focusRequest.token;
    }
  });

  const items = [];
  for (let index = start; index < end; index += 1) {
    const shot = shots[index]!;
    const position = index + 1;
    const isSelected = position === selected;
    const src = safeImageUrl(shot.imageUrl);
    items.push(
      <li key={`${shot.index}-${shot.createdAt}`} style={{ left: index * THUMB_SLOT_PX }} className="absolute top-0 w-[104px]">
        <button
          type="button"
          tabIndex={isSelected ? 0 : -1}
          aria-current={isSelected ? 'true' : undefined}
          aria-label={`Screenshot ${position} of ${shots.length}${shot.createdAt === null ? '' : `, ${formatDateTime(shot.createdAt)}`}`}
          data-position={position}
          onClick={() => onSelect(position)}
          className={cx(
            'group block w-full rounded-md p-0.5 text-left ring-2 transition',
            'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
            isSelected ? 'ring-accent' : 'ring-transparent hover:ring-line-strong',
          )}
        >
          <span className="block aspect-[16/10] overflow-hidden rounded bg-surface-muted">
            {src ? <img src={src} alt="" loading="lazy" decoding="async" draggable={false} className="size-full object-cover object-top" /> : null}
          </span>
          <span className={cx('mt-0.5 block text-center text-[11px] tabular-nums', isSelected ? 'font-semibold text-fg' : 'text-fg-subtle')}>{position}</span>
        </button>
      </li>,
    );
  }

  return (
    <div ref={viewportRef} className="overflow-x-auto overscroll-x-contain pb-1" data-testid="filmstrip">
      <ul className="relative h-[84px]" style={{ width: shots.length * THUMB_SLOT_PX }} aria-label="Screenshots">
        {items}
      </ul>
    </div>
  );
}
