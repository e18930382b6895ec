import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { RunError } from '@/contract/bff';
import type * as ErrorCatalogueModule from '@/web/features/run-errors/error-catalogue';
import { ROLE } from '@/contract/roles';
import { RunsOverview } from '@/web/features/runs/components/runs-overview';
import { sessionQueries } from '@/web/features/session/api/session-queries';
import { useDocumentTitle } from '@/web/lib/use-document-title';

type ErrorCatalogue = typeof ErrorCatalogueModule;

/**
 * The error catalogue is fetched the first time a failed row is drawn: a list without failures
 * never needs it, so it stays off the list's first view. Kept once loaded, for later visits.
 */
let loadedCatalogue: ErrorCatalogue | null = null;
let catalogueDownload: Promise<ErrorCatalogue> | null = null;
function downloadCatalogue(): Promise<ErrorCatalogue> {
  catalogueDownload ??= import('@/web/features/run-errors/error-catalogue').then(
    (catalogue) => (loadedCatalogue = catalogue),
    (error: unknown) => {
      // Forgotten, so the next failed row tries again.
      catalogueDownload = null;
      throw error;
    },
  );
  return catalogueDownload;
}

/** A failed row's error group, as the error catalogue places it (a code alone can place it too). */
function describeWith(catalogue: ErrorCatalogue, error: RunError): { group: string; meaning: string } {
  const { group } = catalogue.explainError(error);
  return { group: catalogue.ERROR_GROUP_LABELS[group].label, meaning: catalogue.ERROR_GROUP_LABELS[group].meaning };
}

/** Names failed rows' groups once the catalogue is here; until then the row shows its code alone. */
function useDescribeFailure(): (error: RunError) => { group: string; meaning: string } | null {
  const [catalogue, setCatalogue] = useState(loadedCatalogue);
  return useCallback(
    (error: RunError) => {
      if (catalogue) return describeWith(catalogue, error);
      // Called while a failed row renders: the download starts then, and the rows redraw when it lands.
      downloadCatalogue().then(setCatalogue, () => undefined);
      return null;
    },
    [catalogue],
  );
}

/** The runs list. */
export function RunsPage() {
  useDocumentTitle('Runs');
  const session = useQuery(sessionQueries.current());
  const describeFailure = useDescribeFailure();
  // The server enforces roles regardless; this only decides whether cancel controls are offered.
  const role = session.data?.user.role;
  return <RunsOverview describeFailure={describeFailure} canCancel={role === ROLE.operator || role === ROLE.admin} />;
}
