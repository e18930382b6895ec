import { AuditLog } from '../../features/audit/components/audit-log';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/audit` — the whole audit log (admins; others are told why they cannot see it). */
export function AuditPage() {
  useDocumentTitle('Audit log');
  return <AuditLog />;
}
