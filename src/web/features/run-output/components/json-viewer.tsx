import type { ReactNode } from 'react';
import { Button } from '@/web/components/ui/button';
import { downloadJson, downloadUrl, valueAsText } from '../utils/download-json';
import type { JsonSearchEngine } from '../utils/json-search-engine';
import { formatJsonPath, isContainer } from '../utils/json-path';
import { CopyButton } from '@/web/components/ui/copy-button';
import { JsonSearchBox } from './json-search-box';
import { JsonTree } from './json-tree';
import { useJsonTreeState, valueAtPath } from './use-json-tree-state';

interface JsonViewerProps {
  value: unknown;
  /** Root name, also the start of copied paths (`output.accounts[0]`). */
  rootName: string;
  /** File name for "Download". */
  fileName: string;
  label: string;
  /** Extra controls at the start of the toolbar. */
  toolbarStart?: ReactNode;
  /** Search engine holding the value already (a worker); otherwise one is made from `value`. */
  startSearch?: () => Promise<JsonSearchEngine>;
  /** Where "Download" saves from (the value as the server sent it); otherwise the value is written out here. */
  downloadFrom?: string;
}

/** Toolbar-sized copy buttons, matching the ghost buttons beside them. */
const TOOLBAR_COPY = 'h-7';

/** JSON tree with search, expand/collapse all, download, and copy of the selected node's value and path. */
export function JsonViewer({ value, rootName, fileName, label, toolbarStart, startSearch, downloadFrom }: JsonViewerProps) {
  const state = useJsonTreeState(value);
  const selectedPath = formatJsonPath(rootName, state.selected);
  const container = isContainer(value);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-1.5">
        {toolbarStart}
        {container ? (
          <>
            <Button size="sm" variant="ghost" onClick={state.expandEverything}>
              Expand all
            </Button>
            <Button size="sm" variant="ghost" onClick={state.collapseEverything}>
              Collapse all
            </Button>
          </>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => (downloadFrom ? downloadUrl(downloadFrom, fileName) : downloadJson(value, fileName))}>
          Download .json
        </Button>
      </div>
      {container ? <JsonSearchBox value={value} rootName={rootName} onReveal={state.reveal} startEngine={startSearch} /> : null}
      {state.expandTruncated ? (
        <p className="text-xs text-fg-muted" role="status">
          This value is large, so only the first levels were opened. Open deeper nodes one at a time.
        </p>
      ) : null}
      <div className="flex min-w-0 items-center gap-2 rounded-control bg-surface-muted px-2.5 py-1 ring-1 ring-line">
        <span className="text-xs text-fg-subtle">Selected</span>
        <code className="min-w-0 flex-1 truncate font-mono text-xs text-fg" title={selectedPath} data-testid="json-selected-path">
          {selectedPath}
        </code>
        <CopyButton value={() => selectedPath} label="Copy path" className={TOOLBAR_COPY}>
          Copy path
        </CopyButton>
        <CopyButton value={() => valueAsText(valueAtPath(value, state.selected))} label="Copy value" className={TOOLBAR_COPY}>
          Copy value
        </CopyButton>
      </div>
      <JsonTree value={value} rootName={rootName} state={state} label={label} />
    </div>
  );
}
