import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PieceAssembler, nodesUpTo, splitIntoPieces, type JsonPiece } from './json-pieces';

function roundTrip(value: unknown, budget: number): { value: unknown; pieces: JsonPiece[] } {
  const pieces = [...splitIntoPieces(value, budget)];
  const assembler = new PieceAssembler();
  // What travels between threads is a structured copy; JSON is a fair stand-in for plain data.
  for (const piece of pieces) assembler.apply(JSON.parse(JSON.stringify(piece)) as JsonPiece);
  return { value: assembler.value, pieces };
}

function pieceNodes(piece: JsonPiece): number {
  return piece.type === 'root' ? nodesUpTo(piece.value, Infinity) : piece.entries.reduce((sum, [, child]) => sum + nodesUpTo(child, Infinity), 0);
}

describe('splitIntoPieces / PieceAssembler', () => {
  it('sends a small value as one piece', () => {
    const value = { a: [1, 2, 3], b: 'x' };
    expect([...splitIntoPieces(value, 100)]).toEqual([{ type: 'root', value }]);
  });

  it('splits a long list into pieces no larger than the budget, and rebuilds it in order', () => {
    const value = { account: 'Checking', transactions: Array.from({ length: 1_000 }, (_, i) => ({ id: `txn_${i}`, amount: i })) };
    const { value: rebuilt, pieces } = roundTrip(value, 200);
    expect(rebuilt).toEqual(value);
    expect(Object.keys(rebuilt as object)).toEqual(['account', 'transactions']);
    expect(pieces.length).toBeGreaterThan(10);
    // A piece may overshoot by at most one entry below the budget.
    for (const piece of pieces) expect(pieceNodes(piece)).toBeLessThanOrEqual(200 + 3);
  });

  it('keeps an own "__proto__" key a key', () => {
    const value = JSON.parse(`{"__proto__": {"polluted": true}, "list": [${Array.from({ length: 50 }, (_, i) => i).join(',')}]}`) as object;
    const { value: rebuilt } = roundTrip(value, 10);
    expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
    expect(Object.keys(rebuilt as object)).toEqual(['__proto__', 'list']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('rebuilds any JSON value exactly, whatever the budget', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 1, max: 40 }), (value, budget) => {
        const plain = JSON.parse(JSON.stringify(value)) as unknown;
        expect(roundTrip(plain, budget).value).toEqual(plain);
      }),
    );
  });

  it('refuses a piece that arrives before its root', () => {
    expect(() => new PieceAssembler().apply({ type: 'fill', path: [], entries: [[0, 1]] })).toThrow(/before the value/);
  });
});
