import { lazy, type ComponentType } from 'react';

/** A page whose module downloads on first use, or ahead of it with `preload`. */
export interface LazyPage {
  (): React.JSX.Element;
  /** Downloads the page's module; resolves once it is in (rejects when the download fails). */
  preload(): Promise<void>;
}

/**
 * `React.lazy` for a module's named page, with a difference: a page whose module is already in
 * (preloaded) renders at once instead of suspending. That matters on a fresh load: React holds back
 * revealing a Suspense boundary's content until 300 ms after the last fallback it showed, so pages
 * that each suspend in turn (the shell, then the page inside it) would show their data later.
 */
export function lazyPage<K extends string>(importer: () => Promise<Record<K, ComponentType>>, name: K): LazyPage {
  let loaded: ComponentType | null = null;
  const load = () =>
    importer().then((module) => {
      loaded = module[name];
      return loaded;
    });
  const Suspending = lazy(async () => ({ default: await load() }));
  function Page() {
    // `loaded` is set before the suspending wrapper resolves, so a page that suspended renders the
    // loaded component when it retries: the wrapper never shows content, and nothing remounts.
    const Shown = loaded ?? Suspending;
    return <Shown />;
  }
  return Object.assign(Page, { preload: () => load().then(() => undefined) });
}
