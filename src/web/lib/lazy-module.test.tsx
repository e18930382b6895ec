import { act, render, screen } from '@testing-library/react';
import { Component, Suspense, use, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { lazyModule, lazyModules, type LazyModule } from './lazy-module';

interface Words {
  word: string;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Shows the words of the modules its data needs, the way a page shows sections. */
function Sections({ first, second }: { first: LazyModule<Words> | null; second: LazyModule<Words> | null }) {
  const loaded = use(lazyModules(first, second));
  return <p>{loaded.map((module) => module?.word ?? '-').join(' ')}</p>;
}

function page(first: LazyModule<Words> | null, second: LazyModule<Words> | null = null) {
  return (
    <CatchError>
      <Suspense fallback={<p>loading</p>}>
        <Sections first={first} second={second} />
      </Suspense>
    </CatchError>
  );
}

class CatchError extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>failed: {String(this.state.error)}</p> : this.props.children;
  }
}

describe('lazyModules', () => {
  it('starts one download however often a module is asked for', () => {
    const importer = vi.fn(() => new Promise<Words>(() => {}));
    const module = lazyModule(importer);
    expect(lazyModules(module)).toBe(lazyModules(module));
    expect(lazyModules(module, null)).toBe(lazyModules(module, null));
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('waits for a module the data needs, and never for one it does not', async () => {
    const download = deferred<Words>();
    const importer = vi.fn(() => download.promise);
    const module = lazyModule(importer);

    const idle = render(page(null));
    expect(idle.container).toHaveTextContent('-');
    expect(importer).not.toHaveBeenCalled();

    let view!: ReturnType<typeof render>;
    await act(async () => {
      view = render(page(module));
    });
    expect(view.container).toHaveTextContent('loading');
    await act(async () => download.resolve({ word: 'hello' }));
    expect(view.container).toHaveTextContent('hello');
  });

  it('shows modules that have all arrived at once when the data starts needing them together', async () => {
    const hello = lazyModule(() => Promise.resolve({ word: 'hello' }));
    const world = lazyModule(() => Promise.resolve({ word: 'world' }));
    await act(async () => {
      render(page(hello));
    });
    await world.download();

    // A live page whose run now needs both: no loading state in between.
    const view = render(page(hello, world));
    expect(view.container).toHaveTextContent('hello world');
    expect(view.container).not.toHaveTextContent('loading');
  });

  it('hands a failed download to the error boundary instead of retrying in a loop', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const download = deferred<Words>();
    const importer = vi.fn(() => download.promise);
    const module = lazyModule(importer);
    await act(async () => {
      render(page(module));
    });
    await act(async () => download.reject(new Error('chunk missing')));
    expect(screen.getByText('failed: Error: chunk missing')).toBeInTheDocument();
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('downloads a module again when a new need comes after it failed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const attempts = [deferred<Words>(), deferred<Words>()];
    let calls = 0;
    const module = lazyModule(() => attempts[calls++]!.promise);
    const other = lazyModule(() => Promise.resolve({ word: 'other' }));
    await act(async () => {
      render(page(module));
    });
    await act(async () => attempts[0]!.reject(new Error('offline for a moment')));

    let view!: ReturnType<typeof render>;
    await act(async () => {
      view = render(page(module, other));
    });
    expect(calls).toBe(2);
    await act(async () => attempts[1]!.resolve({ word: 'back' }));
    expect(view.container).toHaveTextContent('back other');
  });
});
