/** Marks the lookup page's own box, so Ctrl/Cmd+K focuses it rather than the header's. */
export const LOOKUP_INPUT_ATTRIBUTE = 'data-lookup-input';

/** The value of a one-line input after pasting `text` over its selection, line breaks read as spaces. */
export function insertPastedText(input: HTMLInputElement, text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  return input.value.slice(0, start) + flat + input.value.slice(end);
}

/** Laid out and shown (a `hidden` or `display: none` box has no client rects). */
export function isVisible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0;
}

/** How the lookup shortcut is written on this keyboard. */
export function shortcutLabel(): string {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘K' : 'Ctrl K';
}
