import { startEarlySessionRead } from '../features/session/api/early-session-read';

/**
 * On a fresh load of a run page, the session's read and the run's start before the first render,
 * alongside loading the signed-in shell's and the page's chunks, rather than after them: the status
 * shows a round trip and a chunk evaluation sooner. Only for the document's own address: a later
 * navigation finds the session cached, and the page starts the run's read as it mounts, which is as
 * early.
 *
 * The session's read starts at once, so the shell, whenever it mounts, finds it under way and joins
 * it. The run's starts from its own small chunk as soon as that is in; the page imports that chunk
 * too, so it cannot mount before the read has started.
 */
export function startDocumentReads(pathname: string): void {
  const runPage = /^\/runs\/([^/]+)\/?$/.exec(pathname);
  if (!runPage) return;
  const runId = decodeURIComponentOrNull(runPage[1]!);
  if (runId === null) return;
  startEarlySessionRead();
  import('../features/run-detail/api/early-run-read').then(
    (run) => run.startEarlyRunRead(runId),
    // A chunk that failed to download: the page reads the run itself as it mounts.
    () => undefined,
  );
}

function decodeURIComponentOrNull(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
