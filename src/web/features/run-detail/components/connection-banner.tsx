import { Alert } from '@/web/components/ui/alert';
import { CopyButton } from '@/web/components/ui/copy-button';
import type { FreshnessState, StaleReason } from '../utils/freshness-state';
import { describeUpstreamRefusal } from '../utils/upstream-refusal';

/** The ids of the failing poll, kept from the first failure of a streak so support gets one stable pair. */
export interface FailedRead {
  code: string;
  /** Runwatch's id of the failing request. */
  requestId: string | null;
  /** The upstream's id of the request that failed, when the upstream answered at all. */
  upstreamRequestId: string | null;
}

const STALE_TITLES: Record<StaleReason | 'unknown', { title: string; body: string }> = {
  upstream_unavailable: {
    title: 'The Task Run API is not answering',
    body: 'You are looking at the last copy Runwatch received. It keeps retrying and this page catches up by itself when the upstream is back.',
  },
  upstream_rate_limited: {
    title: 'The Task Run API is rate-limiting Runwatch',
    body: 'The organisation’s request limit is used up for the moment, so you are looking at the last copy. Runwatch retries when the limit allows.',
  },
  budget_exhausted: {
    title: 'Runwatch’s request budget is busy',
    body: 'Runwatch spends a share of the organisation’s requests and that share is busy with other work, so this is the last copy. It refreshes when there is room.',
  },
  unknown: {
    title: 'This copy is not current',
    body: 'You are looking at the last copy Runwatch received. The page catches up by itself.',
  },
};

/**
 * Spells out a degraded connection next to the data it affects, so nobody acts on an old status
 * without noticing. Healthy, paused and final states need no banner: the freshness line says enough.
 */
export function ConnectionBanner({ state, failure = null }: { state: FreshnessState; failure?: FailedRead | null }) {
  if (state.kind === 'stale') {
    const copy = STALE_TITLES[state.reason ?? 'unknown'];
    return (
      <Alert tone="warning" title={copy.title} role="status">
        {copy.body}
      </Alert>
    );
  }
  if (state.kind === 'reconnecting') {
    const refusal = state.reason === 'failing' ? describeUpstreamRefusal(failure?.code) : null;
    return (
      <Alert
        tone={refusal ? 'error' : 'warning'}
        title={refusal?.title ?? (state.reason === 'offline' ? 'You are offline' : 'Updates are failing')}
        role="status"
      >
        {refusal ? (
          <p>{refusal.description} The page shows the last good data.</p>
        ) : (
          <p>The page shows the last good data and retries with growing pauses; it refreshes as soon as the connection is back.</p>
        )}
        {state.reason === 'failing' && failure && (failure.requestId || failure.upstreamRequestId) ? (
          <div className="mt-1.5 flex flex-col gap-0.5 text-xs" data-testid="failed-read-ids">
            <p className="opacity-80">The first failed update of this outage, for support:</p>
            {failure.upstreamRequestId ? <IdLine label="Upstream request" value={failure.upstreamRequestId} /> : null}
            {failure.requestId ? <IdLine label="Runwatch request" value={failure.requestId} /> : null}
          </div>
        ) : null}
      </Alert>
    );
  }
  return null;
}

function IdLine({ label, value }: { label: string; value: string }) {
  return (
    <p className="flex min-w-0 flex-wrap items-center gap-x-1.5">
      <span>{label}</span> <span className="font-mono break-all">{value}</span> <CopyButton value={value} label={`Copy failed ${label.toLowerCase()} id`} />
    </p>
  );
}
