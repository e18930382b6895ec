import type { RunRecord, ScreenshotRecord } from '../engine/run-record';
import { hashString } from '../engine/random';
import { profileForTask } from '../scenarios/task-profiles';
import { encodePng } from './png-encoder';
import { SCREENSHOT_HEIGHT, SCREENSHOT_WIDTH, renderScreenshot } from './screenshot-renderer';

/** Rendered images kept in memory; beyond this the least recently used are dropped and re-rendered on demand. */
const CACHE_SIZE = 300;

/** Renders screenshot PNGs lazily (on first download) and caches them. */
export class ScreenshotStore {
  private readonly cache = new Map<string, Buffer>();

  png(run: RunRecord, shot: ScreenshotRecord): Buffer {
    const key = `${run.id}:${shot.index}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const profile = profileForTask(run.taskId);
    const canvas = renderScreenshot({
      page: shot.page,
      url: shot.url,
      siteName: profile.siteName,
      brandColor: profile.brandColor,
      index: shot.index,
      seed: hashString(key),
    });
    const png = encodePng(SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT, canvas.pixels, { padToBytes: shot.fileSize });
    this.cache.set(key, png);
    if (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return png;
  }
}
