// Zod Mini, as in bff.ts: the SPA reads and writes these settings.
import { z } from 'zod/mini';

/**
 * A person's signal settings (`GET`/`PUT /api/signals/settings`), kept per user on the server.
 * Desktop notifications and sound are opt-in; the two triggers are on once they are.
 */
export const signalSettingsSchema = z.object({
  /** Desktop notifications (the browser asks for permission when this is switched on). */
  desktop: z.boolean(),
  /** A short beep along with a notification. */
  sound: z.boolean(),
  /** Signal when a run starts waiting for a human. */
  needsHuman: z.boolean(),
  /** Signal when a pinned run completes or fails. */
  watchedDone: z.boolean(),
});
export type SignalSettings = z.infer<typeof signalSettingsSchema>;

export const DEFAULT_SIGNAL_SETTINGS: SignalSettings = { desktop: false, sound: false, needsHuman: true, watchedDone: true };

/** The body of `PUT /api/signals/settings`: every field, nothing else. */
export const signalSettingsUpdateSchema = z.strictObject({
  desktop: z.boolean(),
  sound: z.boolean(),
  needsHuman: z.boolean(),
  watchedDone: z.boolean(),
});

/** Reads a stored settings document liberally: missing or unreadable fields take their default. */
export function readSignalSettings(stored: unknown): SignalSettings {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const flag = (key: keyof SignalSettings) => (typeof record[key] === 'boolean' ? record[key] : DEFAULT_SIGNAL_SETTINGS[key]);
  return { desktop: flag('desktop'), sound: flag('sound'), needsHuman: flag('needsHuman'), watchedDone: flag('watchedDone') };
}

/** The settings document's key in the per-user store. */
export const SIGNAL_SETTINGS_KEY = 'signals';
