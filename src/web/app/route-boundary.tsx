import { Component, Suspense, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { RouteErrorState } from './route-error-state';

interface RouteBoundaryProps {
  /** Shown while the route's code downloads on the first visit. */
  fallback: ReactNode;
  children: ReactNode;
}

/**
 * One route's boundary: its chunk downloads inside it, and a crash in its page (or a chunk that
 * fails to download) shows the designed error state in its place, so the header and navigation
 * around it keep working. Going to another address clears the error.
 */
export function RouteBoundary({ fallback, children }: RouteBoundaryProps) {
  const { pathname } = useLocation();
  return (
    <CrashBoundary pathname={pathname}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </CrashBoundary>
  );
}

interface CrashBoundaryProps {
  pathname: string;
  children: ReactNode;
}

interface CrashBoundaryState {
  failed: boolean;
  error: unknown;
  /** The address the error happened at: another address renders the page again. */
  at: string | null;
}

class CrashBoundary extends Component<CrashBoundaryProps, CrashBoundaryState> {
  override state: CrashBoundaryState = { failed: false, error: undefined, at: null };

  static getDerivedStateFromError(error: unknown): Partial<CrashBoundaryState> {
    return { failed: true, error };
  }

  static getDerivedStateFromProps(props: CrashBoundaryProps, state: CrashBoundaryState): Partial<CrashBoundaryState> | null {
    if (!state.failed) return null;
    if (state.at === null) return { at: props.pathname };
    return state.at === props.pathname ? null : { failed: false, error: undefined, at: null };
  }

  override render() {
    return this.state.failed ? <RouteErrorState error={this.state.error} /> : this.props.children;
  }
}
