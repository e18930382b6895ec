import { Alert } from '../../../components/ui/alert';
import type { FreshnessState } from '../utils/freshness-state';

/**
 * Spells out a degraded connection next to the data it affects, so nobody acts on an old status
 * without noticing. Healthy, paused and final states need no banner: the freshness line says enough.
 */
export function ConnectionBanner({ state }: { state: FreshnessState }) {
  if (state.kind === 'stale') {
    return (
      <Alert tone="warning" title="The Task Run API is not answering" role="status">
        You are looking at the last data Runwatch received. It keeps retrying and this page catches up by itself when the upstream
        is back.
      </Alert>
    );
  }
  if (state.kind === 'reconnecting') {
    return (
      <Alert tone="warning" title={state.reason === 'offline' ? 'You are offline' : 'Updates are failing'} role="status">
        The page shows the last good data and retries with growing pauses; it refreshes as soon as the connection is back.
      </Alert>
    );
  }
  return null;
}
