import { Spinner } from '../components/ui/spinner';

/** Shown for the moment between the first script running and the first page module arriving. */
export function AppLoading() {
  return (
    <div className="flex min-h-dvh items-center justify-center text-fg-subtle">
      <Spinner label="Loading Runwatch" />
    </div>
  );
}

/** Shown inside the signed-in shell while a page's module downloads on the first visit to it. */
export function PageLoading() {
  return (
    <div className="flex justify-center py-16 text-fg-subtle">
      <Spinner label="Loading page" />
    </div>
  );
}
