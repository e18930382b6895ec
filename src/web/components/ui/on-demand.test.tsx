import { render, screen } from '@testing-library/react';
import { lazy } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { OnDemand } from './on-demand';

describe('OnDemand', () => {
  it('shows the fallback while the part downloads, then the part', async () => {
    let arrive!: (module: { default: () => React.ReactNode }) => void;
    const Part = lazy(() => new Promise<{ default: () => React.ReactNode }>((resolve) => (arrive = resolve)));
    render(
      <OnDemand what="part" fallback={<p>Loading the part</p>}>
        <Part />
      </OnDemand>,
    );
    expect(screen.getByText('Loading the part')).toBeInTheDocument();
    arrive({ default: () => <p>The part</p> });
    expect(await screen.findByText('The part')).toBeInTheDocument();
    expect(screen.queryByText('Loading the part')).not.toBeInTheDocument();
  });

  it('says so in its place when the download fails, and the rest of the page stays', async () => {
    // React reports the caught error on the console; the note is what the person sees.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const Part = lazy(() => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    render(
      <>
        <p>The rest of the page</p>
        <OnDemand what="large view">
          <Part />
        </OnDemand>
      </>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('The large view could not be shown');
    expect(screen.getByText('The rest of the page')).toBeInTheDocument();
    consoleError.mockRestore();
  });
});
