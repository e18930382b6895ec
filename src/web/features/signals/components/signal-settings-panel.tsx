import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { DEFAULT_SIGNAL_SETTINGS, type SignalSettings } from '@/contract/signals';
import { signalSettingsQueries, useSaveSignalSettings } from '../api/signal-settings-queries';
import { beep, unlockSound } from '../utils/beep';
import { askNotificationPermission, notificationSupport, type NotificationSupport } from '../utils/desktop-notification';

const SUPPORT_NOTES: Partial<Record<NotificationSupport, string>> = {
  unsupported: 'This browser cannot show desktop notifications.',
  denied: 'Notifications are blocked for this site; allow them in the browser’s site settings.',
};

/**
 * The "Signals" button's panel: opt in to desktop notifications and a beep, and choose what triggers
 * them. Its own chunk, loaded when the panel first opens. Saved per person on the server.
 */
export function SignalSettingsPanel({ id, count, onClose }: { id: string; count: number; onClose: () => void }) {
  const settings = useQuery(signalSettingsQueries.current());
  const save = useSaveSignalSettings();
  const [support, setSupport] = useState<NotificationSupport>(() => notificationSupport());
  const saved: SignalSettings = settings.data ?? DEFAULT_SIGNAL_SETTINGS;
  // While a change is being saved, show it; a failed save falls back to what the server kept.
  const current: SignalSettings = save.isPending && save.variables ? save.variables : saved;

  const update = async (change: Partial<SignalSettings>) => {
    const next = { ...current, ...change };
    if (change.desktop === true) {
      // Inside the click: browsers only show the permission prompt for a user gesture.
      const answer = await askNotificationPermission();
      setSupport(answer);
      if (answer !== 'granted') return;
    }
    if (change.sound === true) {
      unlockSound();
      beep();
    }
    save.mutate(next);
  };

  return (
    <div
      id={id}
      role="group"
      aria-label="Signal settings"
      className="absolute right-0 z-30 mt-2 w-72 max-w-[calc(100vw-2rem)] max-sm:fixed max-sm:inset-x-4 max-sm:w-auto max-sm:max-w-none rounded-card border border-line bg-surface p-4 text-sm text-fg shadow-lg"
    >
      <p className="font-medium">
        {count > 0 ? (
          <Link to="/board" className="text-accent-text underline-offset-2 hover:underline" onClick={onClose}>
            {count === 1 ? '1 run needs you' : `${count} runs need you`}
          </Link>
        ) : (
          'No run needs you right now'
        )}
      </p>
      <fieldset className="mt-3 space-y-2" disabled={settings.isPending}>
        <legend className="text-xs font-medium text-fg-muted">On this device</legend>
        <Toggle label="Desktop notifications" checked={current.desktop} onChange={(value) => void update({ desktop: value })} />
        <Toggle label="Sound" checked={current.sound} onChange={(value) => void update({ sound: value })} />
      </fieldset>
      {SUPPORT_NOTES[support] && current.desktop === false ? <p className="mt-2 text-xs text-fg-muted">{SUPPORT_NOTES[support]}</p> : null}
      <fieldset className="mt-3 space-y-2" disabled={settings.isPending}>
        <legend className="text-xs font-medium text-fg-muted">Signal when</legend>
        <Toggle label="A run needs a person" checked={current.needsHuman} onChange={(value) => void update({ needsHuman: value })} />
        <Toggle label="A pinned run completes or fails" checked={current.watchedDone} onChange={(value) => void update({ watchedDone: value })} />
      </fieldset>
      {save.isError ? (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-300">
          The settings could not be saved. Try again.
        </p>
      ) : null}
      {settings.isError ? <p className="mt-2 text-xs text-fg-muted">Your saved settings could not be loaded; showing the defaults.</p> : null}
    </div>
  );
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="flex cursor-pointer items-center justify-between gap-3">
      <span>{label}</span>
      <input type="checkbox" role="switch" className="size-4 accent-accent" checked={checked} onChange={(event) => onChange(event.target.checked)} />
    </label>
  );
}
