import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * Single-key and two-key ("g b") shortcuts for the whole app, on one document listener. Pages and
 * features register what they offer while they are mounted; the shortcuts sheet (`?`) lists
 * whatever is registered right now. Keys typed into a text field, or with Ctrl/Cmd/Alt held, are
 * never taken, and neither is a key another handler already acted on.
 */

export interface Shortcut {
  /** One key (`j`, `?`, `Enter`, `/`) or two separated by a space (`g b`). Matched on `KeyboardEvent.key`. */
  keys: string;
  description: string;
  /** Heading the sheet lists it under. */
  group: string;
  /** Returns false when it did nothing (no row focused…), so the key keeps its usual meaning. */
  run: () => boolean | void;
}

/** What the engine reads of a key press (a DOM KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

/** How long the second key of a two-key shortcut may take. */
export const SEQUENCE_TIMEOUT_MS = 1500;

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'password', 'number', 'tel', 'url', 'date', 'datetime-local', 'time', 'month', 'week', '']);

/** True while the person is typing: a text field, text area, select or editable element has the key. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Partial<HTMLElement>).tagName !== 'string') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has(((element as HTMLInputElement).type ?? '').toLowerCase());
  return false;
}

export class ShortcutEngine {
  readonly #registrations = new Map<number, readonly Shortcut[]>();
  readonly #listeners = new Set<() => void>();
  readonly #now: () => number;
  #nextId = 0;
  #pending: { key: string; at: number } | null = null;
  #snapshot: readonly Shortcut[] = [];

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Adds shortcuts until the returned function is called. A later registration of the same keys wins. */
  register(shortcuts: readonly Shortcut[]): () => void {
    const id = this.#nextId++;
    this.#registrations.set(id, shortcuts);
    this.#changed();
    return () => {
      this.#registrations.delete(id);
      this.#changed();
    };
  }

  /** Every shortcut in effect, one per key sequence (the latest registration of it). */
  list(): readonly Shortcut[] {
    return this.#snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Acts on one key press; true when a shortcut took it (its default action is then prevented). */
  handle(press: KeyPress): boolean {
    if (press.defaultPrevented || press.ctrlKey || press.metaKey || press.altKey || isTypingTarget(press.target)) {
      this.#pending = null;
      return false;
    }
    const key = press.key;
    const pending = this.#pending;
    this.#pending = null;
    if (pending && this.#now() - pending.at <= SEQUENCE_TIMEOUT_MS) {
      const second = this.#find(`${pending.key} ${key}`);
      if (second && second.run() !== false) {
        press.preventDefault();
        return true;
      }
    }
    if (this.#snapshot.some((s) => s.keys.startsWith(`${key} `))) {
      this.#pending = { key, at: this.#now() };
      press.preventDefault();
      return true;
    }
    const single = this.#find(key);
    if (single && single.run() !== false) {
      press.preventDefault();
      return true;
    }
    return false;
  }

  #find(keys: string): Shortcut | undefined {
    return this.#snapshot.find((s) => s.keys === keys);
  }

  #changed(): void {
    const byKeys = new Map<string, Shortcut>();
    for (const shortcuts of this.#registrations.values()) for (const s of shortcuts) byKeys.set(s.keys, s);
    this.#snapshot = [...byKeys.values()];
    for (const listener of this.#listeners) listener();
  }
}

/** The app's one engine, listening on the document while anything is registered. */
export const shortcuts = new ShortcutEngine();

let listening = 0;
function onKeyDown(event: KeyboardEvent): void {
  shortcuts.handle(event);
}

/** Registers `list` while the calling component is mounted; the callbacks may change on every render. */
export function useShortcuts(list: readonly Shortcut[]): void {
  const latest = useRef(list);
  useEffect(() => {
    latest.current = list;
  });
  const signature = list.map((s) => `${s.group}|${s.keys}|${s.description}`).join('\n');
  useEffect(() => {
    const stable = latest.current.map((s, index) => ({ ...s, run: () => latest.current[index]?.run() }));
    const unregister = shortcuts.register(stable);
    if (listening++ === 0) document.addEventListener('keydown', onKeyDown);
    return () => {
      unregister();
      if (--listening === 0) document.removeEventListener('keydown', onKeyDown);
    };
  }, [signature]);
}

/** The shortcuts in effect, re-rendering when pages register or drop theirs. */
export function useRegisteredShortcuts(): readonly Shortcut[] {
  return useSyncExternalStore(
    (listener) => shortcuts.subscribe(listener),
    () => shortcuts.list(),
  );
}

/**
 * Moves focus over the items of a list or board marked `data-shortcut-item`, each holding the
 * link that opens it (`data-shortcut-open`) and, for a run waiting on a person, the link to its
 * prompt (`data-shortcut-prompt`). Returns false when there is nothing to move to.
 */
export function focusAdjacentItem(direction: 1 | -1, root: ParentNode = document): boolean {
  const items = [...root.querySelectorAll<HTMLElement>('[data-shortcut-item]')].filter((item) => item.getClientRects().length > 0);
  if (items.length === 0) return false;
  const current = items.findIndex((item) => item.contains(document.activeElement));
  const next = current === -1 ? (direction === 1 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, current + direction));
  const target = items[next]!.querySelector<HTMLElement>('[data-shortcut-open]') ?? items[next]!;
  target.focus();
  target.scrollIntoView?.({ block: 'nearest' });
  return true;
}

/** The item that holds focus now, if any. */
export function focusedItem(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement ? active.closest<HTMLElement>('[data-shortcut-item]') : null;
}

/**
 * `j`/`k`/`Enter`/`a` over the items on screen (rows of a list, cards of a board), registered
 * while the calling component is mounted. `Enter` opens the focused item when focus is on the item
 * itself rather than on a link or button of it (those open on Enter already); `a` opens the
 * prompt of a run waiting for an answer.
 */
export function useItemShortcuts(group: string, navigate: (to: string) => void): void {
  useShortcuts([
    { keys: 'j', description: 'Next item', group, run: () => focusAdjacentItem(1) },
    { keys: 'k', description: 'Previous item', group, run: () => focusAdjacentItem(-1) },
    {
      keys: 'Enter',
      description: 'Open the focused item',
      group,
      run: () => {
        const item = focusedItem();
        const active = document.activeElement;
        if (!item || (active instanceof HTMLElement && active.closest('a, button'))) return false;
        const href = item.querySelector<HTMLAnchorElement>('[data-shortcut-open]')?.getAttribute('href');
        if (!href) return false;
        navigate(href);
      },
    },
    {
      keys: 'a',
      description: 'Answer the focused run’s prompt',
      group,
      run: () => {
        const href = focusedItem()?.getAttribute('data-shortcut-prompt');
        if (!href) return false;
        navigate(href);
      },
    },
  ]);
}
