import { useQuery } from '@tanstack/react-query';
import type { RunError } from '@/contract/bff';
import { ROLE } from '@/contract/roles';
import { ERROR_GROUP_LABELS, explainError } from '@/web/features/run-errors/error-catalogue';
import { RunsOverview } from '@/web/features/runs/components/runs-overview';
import { sessionQueries } from '@/web/features/session/api/session-queries';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** A failed row's error group, as the error catalogue places it (a code alone can place it too). */
function describeFailure(error: RunError): { group: string; meaning: string } {
  const { group } = explainError(error);
  return { group: ERROR_GROUP_LABELS[group].label, meaning: ERROR_GROUP_LABELS[group].meaning };
}

/** The runs list. */
export function RunsPage() {
  useDocumentTitle('Runs');
  const session = useQuery(sessionQueries.current());
  // The server enforces roles regardless; this only decides whether cancel controls are offered.
  const role = session.data?.user.role;
  return <RunsOverview describeFailure={describeFailure} canCancel={role === ROLE.operator || role === ROLE.admin} />;
}
