/**
 * Zoom and pan of the full-size view. The image is drawn `translate(x, y) scale(scale)` from its
 * top-left corner inside a stage of `width` × `height`; it never moves so far that the stage shows
 * past its edges.
 */
export interface ZoomState {
  scale: number;
  x: number;
  y: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;
export const ZOOM_STEP = 1.5;
export const NO_ZOOM: ZoomState = { scale: 1, x: 0, y: 0 };

interface Size {
  width: number;
  height: number;
}

/** Keeps the zoomed image covering the stage: x within [width − width·scale, 0], likewise y. */
export function clampPan(state: ZoomState, stage: Size): ZoomState {
  const clamp = (value: number, size: number) => Math.min(0, Math.max(size - size * state.scale, value));
  return { scale: state.scale, x: clamp(state.x, stage.width), y: clamp(state.y, stage.height) };
}

/** Zooms by `factor` keeping the stage point `at` (px from the stage's top-left) where it is. */
export function zoomAt(state: ZoomState, factor: number, at: { x: number; y: number }, stage: Size): ZoomState {
  const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, state.scale * factor));
  const ratio = scale / state.scale;
  return clampPan({ scale, x: at.x - (at.x - state.x) * ratio, y: at.y - (at.y - state.y) * ratio }, stage);
}

/** Moves the zoomed image by a drag of (dx, dy) px. */
export function panBy(state: ZoomState, dx: number, dy: number, stage: Size): ZoomState {
  return clampPan({ scale: state.scale, x: state.x + dx, y: state.y + dy }, stage);
}

/** Zoom factor of one wheel event: smooth for trackpads, one step per notch for mouse wheels. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-Math.max(-100, Math.min(100, deltaY)) / 200);
}
