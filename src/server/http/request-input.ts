import type { Context } from 'hono';
import { z } from 'zod';
import { API_ERROR } from '@/contract/api-errors';
import { isValidId, type IdKind } from '@/contract/ids';
import { ApiHttpError } from './api-error';

/**
 * Reading what a request carries, with zod or allow-list patterns, before anything else happens.
 * Error details name the offending parameter or path, never the submitted value (it may be a secret).
 */

export function idParam(c: Context, name: string, kind: IdKind): string {
  const value = c.req.param(name);
  if (typeof value !== 'string' || !isValidId(kind, value)) {
    throw new ApiHttpError(API_ERROR.invalid_id, `invalid ${kind} id`, { details: { parameter: name } });
  }
  return value;
}

/** Refuses query parameters the route does not know (a typo should not silently widen a list). */
export function queryParams(c: Context, allowed: readonly string[]): Record<string, string[]> {
  const all = c.req.queries();
  const unknown = Object.keys(all).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ApiHttpError(API_ERROR.invalid_request, 'unknown query parameter', {
      details: { parameters: unknown.map((key) => key.slice(0, 64)) },
    });
  }
  return all;
}

export async function readJsonBody<T>(c: Context, schema: z.core.$ZodType<T>, options: { allowEmpty?: boolean } = {}): Promise<T> {
  const text = await c.req.text();
  let json: unknown;
  if (text.trim() === '' && options.allowEmpty) {
    json = {};
  } else {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      throw new ApiHttpError(API_ERROR.invalid_request, 'the request body is not valid JSON');
    }
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    throw new ApiHttpError(API_ERROR.invalid_request, 'the request body is not valid', {
      details: { issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), problem: issue.code })) },
    });
  }
  return parsed.data;
}
