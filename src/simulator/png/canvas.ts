import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './bitmap-font';

export type Rgb = readonly [number, number, number];

/** A tiny RGB raster with the few drawing operations the screenshot renderer needs. */
export class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(this.width, Math.floor(x + w));
    const y1 = Math.min(this.height, Math.floor(y + h));
    for (let py = y0; py < y1; py += 1) {
      for (let px = x0; px < x1; px += 1) {
        const offset = (py * this.width + px) * 3;
        this.pixels[offset] = color[0];
        this.pixels[offset + 1] = color[1];
        this.pixels[offset + 2] = color[2];
      }
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Rgb, thickness = 1): void {
    this.fillRect(x, y, w, thickness, color);
    this.fillRect(x, y + h - thickness, w, thickness, color);
    this.fillRect(x, y, thickness, h, color);
    this.fillRect(x + w - thickness, y, thickness, h, color);
  }

  fillCircle(cx: number, cy: number, r: number, color: Rgb): void {
    for (let dy = -r; dy <= r; dy += 1) {
      const half = Math.floor(Math.sqrt(r * r - dy * dy));
      this.fillRect(cx - half, cy + dy, half * 2 + 1, 1, color);
    }
  }

  /** Draws text with the bitmap font; returns the width used. Clips at `maxWidth`. */
  text(x: number, y: number, content: string, color: Rgb, scale = 1, maxWidth = Infinity): number {
    const advance = (GLYPH_WIDTH + 1) * scale;
    let cursor = x;
    for (const char of content) {
      if (cursor + advance - x > maxWidth) break;
      const rows = glyphRows(char);
      if (rows) {
        for (let row = 0; row < GLYPH_HEIGHT; row += 1) {
          const bits = rows[row] ?? 0;
          for (let col = 0; col < GLYPH_WIDTH; col += 1) {
            if (bits & (1 << (GLYPH_WIDTH - 1 - col))) this.fillRect(cursor + col * scale, y + row * scale, scale, scale, color);
          }
        }
      }
      cursor += advance;
    }
    return cursor - x;
  }
}
