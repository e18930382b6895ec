import type { RunScreenshot } from '@/contract/bff';
import { BUNDLE_MAX_IMAGE_BYTES, BUNDLE_MAX_SCREENSHOTS, type BundleScreenshot } from '@/contract/bundle';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { mediaTypeOf, screenshotType, type IMAGE_TYPES } from '../files/download-headers';
import { FileFetchError, type SignedFileFetcher } from '../files/signed-file-fetcher';

/** Images fetched at once: enough to hide the file host's latency, few enough to be a good neighbour. */
const PARALLEL_FETCHES = 3;

const EXTENSIONS: Record<(typeof IMAGE_TYPES)[number], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface BundleShot {
  meta: BundleScreenshot;
  /** The image, or null when it was left out (`meta.omitted` says why). */
  bytes: Uint8Array | null;
}

export interface BundleShotOptions {
  shots: readonly RunScreenshot[];
  /** The run as read, for the signed links (by the shot's index). */
  raw: UpstreamTaskRun;
  fetchFile: SignedFileFetcher;
  /** Reads the run again for fresh links once one has expired; null when that read failed. */
  reread: () => Promise<UpstreamTaskRun | null>;
  maxShots?: number;
  maxBytes?: number;
}

function linksOf(run: UpstreamTaskRun): Array<string | null> {
  return (run.artifacts?.screenshots ?? run.screenshots ?? []).map((shot) => shot.url ?? null);
}

/**
 * The run's screenshots with their images, in upstream order, yielded one at a time so a zip can
 * be written while later ones download. Images past the count or byte cap, ones whose link failed
 * (after one fresh read of the run for an expired link) and ones that are not an image type are
 * listed with their reasoning and no image.
 */
export async function* bundleScreenshots(options: BundleShotOptions): AsyncGenerator<BundleShot> {
  const maxShots = options.maxShots ?? BUNDLE_MAX_SCREENSHOTS;
  const maxBytes = options.maxBytes ?? BUNDLE_MAX_IMAGE_BYTES;
  let links = linksOf(options.raw);
  let reread: Promise<void> | null = null;
  const refreshLinks = () => {
    reread ??= options.reread().then((run) => {
      if (run) links = linksOf(run);
    });
    return reread;
  };

  async function download(shot: RunScreenshot): Promise<{ bytes: Uint8Array; type: string } | 'unavailable' | 'not_an_image'> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const url = links[shot.index] ?? null;
      if (!url) return 'unavailable';
      try {
        const response = await options.fetchFile(url);
        const type = screenshotType(mediaTypeOf(response.headers.get('content-type')), mediaTypeOf(shot.fileType));
        if (!type) {
          await response.body?.cancel().catch(() => {});
          return 'not_an_image';
        }
        return { bytes: new Uint8Array(await response.arrayBuffer()), type };
      } catch (error) {
        if (error instanceof FileFetchError && error.kind === 'expired' && attempt === 1) {
          await refreshLinks();
          continue;
        }
        return 'unavailable';
      }
    }
    return 'unavailable';
  }

  const wanted = options.shots.slice(0, maxShots);
  const pending = new Map<number, ReturnType<typeof download>>();
  let started = 0;
  const startMore = () => {
    while (started < wanted.length && pending.size < PARALLEL_FETCHES) {
      const shot = wanted[started]!;
      const job = download(shot);
      job.catch(() => {}); // awaited below; never an unhandled rejection while it waits its turn
      pending.set(started, job);
      started += 1;
    }
  };

  let bytesSoFar = 0;
  for (const [position, shot] of options.shots.entries()) {
    const meta: BundleScreenshot = {
      position: position + 1,
      fileName: shot.fileName,
      fileType: shot.fileType,
      fileSize: shot.fileSize,
      createdAt: shot.createdAt,
      reasoning: shot.reasoning,
      file: null,
      omitted: null,
    };
    if (position >= wanted.length) {
      yield { meta: { ...meta, omitted: 'count_cap' }, bytes: null };
      continue;
    }
    startMore();
    const result = await pending.get(position)!;
    pending.delete(position);
    if (result === 'unavailable' || result === 'not_an_image') {
      yield { meta: { ...meta, omitted: result }, bytes: null };
      continue;
    }
    if (bytesSoFar + result.bytes.byteLength > maxBytes) {
      yield { meta: { ...meta, omitted: 'size_cap' }, bytes: null };
      continue;
    }
    bytesSoFar += result.bytes.byteLength;
    const extension = EXTENSIONS[result.type as keyof typeof EXTENSIONS] ?? 'img';
    yield { meta: { ...meta, file: `screenshots/${String(position + 1).padStart(3, '0')}.${extension}` }, bytes: result.bytes };
  }
  // A consumer that stopped early leaves nothing running against the file host unawaited.
  await Promise.allSettled(pending.values());
}
