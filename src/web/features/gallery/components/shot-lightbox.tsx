import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { RunScreenshot } from '@/contract/bff';
import { Button } from '@/web/components/ui/button';
import { CrossIcon } from '@/web/components/ui/icons';
import { safeImageUrl } from '../utils/safe-image-url';
import { MAX_ZOOM, MIN_ZOOM, NO_ZOOM, panBy, wheelFactor, ZOOM_STEP, zoomAt, type ZoomState } from '../utils/zoom-view';
import { ShotDetails } from './shot-details';

interface ShotLightboxProps {
  shot: RunScreenshot;
  position: number;
  total: number;
  runCreatedAt: string;
  onClose: () => void;
  onStep: (delta: number) => void;
}

/**
 * A screenshot filling the window, reasoning beside it. Native `<dialog>`: focus trap and Esc for
 * free. Zoom with the wheel, a pinch, a double click or + / − / 0; drag to move a zoomed image.
 */
export function ShotLightbox({ shot, position, total, runCreatedAt, onClose, onStep }: ShotLightboxProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  // The zoom belongs to one shot: stepping to another starts it unzoomed.
  const [zoomFor, setZoomFor] = useState<{ position: number; zoom: ZoomState }>({ position, zoom: NO_ZOOM });
  const zoom = zoomFor.position === position ? zoomFor.zoom : NO_ZOOM;

  function stageBox() {
    const rect = stageRef.current?.getBoundingClientRect();
    return { left: rect?.left ?? 0, top: rect?.top ?? 0, width: rect?.width ?? 1, height: rect?.height ?? 1 };
  }
  function zoomBy(factor: number, at?: { clientX: number; clientY: number }) {
    const box = stageBox();
    const point = at ? { x: at.clientX - box.left, y: at.clientY - box.top } : { x: box.width / 2, y: box.height / 2 };
    setZoomFor((current) => ({ position, zoom: zoomAt(current.position === position ? current.zoom : NO_ZOOM, factor, point, box) }));
  }
  const zoomByRef = useRef(zoomBy);
  useEffect(() => {
    zoomByRef.current = zoomBy;
  });

  // React's wheel listener is passive; zooming must stop the page from scrolling, so it is added by hand.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      zoomByRef.current(wheelFactor(event.deltaY), event);
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, []);

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    const current = { x: event.clientX, y: event.clientY };
    const others = [...pointers.current.entries()].filter(([id]) => id !== event.pointerId).map(([, point]) => point);
    pointers.current.set(event.pointerId, current);
    if (others.length === 1) {
      // Pinch: the change in distance between two fingers zooms about their midpoint.
      const other = others[0]!;
      const before = Math.hypot(previous.x - other.x, previous.y - other.y);
      const after = Math.hypot(current.x - other.x, current.y - other.y);
      if (before > 0) zoomBy(after / before, { clientX: (current.x + other.x) / 2, clientY: (current.y + other.y) / 2 });
    } else if (others.length === 0 && zoom.scale > 1) {
      const box = stageBox();
      setZoomFor({ position, zoom: panBy(zoom, current.x - previous.x, current.y - previous.y, box) });
    }
  }
  function onPointerEnd(event: PointerEvent<HTMLDivElement>) {
    pointers.current.delete(event.pointerId);
  }
  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || (event.target as HTMLElement).closest('input, textarea')) return;
    if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') setZoomFor({ position, zoom: NO_ZOOM });
    else return;
    event.preventDefault();
  }
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    closeRef.current?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  const src = safeImageUrl(shot.imageUrl);
  return (
    <dialog
      ref={ref}
      aria-label={`Screenshot ${position} of ${total}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
      className="m-auto h-[min(94dvh,64rem)] max-h-none w-[min(98vw,110rem)] max-w-none rounded-card border border-line bg-surface p-0 text-fg shadow-pop"
      data-testid="shot-lightbox"
    >
      <div className="flex h-full flex-col lg:flex-row">
        {/* The image fills all the room the dialog has (scaling up small captures), never less than inline. */}
        <div
          ref={stageRef}
          className={`relative min-h-0 min-w-0 flex-1 touch-none overflow-hidden bg-canvas select-none ${zoom.scale > 1 ? 'cursor-grab active:cursor-grabbing' : 'cursor-zoom-in'}`}
          data-testid="lightbox-stage"
          data-zoom={zoom.scale.toFixed(2)}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
          onDoubleClick={(event) => (zoom.scale > 1 ? setZoomFor({ position, zoom: NO_ZOOM }) : zoomBy(2, event))}
        >
          {src ? (
            <img
              src={src}
              alt={`Screenshot ${position} of ${total}`}
              draggable={false}
              style={{ transform: `translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.scale})`, transformOrigin: '0 0' }}
              className="absolute inset-0 size-full object-contain p-2 will-change-transform sm:p-3"
              data-testid="lightbox-image"
            />
          ) : null}
        </div>
        <div className="flex max-h-[45%] w-full shrink-0 flex-col gap-4 overflow-y-auto border-t border-line p-4 lg:max-h-none lg:w-96 lg:border-t-0 lg:border-l">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="flex gap-1.5">
              <Button size="sm" onClick={() => onStep(-1)} disabled={position <= 1} aria-label="Previous screenshot">
                ←
              </Button>
              <Button size="sm" onClick={() => onStep(1)} disabled={position >= total} aria-label="Next screenshot">
                →
              </Button>
            </div>
            <div className="flex gap-1.5" role="group" aria-label="Zoom">
              <Button size="sm" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={zoom.scale <= MIN_ZOOM} aria-label="Zoom out" aria-keyshortcuts="-">
                −
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setZoomFor({ position, zoom: NO_ZOOM })}
                aria-label={`Zoom ${Math.round(zoom.scale * 100)}%, reset`}
                aria-keyshortcuts="0"
                className="w-14 justify-center tabular-nums"
              >
                {Math.round(zoom.scale * 100)}%
              </Button>
              <Button size="sm" onClick={() => zoomBy(ZOOM_STEP)} disabled={zoom.scale >= MAX_ZOOM} aria-label="Zoom in" aria-keyshortcuts="+">
                +
              </Button>
            </div>
            <Button ref={closeRef} size="sm" variant="ghost" onClick={onClose} icon={<CrossIcon />}>
              Close
            </Button>
          </div>
          <ShotDetails shot={shot} position={position} total={total} runCreatedAt={runCreatedAt} />
        </div>
      </div>
    </dialog>
  );
}
