import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { cx } from '@/web/lib/cx';
import { Button } from './button';

export interface DialogProps {
  open: boolean;
  /** Called on Esc, the close button, a backdrop click, or after the native dialog closes. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons in the footer, right-aligned. */
  footer?: ReactNode;
  /** Element to focus on open; defaults to the first focusable element in the body/footer. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /** Width: `md` for a question, `lg` and `xl` for lists and text to read (each capped at the screen). */
  size?: DialogSize;
}

export type DialogSize = 'md' | 'lg' | 'xl';

const WIDTH: Record<DialogSize, string> = {
  md: 'w-[min(28rem,calc(100vw-2rem))]',
  lg: 'w-[min(36rem,calc(100vw-2rem))]',
  xl: 'w-[min(40rem,calc(100vw-2rem))]',
};

/**
 * A modal built on the native `<dialog>`: the browser provides the focus trap, inert background
 * and Esc; this adds labelling, initial focus and returning focus to whatever opened it.
 */
export function Dialog({ open, onClose, title, description, children, footer, initialFocusRef, size = 'md' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', ''); // environments without showModal (older engines, jsdom)
    }
    const target = initialFocusRef?.current ?? dialog.querySelector<HTMLElement>('[data-autofocus], [autofocus]') ?? firstFocusable(dialog);
    target?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      else dialog.removeAttribute('open');
      opener?.focus();
    };
  }, [open, initialFocusRef]);

  if (!open) return null;

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Esc: let React state drive closing so `open` and the DOM never disagree.
        event.preventDefault();
        onCloseRef.current();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onCloseRef.current(); // backdrop click
      }}
      className={cx('m-auto rounded-card border border-line bg-surface p-0 text-fg shadow-pop', WIDTH[size])}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-base font-semibold text-fg">
          {title}
        </h2>
        {description ? (
          <div id={descriptionId} className="mt-1.5 text-sm text-fg-muted">
            {description}
          </div>
        ) : null}
        {children ? <div className="mt-4">{children}</div> : null}
      </div>
      {footer ? <div className="flex flex-wrap justify-end gap-2 rounded-b-card border-t border-line bg-surface-muted px-5 py-3">{footer}</div> : null}
    </dialog>
  );
}

function firstFocusable(root: HTMLElement): HTMLElement | null {
  return root.querySelector<HTMLElement>(
    'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])',
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** `danger` paints the confirm button red (cancel a run, sign out everywhere…). */
  tone?: 'default' | 'danger';
  /** Shows a spinner on the confirm button while the action runs. */
  confirming?: boolean;
}

/**
 * "Are you sure?" with Cancel focused first, so a stray Enter never triggers the destructive
 * action.
 */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  children,
  confirmLabel = 'Confirm',
  cancelLabel = 'Cancel',
  tone = 'default',
  confirming = false,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      initialFocusRef={cancelRef}
      footer={
        <>
          <Button ref={cancelRef} variant="secondary" onClick={onClose} disabled={confirming}>
            {cancelLabel}
          </Button>
          <Button variant={tone === 'danger' ? 'danger' : 'primary'} onClick={onConfirm} loading={confirming}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
