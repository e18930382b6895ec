import type { Context } from 'hono';

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses a JSON body; an empty body reads as `{}` because cancel and similar calls send none. */
export async function readJsonBody(c: Context): Promise<JsonBody> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
}
