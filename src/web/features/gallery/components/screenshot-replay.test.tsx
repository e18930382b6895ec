import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunScreenshot } from '@/contract/bff';
import { ScreenshotGallery } from './screenshot-gallery';
import type { ReplaySegment } from './replay-scrubber';

const START = Date.parse('2026-03-02T09:40:00Z');
const REASONINGS = ['Opening the login page.', 'Typing the username.', 'Waiting for the MFA code.', 'Opening statements.', 'Downloading the statement PDF.'];

/** Five shots two seconds apart. */
function shots(): RunScreenshot[] {
  return REASONINGS.map((reasoning, i) => ({
    index: i,
    fileName: `shot_${i + 1}.png`,
    fileType: 'image/png',
    fileSize: 60_000,
    createdAt: new Date(START + 2_000 + i * 2_000).toISOString(),
    imageUrl: `/api/runs/trun_1/screenshots/${i}`,
    reasoning,
  }));
}

const SEGMENTS: ReplaySegment[] = [
  { kind: 'status', status: 'queued', upstreamStatus: 'queued', startMs: START, endMs: START + 1_000, final: false },
  { kind: 'status', status: 'running', upstreamStatus: 'running', startMs: START + 1_000, endMs: START + 12_000, final: false },
  { kind: 'status', status: 'completed', upstreamStatus: 'completed', startMs: START + 12_000, endMs: START + 12_000, final: true },
];

function renderReplay(url = '/runs/trun_1?shot=1') {
  const router = createMemoryRouter(
    [{ path: '/runs/:runId', element: <ScreenshotGallery shots={shots()} live={false} runCreatedAt={new Date(START).toISOString()} segments={SEGMENTS} /> }],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

const scrubber = () => screen.getByRole('slider', { name: 'Replay position' });

afterEach(() => {
  vi.useRealTimers();
});

describe('screenshot replay', () => {
  it('plays on the capture times, and pausing puts the shot on screen in the address', () => {
    vi.useFakeTimers();
    const router = renderReplay();
    fireEvent.click(screen.getByRole('button', { name: 'Play replay' }));
    expect(scrubber()).toHaveAttribute('aria-valuenow', '1');
    // Shots are 2 s apart: at 1× the next one shows after 2 s, not before.
    act(() => {
      vi.advanceTimersByTime(1_900);
    });
    expect(scrubber()).toHaveAttribute('aria-valuenow', '1');
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(scrubber()).toHaveAttribute('aria-valuenow', '2');
    expect(screen.getByTestId('shot-caption')).toHaveTextContent('Typing the username.');
    // The address is written on pause, not at every step.
    expect(router.state.location.search).toBe('?shot=1');

    fireEvent.click(screen.getByRole('button', { name: '4×' }));
    act(() => {
      vi.advanceTimersByTime(500);
    });
    expect(scrubber()).toHaveAttribute('aria-valuenow', '3');
    fireEvent.click(screen.getByRole('button', { name: 'Pause replay' }));
    expect(router.state.location.search).toBe('?shot=3');
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(scrubber()).toHaveAttribute('aria-valuenow', '3');
  });

  it('stops on the last shot, and plays again from the first', () => {
    vi.useFakeTimers();
    const router = renderReplay('/runs/trun_1?shot=4');
    fireEvent.click(screen.getByRole('button', { name: 'Play replay' }));
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(router.state.location.search).toBe('?shot=5');
    expect(screen.getByRole('button', { name: 'Play replay' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Play replay' }));
    expect(scrubber()).toHaveAttribute('aria-valuenow', '1');
  });

  it('plays and pauses with Space, and ← / → step and stop playing', () => {
    vi.useFakeTimers();
    const router = renderReplay('/runs/trun_1?shot=2');
    fireEvent.keyDown(scrubber(), { key: ' ' });
    expect(screen.getByRole('button', { name: 'Pause replay' })).toBeInTheDocument();
    fireEvent.keyDown(scrubber(), { key: 'ArrowRight' });
    expect(router.state.location.search).toBe('?shot=3');
    expect(screen.getByRole('button', { name: 'Play replay' })).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(scrubber()).toHaveAttribute('aria-valuenow', '3');
  });

  it('says where the scrubber is: shot, time and status', () => {
    renderReplay('/runs/trun_1?shot=2');
    expect(scrubber()).toHaveAttribute('aria-valuemax', '5');
    expect(scrubber().getAttribute('aria-valuetext')).toMatch(/^Screenshot 2 of 5, .+, Running$/);
  });

  it('finds reasoning text, jumps between matches and marks them', () => {
    const router = renderReplay('/runs/trun_1?shot=2');
    const search = screen.getByRole('searchbox', { name: 'Search the reasoning' });
    fireEvent.change(search, { target: { value: 'opening' } });
    // From shot 2 the first match at or after it is shot 4.
    expect(router.state.location.search).toBe('?shot=4');
    expect(screen.getByTestId('replay-search-status')).toHaveTextContent('2 of 2');
    expect(screen.getByTestId('shot-reasoning').querySelector('mark')).toHaveTextContent('Opening');
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(router.state.location.search).toBe('?shot=1');
    fireEvent.keyDown(search, { key: 'Enter', shiftKey: true });
    expect(router.state.location.search).toBe('?shot=4');
    fireEvent.change(search, { target: { value: 'captcha' } });
    expect(screen.getByTestId('replay-search-status')).toHaveTextContent('No match');
    expect(router.state.location.search).toBe('?shot=4');
  });

  it('hides the captions on request', () => {
    renderReplay();
    expect(screen.getByTestId('shot-caption')).toHaveTextContent('Opening the login page.');
    fireEvent.click(screen.getByRole('button', { name: 'Captions' }));
    expect(screen.queryByTestId('shot-caption')).not.toBeInTheDocument();
  });

  it('zooms the full-size view with the keyboard, one shot at a time', async () => {
    renderReplay('/runs/trun_1?shot=2');
    fireEvent.click(screen.getByTestId('shot-main'));
    const lightbox = await screen.findByTestId('shot-lightbox');
    fireEvent.keyDown(lightbox, { key: '+' });
    expect(screen.getByTestId('lightbox-stage')).toHaveAttribute('data-zoom', '1.50');
    expect(screen.getByRole('button', { name: 'Zoom 150%, reset' })).toBeInTheDocument();
    fireEvent.keyDown(lightbox, { key: '-' });
    expect(screen.getByTestId('lightbox-stage')).toHaveAttribute('data-zoom', '1.00');
    expect(screen.getByRole('button', { name: 'Zoom out' })).toBeDisabled();
    fireEvent.keyDown(lightbox, { key: '+' });
    fireEvent.click(screen.getByRole('button', { name: 'Next screenshot' }));
    expect(screen.getByTestId('lightbox-stage')).toHaveAttribute('data-zoom', '1.00');
  });
});
