import { describe, expect, it } from 'vitest';
import { isTypingTarget, SEQUENCE_TIMEOUT_MS, ShortcutEngine, type KeyPress, type Shortcut } from './keyboard-shortcuts';

function press(key: string, extra: Partial<KeyPress> = {}): KeyPress & { prevented: boolean } {
  const event = {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    target: document.body,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
    ...extra,
  };
  return event;
}

function setup() {
  let now = 0;
  const engine = new ShortcutEngine({ now: () => now });
  const ran: string[] = [];
  const shortcut = (keys: string, result?: boolean): Shortcut => ({
    keys,
    description: keys,
    group: 'test',
    run: () => {
      ran.push(keys);
      return result;
    },
  });
  return { engine, ran, shortcut, advance: (ms: number) => (now += ms) };
}

describe('ShortcutEngine', () => {
  it('runs a single-key shortcut and prevents the key’s default', () => {
    const { engine, ran, shortcut } = setup();
    engine.register([shortcut('j'), shortcut('?')]);
    const event = press('j');
    expect(engine.handle(event)).toBe(true);
    expect(event.prevented).toBe(true);
    expect(engine.handle(press('?'))).toBe(true);
    expect(engine.handle(press('x'))).toBe(false);
    expect(ran).toEqual(['j', '?']);
  });

  it('runs a two-key shortcut when the second key comes in time, and not after', () => {
    const { engine, ran, shortcut, advance } = setup();
    engine.register([shortcut('g b'), shortcut('g r'), shortcut('b')]);
    engine.handle(press('g'));
    engine.handle(press('b'));
    expect(ran).toEqual(['g b']);

    engine.handle(press('g'));
    advance(SEQUENCE_TIMEOUT_MS + 1);
    engine.handle(press('r'));
    expect(ran).toEqual(['g b']);

    // Too late for "g b": the b is a key of its own.
    engine.handle(press('g'));
    advance(SEQUENCE_TIMEOUT_MS + 1);
    engine.handle(press('b'));
    expect(ran).toEqual(['g b', 'b']);
  });

  it('ignores keys typed into text fields, with modifiers, or already handled', () => {
    const { engine, ran, shortcut } = setup();
    engine.register([shortcut('j'), shortcut('g b')]);
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    for (const target of [input, textarea]) expect(engine.handle(press('j', { target }))).toBe(false);
    expect(engine.handle(press('j', { ctrlKey: true }))).toBe(false);
    expect(engine.handle(press('j', { metaKey: true }))).toBe(false);
    expect(engine.handle(press('j', { defaultPrevented: true }))).toBe(false);
    // A "g" typed into a field does not start a sequence.
    engine.handle(press('g', { target: input }));
    engine.handle(press('b'));
    expect(ran).toEqual([]);
    expect(isTypingTarget(textarea)).toBe(true);
  });

  it('does not count a checkbox as typing', () => {
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTypingTarget(checkbox)).toBe(false);
    const text = document.createElement('input');
    text.type = 'search';
    expect(isTypingTarget(text)).toBe(true);
  });

  it('lets a key keep its meaning when the shortcut did nothing', () => {
    const { engine, shortcut } = setup();
    engine.register([shortcut('Enter', false)]);
    const event = press('Enter');
    expect(engine.handle(event)).toBe(false);
    expect(event.prevented).toBe(false);
  });

  it('lists one shortcut per key, the latest registration winning, and drops them on unregister', () => {
    const { engine, ran, shortcut } = setup();
    const changes: number[] = [];
    engine.subscribe(() => changes.push(engine.list().length));
    const dropList = engine.register([shortcut('j'), shortcut('k')]);
    const board = { ...shortcut('j'), description: 'next card', run: () => void ran.push('board j') };
    const dropBoard = engine.register([board]);
    expect(
      engine
        .list()
        .map((s) => `${s.keys}:${s.description}`)
        .sort(),
    ).toEqual(['j:next card', 'k:k']);
    engine.handle(press('j'));
    expect(ran).toEqual(['board j']);
    dropBoard();
    dropList();
    expect(engine.list()).toEqual([]);
    expect(engine.handle(press('k'))).toBe(false);
    expect(changes).toEqual([2, 2, 2, 0]);
  });
});
