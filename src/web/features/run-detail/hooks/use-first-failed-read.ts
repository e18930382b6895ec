import { useState } from 'react';
import { ApiRequestError } from '@/web/lib/api-client';
import type { FailedRead } from '../components/connection-banner';

/**
 * The ids of the first failed poll of the current streak, so support gets one stable pair while
 * later polls fail with ids of their own; forgotten once a poll succeeds.
 */
export function useFirstFailedRead(error: Error | null, failing: boolean): FailedRead | null {
  const [kept, setKept] = useState<FailedRead | null>(null);
  if (!failing && kept !== null) setKept(null);
  if (failing && kept === null && error) {
    const api = error instanceof ApiRequestError ? error : null;
    setKept({ code: api?.code ?? 'network_error', requestId: api?.requestId ?? null, upstreamRequestId: api?.upstreamRequestId ?? null });
  }
  return failing ? kept : null;
}
