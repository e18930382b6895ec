import type { RunScreenshot } from '@/contract/bff';
import { dateTimeTitle, formatBytes, formatDateTime, formatDuration } from '@/web/lib/format';
import { splitByMatch } from '../utils/reasoning-search';

interface ShotDetailsProps {
  shot: RunScreenshot;
  position: number;
  total: number;
  /** The run's creation time, to say how far into the run the shot was taken. */
  runCreatedAt: string;
  /** A search in the reasoning, whose occurrences are marked. */
  highlight?: string;
}

/** The agent's reasoning at capture time and when the shot was taken. Reasoning is untrusted text. */
export function ShotDetails({ shot, position, total, runCreatedAt, highlight = '' }: ShotDetailsProps) {
  const offset = shot.createdAt === null ? Number.NaN : Date.parse(shot.createdAt) - Date.parse(runCreatedAt);
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div>
        <p className="text-xs font-medium text-fg-subtle">
          Screenshot <span className="text-fg tabular-nums">{position}</span> of <span className="tabular-nums">{total}</span>
        </p>
        <p className="mt-0.5 text-sm text-fg tabular-nums">
          {shot.createdAt === null ? (
            <span className="text-fg-subtle">Capture time not given by the upstream</span>
          ) : (
            <time dateTime={shot.createdAt} title={dateTimeTitle(shot.createdAt)}>
              {formatDateTime(shot.createdAt)}
            </time>
          )}
          {Number.isFinite(offset) && offset >= 0 ? <span className="text-fg-muted"> · {formatDuration(offset)} into the run</span> : null}
        </p>
      </div>
      <div>
        <p className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">Agent’s reasoning</p>
        <p className="mt-1 text-sm leading-relaxed whitespace-pre-line break-words text-fg" data-testid="shot-reasoning">
          {shot.reasoning.trim() ? (
            splitByMatch(shot.reasoning.trim(), highlight).map((part, index) =>
              part.match ? (
                <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-fg dark:bg-amber-400/30">
                  {part.text}
                </mark>
              ) : (
                part.text
              ),
            )
          ) : (
            <span className="text-fg-subtle italic">No reasoning was recorded for this screenshot.</span>
          )}
        </p>
      </div>
      <p className="mt-auto truncate text-xs text-fg-subtle" title={shot.fileName}>
        <span className="font-mono">{shot.fileName || 'unnamed'}</span> · {shot.fileSize === null ? 'size not given' : formatBytes(shot.fileSize)}
      </p>
    </div>
  );
}
