import { Spinner } from '../components/ui/spinner';

/** Shown for the moment between the first script running and the first page module arriving. */
export function AppLoading() {
  return (
    <div className="flex min-h-dvh items-center justify-center text-fg-subtle">
      <Spinner label="Loading Runwatch" />
    </div>
  );
}
