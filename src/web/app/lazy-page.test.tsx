import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { lazyPage } from './lazy-page';

function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount((n) => n + 1)}>
      Clicked {count}
    </button>
  );
}

/** A module download the test finishes when it wants. */
function pendingModule() {
  let finish!: () => void;
  const module = new Promise<{ Counter: typeof Counter }>((resolve) => (finish = () => resolve({ Counter })));
  return { importer: () => module, finish };
}

describe('a lazy page', () => {
  it('suspends until its module is in when it was not preloaded', async () => {
    const { importer, finish } = pendingModule();
    const Page = lazyPage(importer, 'Counter');
    render(
      <Suspense fallback={<p>Loading page</p>}>
        <Page />
      </Suspense>,
    );
    expect(screen.getByText('Loading page')).toBeInTheDocument();
    await act(async () => finish());
    expect(await screen.findByRole('button', { name: 'Clicked 0' })).toBeInTheDocument();
  });

  it('renders at once, without its fallback, once preloaded', async () => {
    const { importer, finish } = pendingModule();
    const Page = lazyPage(importer, 'Counter');
    const preloaded = Page.preload();
    finish();
    await preloaded;
    render(
      <Suspense fallback={<p>Loading page</p>}>
        <Page />
      </Suspense>,
    );
    expect(screen.queryByText('Loading page')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clicked 0' })).toBeInTheDocument();
  });

  it('keeps the state of a page that suspended first when its parent renders again', async () => {
    const { importer, finish } = pendingModule();
    const Page = lazyPage(importer, 'Counter');
    function Parent() {
      const [renders, setRenders] = useState(0);
      return (
        <>
          <button type="button" onClick={() => setRenders((n) => n + 1)}>
            Parent {renders}
          </button>
          <Suspense fallback={<p>Loading page</p>}>
            <Page />
          </Suspense>
        </>
      );
    }
    render(<Parent />);
    await act(async () => finish());
    await userEvent.click(await screen.findByRole('button', { name: 'Clicked 0' }));
    await userEvent.click(screen.getByRole('button', { name: 'Parent 0' }));
    expect(screen.getByRole('button', { name: 'Parent 1' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeInTheDocument();
  });

  it('rejects its preload when the download fails, so the caller can go on without it', async () => {
    const Page = lazyPage(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')), 'Counter');
    await expect(Page.preload()).rejects.toThrow('Failed to fetch dynamically imported module');
  });
});
