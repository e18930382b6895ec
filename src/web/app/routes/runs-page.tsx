import { RunsOverview } from '../../features/runs/components/runs-overview';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/` — the runs overview. */
export function RunsPage() {
  useDocumentTitle('Runs');
  return <RunsOverview />;
}
