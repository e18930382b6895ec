import { Alert } from '@/web/components/ui/alert';

/**
 * `review_required`: execution is over and the run waits for a review the upstream offers no way
 * to perform through its API, so the banner explains rather than offers a button.
 */
export function ReviewBanner() {
  return (
    <Alert tone="warning" title="Finished — awaiting review" role="none">
      The agent finished its work and the run is held for review before it counts as complete. Reviews happen on the upstream’s side; there is nothing to do
      here. This page updates by itself once the run is approved (completed) or rejected (failed).
    </Alert>
  );
}
