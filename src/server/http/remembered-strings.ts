/**
 * A small memo from a string to what a pure function makes of it, for inputs a browser repeats on
 * every request (its Cookie header, its session token). Bounded in count, and inputs longer than
 * `maxInputLength` are never kept, so hostile headers cannot grow it; when full it starts over.
 */
export class RememberedStrings<T> {
  readonly #known = new Map<string, T>();

  constructor(
    private readonly make: (input: string) => T,
    private readonly maxEntries = 1_024,
    private readonly maxInputLength = 4_096,
  ) {}

  of(input: string): T {
    const found = this.#known.get(input);
    if (found !== undefined || this.#known.has(input)) return found as T;
    const made = this.make(input);
    if (input.length <= this.maxInputLength) {
      if (this.#known.size >= this.maxEntries) this.#known.clear();
      this.#known.set(input, made);
    }
    return made;
  }

  get size(): number {
    return this.#known.size;
  }
}
