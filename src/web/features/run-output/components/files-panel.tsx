import { useState } from 'react';
import type { RunFile } from '@/contract/bff';
import { ChevronDownIcon } from '@/web/components/ui/icons';
import { buttonClasses } from '@/web/components/ui/button';
import { cx } from '@/web/lib/cx';
import { dateTimeTitle, formatBytes, formatDateTime } from '@/web/lib/format';
import { safeDownloadUrl } from '../utils/safe-download-url';
import { JsonViewer } from './json-viewer';

interface FilesPanelProps {
  runId: string;
  /** Undefined when the server did not include files. */
  files: readonly RunFile[] | undefined;
}

/** Files the run captured from the website, downloadable through Runwatch. */
export function FilesPanel({ runId, files }: FilesPanelProps) {
  if (files === undefined) return <p className="text-sm text-fg-muted">File information is not available for this run.</p>;
  if (files.length === 0) {
    return (
      <p className="text-sm text-fg-muted" data-testid="files-none">
        None captured — the upstream listed no files for this run.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-line rounded-control border border-line">
      {files.map((file) => (
        <FileRow key={file.id} file={file} runId={runId} />
      ))}
    </ul>
  );
}

function FileRow({ file, runId }: { file: RunFile; runId: string }) {
  const [showExtraction, setShowExtraction] = useState(false);
  const href = safeDownloadUrl(file.downloadUrl);
  const hasExtraction = file.extraction !== null && file.extraction !== undefined;
  return (
    <li className="px-3 py-2.5">
      {/* The name keeps at least 14rem: on a phone the actions wrap below it rather than squeeze it to a sliver. */}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex min-w-0 grow basis-56 items-center gap-x-3">
          <FileGlyph />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-fg" title={file.fileName} data-testid="file-name">
              {file.fileName}
            </p>
            <p className="text-xs break-words text-fg-muted">
              <span className="font-mono">{file.fileType || 'type not given'}</span> · {file.fileSize === null ? 'size not given' : formatBytes(file.fileSize)}
              {file.createdAt === null ? null : (
                <>
                  {' · '}
                  <time dateTime={file.createdAt} title={dateTimeTitle(file.createdAt)}>
                    {formatDateTime(file.createdAt)}
                  </time>
                </>
              )}
            </p>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          {hasExtraction ? (
            <button type="button" aria-expanded={showExtraction} onClick={() => setShowExtraction((open) => !open)} className={buttonClasses('ghost', 'sm')}>
              <ChevronDownIcon className={cx('size-3.5 transition-transform', showExtraction ? '' : '-rotate-90')} />
              Extracted data
            </button>
          ) : null}
          {href ? (
            <a href={href} download={file.fileName} className={buttonClasses('secondary', 'sm')}>
              Download<span className="sr-only"> {file.fileName}</span>
            </a>
          ) : (
            <span className="text-xs text-fg-subtle">Not downloadable</span>
          )}
        </div>
      </div>
      {showExtraction && hasExtraction ? (
        <div className="mt-2">
          <JsonViewer
            value={file.extraction}
            rootName="extraction"
            fileName={`${runId}-${file.id}-extraction.json`}
            label={`Data extracted from ${file.fileName}`}
          />
        </div>
      ) : null}
    </li>
  );
}

function FileGlyph() {
  return (
    <svg viewBox="0 0 16 16" className="size-5 shrink-0 text-fg-subtle" fill="none" stroke="currentColor" strokeWidth={1.25} aria-hidden="true">
      <path d="M4 1.75h5l3 3v9.5H4z" />
      <path d="M9 1.75v3h3" />
    </svg>
  );
}
