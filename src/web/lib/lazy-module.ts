import type { ReactPromise } from 'react';

/** A promise that records how it settled, the way React's `use` reads a promise without waiting. */
type SettlementAwarePromise<T> = Promise<T> & { status?: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown };

function recordSettlement<T>(promise: SettlementAwarePromise<T>, onRejected?: () => void): SettlementAwarePromise<T> {
  promise.status = 'pending';
  promise.then(
    (value) => {
      promise.status = 'fulfilled';
      promise.value = value;
    },
    (reason: unknown) => {
      promise.status = 'rejected';
      promise.reason = reason;
      onRejected?.();
    },
  );
  return promise;
}

function alreadyFulfilled<T>(value: T): SettlementAwarePromise<T> {
  const promise: SettlementAwarePromise<T> = Promise.resolve(value);
  promise.status = 'fulfilled';
  promise.value = value;
  return promise;
}

/** A code-split module a page needs only for some data; read it with `lazyModules`. */
export interface LazyModule<T> {
  readonly id: number;
  /** The download: started on the first call, the same one after that. */
  download: () => SettlementAwarePromise<T>;
}

let nextModuleId = 0;

/** `importer` is a dynamic `import()`. A failed download is forgotten, so the next need tries again. */
export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let current: SettlementAwarePromise<T> | null = null;
  return {
    id: nextModuleId++,
    download: () => {
      current ??= recordSettlement(importer(), () => {
        current = null;
      });
      return current;
    },
  };
}

type LoadedModule<E> = E extends LazyModule<infer T> ? T : null;
type Loaded<M> = { -readonly [K in keyof M]: LoadedModule<M[K]> };

const combinations = new Map<string, SettlementAwarePromise<unknown>>();

/**
 * The lazy modules one render needs (`null` for one it does not), as a single promise for React's
 * `use`. React wants `use` called the same way on every render, so a page calls this once with
 * whatever its data needs now. The same combination always gets the same promise, and one whose
 * modules have all arrived is handed over already fulfilled, so `use` does not suspend for it. A
 * combination that failed stays failed (like `React.lazy`): the route's error boundary offers a
 * reload rather than the page retrying in a loop.
 */
export function lazyModules<const M extends readonly (LazyModule<unknown> | null)[]>(...modules: M): ReactPromise<Loaded<M>> {
  const key = modules.map((module) => (module ? module.id : '-')).join(',');
  let combined = combinations.get(key);
  if (!combined) {
    const downloads = modules.map((module) => (module ? module.download() : null));
    combined = downloads.every((download) => !download || download.status === 'fulfilled')
      ? alreadyFulfilled(downloads.map((download) => (download ? download.value : null)))
      : recordSettlement(Promise.all(downloads));
    combinations.set(key, combined);
  }
  return combined as ReactPromise<Loaded<M>>;
}
