import { useEffect, useRef } from 'react';
import type { RunScreenshot } from '../../../../contract/bff';
import { Button } from '../../../components/ui/button';
import { CrossIcon } from '../../../components/ui/icons';
import { safeImageUrl } from '../utils/safe-image-url';
import { ShotDetails } from './shot-details';

interface ShotLightboxProps {
  shot: RunScreenshot;
  position: number;
  total: number;
  runCreatedAt: string;
  onClose: () => void;
  onStep: (delta: number) => void;
}

/** A screenshot filling the window, reasoning beside it. Native `<dialog>`: focus trap and Esc for free. */
export function ShotLightbox({ shot, position, total, runCreatedAt, onClose, onStep }: ShotLightboxProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
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
      className="m-auto h-[min(94dvh,64rem)] max-h-none w-[min(98vw,110rem)] max-w-none rounded-card border border-line bg-surface p-0 text-fg shadow-pop"
      data-testid="shot-lightbox"
    >
      <div className="flex h-full flex-col lg:flex-row">
        {/* The image fills all the room the dialog has (scaling up small captures), never less than inline. */}
        <div className="relative min-h-0 min-w-0 flex-1 bg-canvas" data-testid="lightbox-stage">
          {src ? (
            <img
              src={src}
              alt={`Screenshot ${position} of ${total}`}
              className="absolute inset-0 size-full object-contain p-2 sm:p-3"
              data-testid="lightbox-image"
            />
          ) : null}
        </div>
        <div className="flex max-h-[45%] w-full shrink-0 flex-col gap-4 overflow-y-auto border-t border-line p-4 lg:max-h-none lg:w-96 lg:border-t-0 lg:border-l">
          <div className="flex items-center justify-between gap-2">
            <div className="flex gap-1.5">
              <Button size="sm" onClick={() => onStep(-1)} disabled={position <= 1} aria-label="Previous screenshot">
                ←
              </Button>
              <Button size="sm" onClick={() => onStep(1)} disabled={position >= total} aria-label="Next screenshot">
                →
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
