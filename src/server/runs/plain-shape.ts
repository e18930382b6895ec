/**
 * A quick reader for the plain shape of an upstream object, in front of its zod schema: each
 * field is checked by type alone and turned into what the schema would give (same values, same
 * key order, the object's other fields kept after them). Anything less plain (a value of another
 * type, an empty required text, a number that is not finite, an object that is not a plain JSON
 * object) gets `undefined`, and the caller asks the schema, which decides as it always did. So
 * the schema stays the one rule; this only spares its machinery on the common case, once per item
 * of every run read. plain-shape.test.ts checks the two agree on any input.
 */

/** How the schema reads one field (the helpers of src/contract/upstream.ts). */
export type PlainField =
  /** `z.string().min(1)`: a non-empty text. */
  | 'text'
  /** `z.string().nullish()`: kept as given; absent stays absent. */
  | 'nullishText'
  /** `absentableString`: `''`, null and absent read as null. */
  | 'absentableText'
  /** `optionalText`: null and absent read as `''`. */
  | 'optionalText'
  /** `absentableNumber`: a finite number; null and absent read as null. */
  | 'absentableNumber'
  /** `z.unknown().optional()`: anything, kept as given; absent stays absent. */
  | 'any';

export type PlainShape = ReadonlyArray<readonly [key: string, field: PlainField]>;

/** Sentinel for "not the plain shape". */
const NOT_PLAIN = Symbol('not plain');

export function readPlain<T>(shape: PlainShape, value: unknown): T | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const input = value as Record<string, unknown>;
  // JSON.parse makes `__proto__` an own key; the schema has its own way with it.
  if (Object.hasOwn(input, '__proto__')) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of shape) {
    const read = readField(field, input[key], Object.hasOwn(input, key));
    if (read === NOT_PLAIN) return undefined;
    if (read !== ABSENT) out[key] = read;
  }
  // Every known key the input has is in `out` by now (only an absent one is left out): the rest are its other fields.
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(out, key)) out[key] = input[key];
  }
  return out as T;
}

/** Sentinel for "leave the key out". */
const ABSENT = Symbol('absent');

function readField(field: PlainField, value: unknown, present: boolean): unknown {
  switch (field) {
    case 'text':
      return typeof value === 'string' && value !== '' ? value : NOT_PLAIN;
    case 'nullishText':
      if (value === undefined || value === null) return present ? value : ABSENT;
      return typeof value === 'string' ? value : NOT_PLAIN;
    case 'absentableText':
      if (value === undefined || value === null || value === '') return null;
      return typeof value === 'string' ? value : NOT_PLAIN;
    case 'optionalText':
      if (value === undefined || value === null) return '';
      return typeof value === 'string' ? value : NOT_PLAIN;
    case 'absentableNumber':
      if (value === undefined || value === null) return null;
      return typeof value === 'number' && Number.isFinite(value) ? value : NOT_PLAIN;
    case 'any':
      return present ? value : ABSENT;
  }
}
