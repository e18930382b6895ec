import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

/**
 * JSON text placed into a response body as it is. JSON.stringify overflows the stack long before
 * 5,000 levels of nesting, so such values are built as text and spliced in by `serializeWire`.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Serialises a wire body, splicing in every RawJson value. */
export function serializeWire(body: unknown): string {
  const marker = `__raw_json_${randomUUID()}_`;
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value.text);
      return `${marker}${raws.length - 1}`;
    }
    return value;
  });
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), (_match, index: string) => raws[Number(index)] ?? 'null');
}

/** Sends a wire body as JSON, RawJson values included. */
export function sendWire(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  return c.body(serializeWire(body), status, { 'Content-Type': 'application/json' });
}

/** `value` wrapped in `depth` objects: {"level":{"level":…value…}}. */
export function deeplyNested(value: unknown, depth: number): RawJson {
  return new RawJson(`${'{"level":'.repeat(depth)}${serializeWire(value)}${'}'.repeat(depth)}`);
}
