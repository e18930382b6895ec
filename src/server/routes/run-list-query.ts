import { z } from 'zod';
import { API_ERROR } from '@/contract/api-errors';
import { ERROR_GROUPS } from '@/contract/failures';
import { idPattern, type IdKind } from '@/contract/ids';
import { RUN_RESULTS, RUN_STATUSES } from '@/contract/run-status';
import { ApiHttpError } from '../http/api-error';
import { RUN_LIST_FILTER_KEYS, type RunListFilters } from '../upstream/run-list-filters';

/**
 * Query parameters of `GET /api/runs`, named as the upstream names its filters, plus Runwatch's
 * own error filters (served from the run index).
 */
export const RUN_LIST_PARAMS = [...RUN_LIST_FILTER_KEYS, 'error_code', 'error_group'] as const;

/** Error codes are machine names (`source_not_available`); anything else cannot match one. */
const errorCode = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/);

const id = (kind: IdKind) => z.string().regex(idPattern(kind));
/** Array filters come as repeated parameters, comma lists, or both. */
const list = <T extends z.ZodType>(item: T) => z.array(item).max(20);
const timestamp = z.iso.datetime({ offset: true });

const runListQuerySchema = z
  .object({
    status: list(z.enum([...RUN_STATUSES, 'cancelling'])),
    source_id: list(id('source')),
    outcome: list(z.enum(RUN_RESULTS)),
    agent_id: id('agent'),
    credential_id: id('credential'),
    task_id: id('task'),
    workflow_id: id('workflow'),
    created_after: timestamp,
    created_before: timestamp,
    error_code: list(errorCode),
    error_group: list(z.enum(ERROR_GROUPS)),
    limit: z.coerce.number().int().min(1).max(100),
    // Opaque to us, but only ever URL-safe characters and never long.
    cursor: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[A-Za-z0-9._~+/=:-]+$/),
  })
  .partial();

const ARRAY_PARAMS = new Set(['status', 'source_id', 'outcome', 'error_code', 'error_group']);

export function parseRunListQuery(raw: Record<string, string[]>): RunListFilters {
  const shaped: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(raw)) {
    if (ARRAY_PARAMS.has(key)) {
      shaped[key] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
    } else if (values.length !== 1) {
      throw new ApiHttpError(API_ERROR.invalid_request, `the ${key} parameter may appear only once`, { details: { parameter: key } });
    } else {
      shaped[key] = values[0];
    }
  }
  const parsed = runListQuerySchema.safeParse(shaped);
  if (!parsed.success) {
    const parameters = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new ApiHttpError(API_ERROR.invalid_request, `invalid value for ${parameters.join(', ')}`, { details: { parameters } });
  }
  return parsed.data;
}
