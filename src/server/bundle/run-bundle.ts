import type { AuditEntry } from '@/contract/audit';
import type { RunView, TimelineResponse } from '@/contract/bff';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleError, type BundleScreenshot, type RunBundle } from '@/contract/bundle';
import { errorGroup, type ErrorGroup } from '@/contract/error-groups';
import type { UpstreamJsonObject } from '@/contract/upstream';
import { redactRawRun } from '../runs/raw-run';
import { inputWithoutVaulted, scrubBundleValue } from './bundle-redaction';

/** What each error group means for whoever reads the ticket (the groups of docs/upstream-contract.md). */
const GROUP_MEANINGS: Record<ErrorGroup, string> = {
  platform: 'The upstream platform failed; this counts against the task’s success rate.',
  request: 'How the run was requested or answered caused it (input, credentials, an answer, limits).',
  source: 'The target website failed or refused the agent.',
  unknown: 'The upstream did not say which group this error belongs to.',
};

export interface RunBundleParts {
  view: RunView;
  /** The upstream's JSON exactly as sent; redacted here. */
  wire: UpstreamJsonObject;
  timeline: TimelineResponse;
  audit: readonly AuditEntry[];
  /** The run's screenshots in upstream order, with where their image went in the zip. */
  screenshots: readonly BundleScreenshot[];
  generatedBy: string | null;
  generatedAt: Date;
}

/**
 * The `bundle.json` of a run bundle, with every secret removed: vaulted input values, links to
 * files and screenshots, the query strings of any URL, key- or token-shaped text, and the
 * addresses audit entries were made from. Interaction answers are never in any of the parts.
 */
export function buildRunBundle(parts: RunBundleParts): RunBundle {
  const { view } = parts;
  const vaultedFields = view.vaultedFields ?? [];
  const errors: BundleError[] = view.errors.map((error) => {
    const group = errorGroup(error.type);
    return { ...error, group, groupMeaning: GROUP_MEANINGS[group] };
  });
  const audit = parts.audit.map((entry) => ({ ...entry, address: null }));
  const requestIds = [view.upstreamRequestId, ...audit.map((entry) => entry.upstreamRequestId)].filter(
    (id, index, all): id is string => typeof id === 'string' && id.length > 0 && all.indexOf(id) === index,
  );

  const bundle: RunBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    generatedAt: parts.generatedAt.toISOString(),
    generatedBy: parts.generatedBy,
    link: `/runs/${encodeURIComponent(view.id)}`,
    run: {
      id: view.id,
      status: view.status,
      upstreamStatus: view.upstreamStatus,
      result: view.result,
      taskId: view.taskId,
      agentId: view.agentId,
      sourceId: view.sourceId,
      credentialId: view.credentialId,
      sessionId: view.sessionId,
      workflowId: view.workflowId,
      runtimeMs: view.runtimeMs,
      createdAt: view.createdAt,
      updatedAt: view.updatedAt,
      canceledAt: view.canceledAt,
      output: view.output ?? null,
      vaultedFields,
      files: (view.files ?? []).map(({ downloadUrl: _link, ...file }) => file),
      interaction: view.interaction ? { type: view.interaction.type, message: view.interaction.message } : null,
      upstreamRequestId: view.upstreamRequestId,
    },
    errors,
    timeline: parts.timeline,
    screenshots: [...parts.screenshots],
    audit,
    requestIds,
    raw: redactRawRun(parts.wire),
  };
  if (view.input !== undefined) bundle.run.input = inputWithoutVaulted(view.input, vaultedFields);
  return scrubBundleValue(bundle) as RunBundle;
}
