import { useNavigate } from 'react-router';
import { useShortcuts } from '@/web/lib/keyboard-shortcuts';

/** Where `g r` goes: the runs list answers here whichever page is the home page. */
const RUNS_LIST_PATH = '/runs';
const BOARD_PATH = '/board';

/** Shortcuts that work on every signed-in page: going to the board or the runs list, and search. */
export function GlobalShortcuts() {
  const navigate = useNavigate();
  useShortcuts([
    { keys: 'g b', description: 'Go to the board', group: 'Go to', run: () => void navigate(BOARD_PATH) },
    { keys: 'g r', description: 'Go to the runs list', group: 'Go to', run: () => void navigate(RUNS_LIST_PATH) },
    {
      keys: '/',
      description: 'Search for a run or request id',
      group: 'General',
      run: () => {
        // The header's box when it is on screen; on a phone it is hidden, so the lookup page instead.
        const box = [...document.querySelectorAll<HTMLInputElement>('form[role="search"] input')].find((input) => input.getClientRects().length > 0);
        if (box) box.focus();
        else void navigate('/lookup');
      },
    },
  ]);
  return null;
}
