// Ahead of the contract's schemas, in the chunk that defines them (see zod-jitless.ts).
import './zod-jitless';
import { z } from 'zod/mini';
import { apiErrorSchema, CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { ApiRequestError } from './api-request-error';

/**
 * The one way the SPA talks to Runwatch's `/api`. Every response body is parsed with the contract
 * schema, so a contract break shows up as a clear error rather than `undefined` deep in a component.
 * Failures throw `ApiRequestError` (its own module, so code that only handles errors stays light).
 */

// Re-exported so callers keep importing the error from the client they use.
export { ApiRequestError };

export interface ApiResult<T> {
  data: T;
  /** `X-Cache` header: MISS, HIT or STALE. */
  cache: string | null;
}

export async function apiGet<S extends z.core.$ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<ApiResult<z.infer<S>>> {
  return request(path, schema, { method: 'GET', signal });
}

export async function apiSend<S extends z.core.$ZodType>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: S,
  body?: unknown,
): Promise<ApiResult<z.infer<S>>> {
  return request(path, schema, {
    method,
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE },
    body: JSON.stringify(body ?? {}),
  });
}

async function request<S extends z.core.$ZodType>(path: string, schema: S, init: RequestInit): Promise<ApiResult<z.infer<S>>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'network_error', 'Runwatch could not be reached. Check your connection.', null, null, null);
  }
  const requestId = response.headers.get('x-request-id');
  const payload: unknown = await response.json().catch(() => undefined);

  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(payload);
    const retryAfter = Number(response.headers.get('retry-after'));
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiRequestError(response.status, e.code, e.message, e.requestId, e.upstreamRequestId, retryAfterSeconds, e.details);
    }
    throw new ApiRequestError(response.status, 'http_error', `Runwatch answered HTTP ${response.status}.`, requestId, null, retryAfterSeconds);
  }

  const parsed = z.safeParse(schema, payload);
  if (!parsed.success) {
    throw new ApiRequestError(
      response.status,
      'contract_mismatch',
      `Runwatch sent a response this page does not understand (${path}).`,
      requestId,
      null,
      null,
      parsed.error.issues.slice(0, 5),
    );
  }
  return { data: parsed.data, cache: response.headers.get('x-cache') };
}
