import { lazy, useState } from 'react';
import { useShortcuts } from '@/web/lib/keyboard-shortcuts';
import { OnDemand } from './on-demand';

// The sheet itself loads the first time `?` is pressed.
const ShortcutSheetDialog = lazy(async () => ({ default: (await import('./shortcut-sheet-dialog')).ShortcutSheetDialog }));

/** `?` opens a sheet of the keyboard shortcuts the current page offers. */
export function ShortcutSheet() {
  const [open, setOpen] = useState(false);
  useShortcuts([{ keys: '?', description: 'Show these shortcuts', group: 'General', run: () => setOpen((was) => !was) }]);
  return open ? (
    <OnDemand what="list of shortcuts">
      <ShortcutSheetDialog onClose={() => setOpen(false)} />
    </OnDemand>
  ) : null;
}
