import { useId, type KeyboardEvent } from 'react';
import { cx } from '@/web/lib/cx';
import { REPLAY_SPEEDS, type ReplaySpeed } from '../utils/replay-time';

interface ReplayControlsProps {
  playing: boolean;
  onTogglePlay: () => void;
  speed: ReplaySpeed;
  onSpeed: (speed: ReplaySpeed) => void;
  captions: boolean;
  onCaptions: (on: boolean) => void;
  query: string;
  onQuery: (query: string) => void;
  /** 1-based positions of the matching shots. */
  matches: readonly number[];
  /** Index (0-based) among `matches` of the shot on screen, or null when it is not a match. */
  matchIndex: number | null;
  onStepMatch: (direction: 1 | -1) => void;
}

/** The controls' shape; a labelled one adds `px-2.5`, a square one `w-8 px-0`. */
const pill =
  'inline-flex h-8 items-center justify-center gap-1.5 rounded-control text-xs font-medium ring-1 ring-inset transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:opacity-50';

/** Play/pause, speed, captions and the search in the reasoning, above the scrubber. */
export function ReplayControls(props: ReplayControlsProps) {
  const { playing, onTogglePlay, speed, onSpeed, captions, onCaptions, query, onQuery, matches, matchIndex, onStepMatch } = props;
  const searchId = useId();
  const hasQuery = query.trim() !== '';

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStepMatch(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      onQuery('');
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="replay-controls">
      <button
        type="button"
        onClick={onTogglePlay}
        aria-label={playing ? 'Pause replay' : 'Play replay'}
        aria-keyshortcuts="Space"
        className={cx(pill, 'w-20 px-2.5 bg-accent text-accent-fg ring-accent hover:bg-accent-hover')}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <div role="group" aria-label="Replay speed" className="inline-flex rounded-control ring-1 ring-line-strong ring-inset">
        {REPLAY_SPEEDS.map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={value === speed}
            onClick={() => onSpeed(value)}
            className={cx(
              'h-8 min-w-9 px-2 text-xs font-medium tabular-nums first:rounded-l-control last:rounded-r-control focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
              value === speed ? 'bg-accent-soft text-accent-text' : 'text-fg-muted hover:bg-surface-hover',
            )}
          >
            {value}×
          </button>
        ))}
      </div>
      <button
        type="button"
        aria-pressed={captions}
        onClick={() => onCaptions(!captions)}
        className={cx(pill, 'px-2.5', captions ? 'bg-accent-soft text-accent-text ring-accent/30' : 'text-fg-muted ring-line-strong hover:bg-surface-hover')}
      >
        Captions
      </button>
      <div className="flex min-w-0 flex-1 basis-60 items-center gap-1">
        <label htmlFor={searchId} className="sr-only">
          Search the reasoning
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => onQuery(event.target.value)}
          onKeyDown={onSearchKey}
          placeholder="Search the reasoning"
          autoComplete="off"
          spellCheck={false}
          className="h-8 min-w-0 flex-1 rounded-control border border-line-strong bg-surface px-2.5 text-sm text-fg placeholder:text-fg-subtle focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus"
          data-testid="replay-search"
        />
        <button
          type="button"
          className={cx(pill, 'w-8 px-0 text-fg-muted ring-line-strong hover:bg-surface-hover')}
          onClick={() => onStepMatch(-1)}
          disabled={matches.length === 0}
          aria-label="Previous match"
        >
          <span aria-hidden="true">↑</span>
        </button>
        <button
          type="button"
          className={cx(pill, 'w-8 px-0 text-fg-muted ring-line-strong hover:bg-surface-hover')}
          onClick={() => onStepMatch(1)}
          disabled={matches.length === 0}
          aria-label="Next match"
        >
          <span aria-hidden="true">↓</span>
        </button>
        <span role="status" className="min-w-20 text-xs text-fg-muted tabular-nums" data-testid="replay-search-status">
          {!hasQuery
            ? ''
            : matches.length === 0
              ? 'No match'
              : matchIndex === null
                ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`
                : `${matchIndex + 1} of ${matches.length}`}
        </span>
      </div>
    </div>
  );
}
