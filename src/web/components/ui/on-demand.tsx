import { Component, Suspense, type ReactNode } from 'react';

interface OnDemandProps {
  /** What the part is, for the note shown when it cannot be shown ("screenshot viewer"). */
  what: string;
  /** Shown while the part's code downloads; reserve its height where it sits in the page. */
  fallback?: ReactNode;
  children: ReactNode;
}

/**
 * A part whose code (`React.lazy`) downloads when it is first shown, so no first view carries it.
 * While it downloads, the fallback; if the download fails (a lost connection), a note in its place,
 * while the rest of the page keeps working.
 */
export function OnDemand({ what, fallback = null, children }: OnDemandProps) {
  return (
    <PartFailureBoundary what={what}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </PartFailureBoundary>
  );
}

class PartFailureBoundary extends Component<{ what: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300" data-testid="on-demand-failed">
        The {this.props.what} could not be shown: this page could not load a part of itself. Check the connection and reload the page.
      </p>
    );
  }
}
