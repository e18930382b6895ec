/**
 * What Runwatch keeps per person: pinned runs, settings and recent lists. Async although the
 * embedded engine is not, so a shared engine can stand behind the same interface.
 */
export interface UserDataStore {
  /** The user's pinned runs, newest pin first. */
  listPins(userId: string): Promise<PinnedRun[]>;
  /** Pins a run (again pinning an already pinned run keeps its first pin time). */
  pin(userId: string, runId: string, now: Date): Promise<void>;
  /** False when the run was not pinned. */
  unpin(userId: string, runId: string): Promise<boolean>;
  /** A named settings document (e.g. `notifications`), or null when never saved. */
  getSetting(userId: string, key: string): Promise<unknown>;
  /** Replaces a named settings document; the value must be JSON-serialisable and at most 16 kB as JSON. */
  putSetting(userId: string, key: string, value: unknown, now: Date): Promise<void>;
  /**
   * Puts a value at the front of a named recent list (e.g. `lookups`), removing an equal older
   * entry; a list keeps its `RECENT_LIST_LIMIT` newest entries.
   */
  pushRecent(userId: string, list: string, value: string, now: Date): Promise<void>;
  /** Newest first. */
  listRecent(userId: string, list: string): Promise<RecentEntry[]>;
  close(): Promise<void>;
}

export interface PinnedRun {
  runId: string;
  /** ISO 8601. */
  pinnedAt: string;
}

export interface RecentEntry {
  value: string;
  /** ISO 8601. */
  at: string;
}

export const RECENT_LIST_LIMIT = 20;
/** Longest settings document, as JSON. */
export const MAX_SETTING_BYTES = 16 * 1024;
/** Longest recent-list value. */
export const MAX_RECENT_VALUE_LENGTH = 2048;
/** Most pins one person may hold; a board of more pinned runs stops being a watchlist. */
export const MAX_PINS_PER_USER = 200;

/** A value the store refuses (too large, not JSON, over a limit). */
export class UserDataLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserDataLimitError';
  }
}
