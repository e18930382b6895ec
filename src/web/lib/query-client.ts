import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-request-error';

const MAX_RETRIES = 2;

/**
 * A 4xx means the request itself is wrong (bad id, not signed in, not allowed): asking again gives
 * the same answer, so only network errors, 5xx and 429 are retried.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (error instanceof ApiRequestError) {
    if (error.code === 'contract_mismatch') return false;
    if (error.status === 429) return true;
    if (error.status >= 400 && error.status < 500) return false;
  }
  return true;
}

/** Honours the server's `Retry-After` (503 when the upstream is busy), else backs off exponentially. */
export function retryDelay(failureCount: number, error: unknown): number {
  if (error instanceof ApiRequestError && error.retryAfterSeconds !== null) {
    return Math.min(error.retryAfterSeconds, 30) * 1000;
  }
  return Math.min(1000 * 2 ** failureCount, 10_000);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: true,
        // Polling queries set their own interval; this keeps navigation between pages snappy.
        staleTime: 2_000,
        gcTime: 5 * 60_000,
      },
      mutations: {
        retry: false,
      },
    },
  });
}
