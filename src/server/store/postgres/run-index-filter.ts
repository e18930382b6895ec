import { InvalidRunFilterError, type RunIndexFilter } from '../event-store';
import { canonicalInstant } from '../canonical-time';
import { distinct } from '../run-index-rules';

/** Builds parameter placeholders `$n` in the order values are added. */
export class ParamList {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A run index filter as PostgreSQL conditions on `runs` (the SQLite store builds the same with IN lists). */
export function filterClause(filter: RunIndexFilter, params: ParamList): string[] {
  const clauses: string[] = [];
  const statuses = distinct(filter.statuses);
  if (statuses.length > 0) {
    const list = params.add(statuses);
    clauses.push(`(status = ANY(${list}::text[]) OR upstream_status = ANY(${list}::text[]))`);
  }
  const outcomes = distinct(filter.outcomes);
  if (outcomes.length > 0) clauses.push(`result = ANY(${params.add(outcomes)}::text[])`);
  for (const [column, value] of [
    ['task_id', filter.taskId],
    ['source_id', filter.sourceId],
    ['agent_id', filter.agentId],
    ['credential_id', filter.credentialId],
  ] as const) {
    if (value !== undefined && value !== '') clauses.push(`${column} = ${params.add(value)}`);
  }
  for (const [field, operator, value] of [
    ['createdAfter', '>', filter.createdAfter],
    ['createdBefore', '<', filter.createdBefore],
  ] as const) {
    if (value === undefined || value === '') continue;
    const at = canonicalInstant(value);
    if (at === null) throw new InvalidRunFilterError(field, `${JSON.stringify(value)} is not an ISO 8601 timestamp`);
    clauses.push(`created_at ${operator} ${params.add(at)}`);
  }
  for (const [column, values] of [
    ['code', distinct(filter.errorCodes)],
    ['error_group', distinct(filter.errorGroups)],
  ] as const) {
    if (values.length === 0) continue;
    clauses.push(`EXISTS (SELECT 1 FROM run_errors WHERE run_errors.run_id = runs.run_id AND run_errors.${column} = ANY(${params.add(values)}::text[]))`);
  }
  return clauses;
}
