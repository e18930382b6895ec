import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { screenshotSchema, storageInlineSchema, taskRunCoreSchema } from '@/contract/upstream';
import { taskRunPayload } from '../testing/upstream-payload-arbitraries';
import { readPlain, type PlainField, type PlainShape } from './plain-shape';
import { CORE_SHAPE, SCREENSHOT_SHAPE, STORAGE_SHAPE } from './read-task-run';

/**
 * The plain-shape reader and the schema it stands in front of agree: whatever the quick reader
 * takes, the schema takes too, with the same result down to the order of the keys; the rest it
 * leaves to the schema.
 */

const PAIRS: Array<[name: string, shape: PlainShape, schema: z.ZodType]> = [
  ['run core', CORE_SHAPE, taskRunCoreSchema],
  ['stored file', STORAGE_SHAPE, storageInlineSchema],
  ['screenshot', SCREENSHOT_SHAPE, screenshotSchema],
];

/** Values of every kind a JSON field (or a careless caller) can hold. */
const fieldValue = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, '', 'x', 'trun_1', '2026-03-02T10:00:00Z', 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], {}),
  fc.string(),
  fc.double(),
  fc.jsonValue(),
);

/** Mostly values of the field's own kind, so both readers are tried on the shapes that matter. */
const FITTING: Record<PlainField, fc.Arbitrary<unknown>> = {
  text: fc.string({ minLength: 1 }),
  nullishText: fc.oneof(fc.constantFrom(null, undefined), fc.string()),
  absentableText: fc.oneof(fc.constantFrom(null, undefined, ''), fc.string()),
  optionalText: fc.oneof(fc.constantFrom(null, undefined, ''), fc.string()),
  absentableNumber: fc.oneof(fc.constantFrom(null, undefined), fc.double(), fc.integer()),
  any: fc.jsonValue(),
};

function objectOf(shape: PlainShape): fc.Arbitrary<Record<string, unknown>> {
  const known = Object.fromEntries(
    shape.map(([key, field]) => [key, fc.oneof({ weight: 6, arbitrary: FITTING[field] }, { weight: 1, arbitrary: fieldValue })]),
  );
  const required = shape.filter(([, field]) => field === 'text').map(([key]) => key);
  const extra = fc.dictionary(
    fc.string().filter((key) => !shape.some(([k]) => k === key)),
    fc.jsonValue(),
    { maxKeys: 3 },
  );
  return fc
    .tuple(fc.record(known, { requiredKeys: required }), extra, fc.boolean())
    .map(([fields, more, extraFirst]) => (extraFirst ? { ...more, ...fields } : { ...fields, ...more }));
}

function expectSameAsSchema(shape: PlainShape, schema: z.ZodType, value: unknown): boolean {
  const plain = readPlain(shape, value);
  if (plain === undefined) return false;
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(plain).toStrictEqual(parsed.data);
  expect(Object.keys(plain as object)).toEqual(Object.keys(parsed.data as object));
  return true;
}

describe('plain-shape reader', () => {
  for (const [name, shape, schema] of PAIRS) {
    it(`takes only what the ${name} schema takes, and reads it as the schema does`, () => {
      let taken = 0;
      fc.assert(
        fc.property(fc.oneof(objectOf(shape), fc.anything()), (value) => {
          if (expectSameAsSchema(shape, schema, value)) taken++;
        }),
        { numRuns: 2_000 },
      );
      // Both sides were exercised: plenty taken, and plenty left to the schema.
      expect(taken).toBeGreaterThan(20);
      expect(taken).toBeLessThan(2_000);
    });
  }

  it('takes the plain JSON the upstream sends, as the schema reads it', () => {
    let taken = 0;
    fc.assert(
      fc.property(taskRunPayload(), ({ payload }) => {
        if (expectSameAsSchema(CORE_SHAPE, taskRunCoreSchema, JSON.parse(JSON.stringify(payload)))) taken++;
      }),
      { numRuns: 300 },
    );
    // Only a run with a `__proto__` key (the generator makes some) is left to the schema.
    expect(taken).toBeGreaterThan(200);
    const shot = {
      file_name: 'step-1.png',
      file_type: 'image/png',
      file_size: 2048,
      created_at: '2026-03-02T10:00:00Z',
      url: 'https://files.example/s1',
      reasoning: 'opened the page',
      extra: { a: 1 },
    };
    expect(expectSameAsSchema(SCREENSHOT_SHAPE, screenshotSchema, shot)).toBe(true);
    const file = {
      id: 'sto_1',
      object: 'storage',
      file_name: 'a.pdf',
      file_type: '',
      file_size: null,
      url: 'https://files.example/a',
      extraction: { pages: [1] },
    };
    expect(expectSameAsSchema(STORAGE_SHAPE, storageInlineSchema, file)).toBe(true);
  });

  it('leaves to the schema what is not a plain JSON object', () => {
    const shot = { file_name: 'a.png' };
    expect(readPlain(SCREENSHOT_SHAPE, Object.assign(Object.create(null), shot))).toBeUndefined();
    expect(readPlain(SCREENSHOT_SHAPE, JSON.parse('{"__proto__": {"file_name": "b.png"}, "file_name": "a.png"}'))).toBeUndefined();
    expect(readPlain(SCREENSHOT_SHAPE, [shot])).toBeUndefined();
    expect(readPlain(SCREENSHOT_SHAPE, { file_size: Number.NaN })).toBeUndefined();
    expect(readPlain(CORE_SHAPE, { id: '', status: 'running', created_at: 'x', updated_at: 'y' })).toBeUndefined();
  });
});
