import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { parseShotParam, type ShotParam } from '../utils/shot-order';

/**
 * The deep-linked screenshot (`?shot=N`, 1-based). No parameter means "follow the latest" while
 * the run is live and "the last one" afterwards; `param` also tells a parameter that is not a
 * position, so the gallery can say so. Replaces history entries so Back leaves the page.
 */
export function useShotParam(): { shot: number | null; param: ShotParam; setShot: (position: number | null) => void } {
  const [params, setParams] = useSearchParams();
  const param = parseShotParam(params.get('shot'));
  const shot = param.kind === 'position' ? param.position : null;
  const setShot = useCallback(
    (position: number | null) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (position === null) next.delete('shot');
          else next.set('shot', String(position));
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setParams],
  );
  return { shot, param, setShot };
}
