import { Fragment } from 'react';
import { useRegisteredShortcuts } from '@/web/lib/keyboard-shortcuts';
import { Button } from './button';
import { Dialog } from './dialog';
import { Kbd } from './kbd';

/** The open sheet of shortcuts (./shortcut-sheet.tsx opens it on `?`), grouped as the pages registered them. */
export function ShortcutSheetDialog({ onClose }: { onClose: () => void }) {
  const registered = useRegisteredShortcuts();
  const groups = new Map<string, typeof registered>();
  for (const shortcut of registered) groups.set(shortcut.group, [...(groups.get(shortcut.group) ?? []), shortcut]);

  return (
    <Dialog
      open
      onClose={onClose}
      title="Keyboard shortcuts"
      description="Not taken while you type in a field."
      footer={
        <Button size="sm" onClick={onClose}>
          Close
        </Button>
      }
    >
      <div className="max-h-[60vh] space-y-4 overflow-y-auto" data-testid="shortcut-sheet">
        {[...groups].map(([group, list]) => (
          <section key={group} aria-label={group}>
            <h3 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">{group}</h3>
            <dl className="mt-1.5 grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-1.5 text-sm">
              {list.map((shortcut) => (
                <Fragment key={shortcut.keys}>
                  <dt className="flex gap-1">
                    {shortcut.keys.split(' ').map((key, index) => (
                      <Fragment key={index}>
                        {index > 0 ? <span className="text-xs text-fg-subtle">then</span> : null}
                        <Kbd>{key}</Kbd>
                      </Fragment>
                    ))}
                  </dt>
                  <dd className="text-fg-muted">{shortcut.description}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
