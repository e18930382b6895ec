import { useEffect, useRef } from 'react';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';

/** The fallback when the clipboard cannot be written: the text, selected, with a reminder of the keys. */
export function ManualCopyDialog({ state, onClose }: { state: { title: string; text: string } | null; onClose: () => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (state) area.current?.select();
  }, [state]);
  return (
    <Dialog
      open={state !== null}
      onClose={onClose}
      title={state?.title ?? ''}
      description="This browser did not allow Runwatch to copy. The text is selected: press Ctrl+C (⌘C on a Mac)."
      initialFocusRef={area}
      size="xl"
      footer={
        <Button size="sm" onClick={onClose}>
          Close
        </Button>
      }
    >
      <textarea
        ref={area}
        readOnly
        value={state?.text ?? ''}
        aria-label={state?.title ?? 'Text to copy'}
        className="h-64 w-full resize-y rounded-control border border-line bg-surface-muted p-2 font-mono text-xs text-fg"
        onFocus={(event) => event.currentTarget.select()}
      />
    </Dialog>
  );
}
