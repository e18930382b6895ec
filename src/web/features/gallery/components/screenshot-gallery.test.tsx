import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { RunScreenshot } from '@/contract/bff';
import { ScreenshotGallery } from './screenshot-gallery';

function shots(count: number): RunScreenshot[] {
  const start = Date.parse('2026-03-02T09:40:00Z');
  // Delivered out of order on purpose: the gallery sorts by time.
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    fileName: `shot_${i + 1}.png`,
    fileType: 'image/png',
    fileSize: 60_000,
    createdAt: new Date(start + i * 5_000).toISOString(),
    imageUrl: `/api/runs/trun_1/screenshots/${i}`,
    reasoning: `Reasoning for shot ${i + 1}`,
  })).reverse();
}

function renderGallery(list: RunScreenshot[] | undefined, options: { live?: boolean; url?: string } = {}) {
  const router = createMemoryRouter(
    [{ path: '/runs/:runId', element: <ScreenshotGallery shots={list} live={options.live ?? false} runCreatedAt="2026-03-02T09:39:58Z" /> }],
    { initialEntries: [options.url ?? '/runs/trun_1'] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

const selectedThumb = () => document.querySelector('[data-testid="filmstrip"] button[aria-current="true"]');

describe('ScreenshotGallery', () => {
  it('mounts only a window of thumbnails for a run with 1,000 screenshots', () => {
    renderGallery(shots(1_000));
    expect(screen.getByText('Screenshot', { exact: false })).toHaveTextContent('Screenshot 1000 of 1000');
    const images = document.querySelectorAll('[data-testid="filmstrip"] img');
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThan(30);
    for (const image of images) expect(image).toHaveAttribute('loading', 'lazy');
  });

  it('moves with ←/→, Home and End, and keeps the choice in ?shot=N', async () => {
    const router = renderGallery(shots(40));
    const user = userEvent.setup();
    (selectedThumb() as HTMLElement).focus();
    await user.keyboard('{ArrowLeft}');
    expect(router.state.location.search).toBe('?shot=39');
    expect(selectedThumb()).toHaveAttribute('data-position', '39');
    expect(selectedThumb()).toHaveFocus();
    expect(screen.getByTestId('shot-reasoning')).toHaveTextContent('Reasoning for shot 39');
    await user.keyboard('{Home}');
    expect(router.state.location.search).toBe('?shot=1');
    expect(selectedThumb()).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(router.state.location.search).toBe('?shot=1');
    await user.keyboard('{ArrowRight}');
    expect(router.state.location.search).toBe('?shot=2');
    await user.keyboard('{End}');
    expect(router.state.location.search).toBe('?shot=40');
    expect(selectedThumb()).toHaveFocus();
  });

  it('opens at the deep-linked shot', () => {
    renderGallery(shots(40), { url: '/runs/trun_1?shot=7' });
    expect(selectedThumb()).toHaveAttribute('data-position', '7');
    expect(screen.getByTestId('shot-reasoning')).toHaveTextContent('Reasoning for shot 7');
  });

  it('follows the latest shot while live, until a shot is picked', async () => {
    const router = createMemoryRouter([{ path: '/runs/:runId', element: <LiveHarness /> }], { initialEntries: ['/runs/trun_1'] });
    render(<RouterProvider router={router} />);
    expect(selectedThumb()).toHaveAttribute('data-position', '3');
    fireEvent.click(screen.getByRole('button', { name: 'more' }));
    expect(selectedThumb()).toHaveAttribute('data-position', '4');
    expect(screen.getByRole('button', { name: 'Follow latest' })).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(document.querySelector('[data-testid="filmstrip"] button[data-position="2"]')!);
    expect(router.state.location.search).toBe('?shot=2');
    fireEvent.click(screen.getByRole('button', { name: 'more' }));
    expect(selectedThumb()).toHaveAttribute('data-position', '2');
    expect(screen.getByRole('button', { name: 'Follow latest' })).toHaveAttribute('aria-pressed', 'false');

    // Esc goes back to following.
    fireEvent.keyDown(selectedThumb()!, { key: 'Escape' });
    expect(router.state.location.search).toBe('');
    expect(selectedThumb()).toHaveAttribute('data-position', '5');
  });

  it('opens a large view that closes with Esc', async () => {
    renderGallery(shots(5));
    const user = userEvent.setup();
    await user.click(screen.getByTestId('shot-main'));
    // The viewer's code downloads on first use.
    expect(await screen.findByTestId('shot-lightbox')).toBeInTheDocument();
    fireEvent(screen.getByTestId('shot-lightbox'), new Event('cancel', { cancelable: true }));
    expect(screen.queryByTestId('shot-lightbox')).not.toBeInTheDocument();
  });

  it('renders reasoning as text and refuses image URLs that are not Runwatch routes', () => {
    const hostile: RunScreenshot = {
      index: 0,
      fileName: 'x.png',
      fileType: 'image/png',
      fileSize: 1,
      createdAt: '2026-03-02T09:40:00Z',
      imageUrl: 'javascript:alert(1)',
      reasoning: '<img src=x onerror=alert(1)>',
    };
    renderGallery([hostile]);
    expect(screen.getByTestId('shot-reasoning')).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img[src^="javascript"], img[src="x"]')).toBeNull();
    expect(screen.getByText('Image not available')).toBeInTheDocument();
  });

  it('says when there are no screenshots', () => {
    renderGallery([], { live: true });
    expect(screen.getByText(/No screenshots yet/)).toBeInTheDocument();
  });

  it('says "none captured" for a finished run whose screenshots came back empty', () => {
    renderGallery([], { live: false });
    expect(screen.getByTestId('screenshots-none')).toHaveTextContent('None captured');
  });

  it('says a ?shot that is not a number is invalid and shows the last shot', () => {
    renderGallery(shots(40), { url: '/runs/trun_1?shot=abc' });
    expect(screen.getByTestId('shot-link-notice')).toHaveTextContent('The link asks for screenshot “abc”, which is not a screenshot number');
    expect(screen.getByTestId('shot-link-notice')).toHaveTextContent('Showing the last screenshot.');
    expect(selectedThumb()).toHaveAttribute('data-position', '40');
  });

  it('says a ?shot past the end is out of range instead of quietly showing another shot', () => {
    renderGallery(shots(40), { url: '/runs/trun_1?shot=500' });
    expect(screen.getByTestId('shot-link-notice')).toHaveTextContent('The link asks for screenshot 500, but this run has only 40.');
    expect(selectedThumb()).toHaveAttribute('data-position', '40');
  });

  it('shows no notice for a valid deep link and brings the gallery into view', () => {
    const scrollIntoView = vi.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    renderGallery(shots(40), { url: '/runs/trun_1?shot=7' });
    expect(screen.queryByTestId('shot-link-notice')).not.toBeInTheDocument();
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(scrollIntoView.mock.contexts[0]).toBe(screen.getByTestId('screenshot-gallery'));
  });

  it('does not scroll without a deep link', () => {
    const scrollIntoView = vi.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    renderGallery(shots(5));
    expect(scrollIntoView).not.toHaveBeenCalled();
  });

  it('fills the large view with the image rather than keeping its natural size', async () => {
    renderGallery(shots(3));
    await userEvent.setup().click(screen.getByTestId('shot-main'));
    expect(await screen.findByTestId('lightbox-image')).toHaveClass('size-full', 'object-contain', 'absolute');
  });
});

function LiveHarness() {
  const [count, setCount] = useState(3);
  return (
    <>
      <button type="button" onClick={() => setCount((n) => n + 1)}>
        more
      </button>
      <ScreenshotGallery shots={shots(count)} live runCreatedAt="2026-03-02T09:39:58Z" />
    </>
  );
}
