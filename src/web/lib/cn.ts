/** Joins class names, skipping falsy entries, so conditional classes read as one expression. */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}
