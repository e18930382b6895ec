import type { RunRecord, ScreenshotRecord, StorageRecord } from '../engine/run-record';
import type { UrlSigner } from '../files/url-signer';

/** Builds absolute signed URLs on the simulator's own origin. */
export interface FileUrls {
  screenshot(run: RunRecord, shot: ScreenshotRecord): string;
  storage(item: StorageRecord): string;
}

export function screenshotPath(runId: string, index: number): string {
  return `/files/screenshots/${runId}/${index}.png`;
}

export function storagePath(storageId: string): string {
  return `/files/storage/${storageId}`;
}

export function fileUrls(signer: UrlSigner, origin: string): FileUrls {
  return {
    screenshot: (run, shot) => `${origin}${signer.sign(screenshotPath(run.id, shot.index))}`,
    storage: (item) => `${origin}${signer.sign(storagePath(item.id))}`,
  };
}

export function screenshotFileName(runId: string, index: number): string {
  return `${runId}_${String(index).padStart(4, '0')}.png`;
}
