import { describe, expect, it } from 'vitest';
import { clampPan, MAX_ZOOM, NO_ZOOM, panBy, wheelFactor, zoomAt } from './zoom-view';

const stage = { width: 800, height: 500 };

describe('zoomAt', () => {
  it('keeps the point under the cursor in place', () => {
    const zoomed = zoomAt(NO_ZOOM, 2, { x: 200, y: 100 }, stage);
    expect(zoomed).toEqual({ scale: 2, x: -200, y: -100 });
    // The image point under (200, 100) is still (200 − x) / scale = 200.
    expect((200 - zoomed.x) / zoomed.scale).toBe(200);
  });

  it('stays between 1× and the largest zoom', () => {
    expect(zoomAt(NO_ZOOM, 0.5, { x: 10, y: 10 }, stage)).toEqual(NO_ZOOM);
    expect(zoomAt({ scale: 6, x: 0, y: 0 }, 4, { x: 0, y: 0 }, stage).scale).toBe(MAX_ZOOM);
  });

  it('zooming back out to 1× puts the image back in place', () => {
    const zoomed = zoomAt(NO_ZOOM, 3, { x: 700, y: 400 }, stage);
    expect(zoomAt(zoomed, 1 / 3, { x: 10, y: 10 }, stage)).toEqual({ scale: 1, x: 0, y: 0 });
  });
});

describe('panBy and clampPan', () => {
  it('moves a zoomed image but never past its edges', () => {
    const zoomed = { scale: 2, x: -200, y: -100 };
    expect(panBy(zoomed, 50, -20, stage)).toEqual({ scale: 2, x: -150, y: -120 });
    expect(panBy(zoomed, 500, 500, stage)).toEqual({ scale: 2, x: 0, y: 0 });
    expect(panBy(zoomed, -5_000, -5_000, stage)).toEqual({ scale: 2, x: -800, y: -500 });
  });

  it('does not move an image at 1×', () => {
    expect(clampPan({ scale: 1, x: 40, y: -40 }, stage)).toEqual(NO_ZOOM);
  });
});

describe('wheelFactor', () => {
  it('zooms in on a wheel up, out on a wheel down, evenly', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1);
    expect(wheelFactor(-10_000)).toBe(wheelFactor(-100));
  });
});
