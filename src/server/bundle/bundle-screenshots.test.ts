import { describe, expect, it } from 'vitest';
import type { RunScreenshot } from '@/contract/bff';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { FileFetchError, type SignedFileFetcher } from '../files/signed-file-fetcher';
import { bundleScreenshots, type BundleShot } from './bundle-screenshots';

function shots(count: number): RunScreenshot[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    fileName: `shot-${index + 1}.png`,
    fileType: 'image/png',
    fileSize: 4,
    createdAt: null,
    imageUrl: `/api/runs/trun_x/screenshots/${index}`,
    reasoning: `step ${index + 1}`,
  }));
}

function runWithLinks(links: string[]): UpstreamTaskRun {
  return { artifacts: { screenshots: links.map((url) => ({ url })) } } as unknown as UpstreamTaskRun;
}

async function collect(source: AsyncGenerator<BundleShot>): Promise<BundleShot[]> {
  const out: BundleShot[] = [];
  for await (const shot of source) out.push(shot);
  return out;
}

/** A file host in memory: each link answers by its last path segment. */
function fetcher(answers: Record<string, () => Response>, asked: string[] = []): SignedFileFetcher {
  return (url) => {
    asked.push(url);
    const name = new URL(url).pathname.split('/').pop()!;
    const answer = answers[name];
    if (!answer) return Promise.reject(new FileFetchError('not_found', 'gone'));
    try {
      return Promise.resolve(answer());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}

const png =
  (bytes = 4) =>
  () =>
    new Response(new Uint8Array(bytes).fill(7), { headers: { 'content-type': 'image/png' } });

describe('bundle screenshots', () => {
  it('names images by position and type, in upstream order', async () => {
    const result = await collect(
      bundleScreenshots({
        shots: shots(2),
        raw: runWithLinks(['https://f.example/a?sig=1', 'https://f.example/b?sig=1']),
        fetchFile: fetcher({ a: png(), b: () => new Response(new Uint8Array(3), { headers: { 'content-type': 'image/jpeg' } }) }),
        reread: () => Promise.resolve(null),
      }),
    );
    expect(result.map((s) => [s.meta.position, s.meta.file, s.bytes?.byteLength])).toEqual([
      [1, 'screenshots/001.png', 4],
      [2, 'screenshots/002.jpg', 3],
    ]);
  });

  it('lists shots past the count and byte caps, and ones that fail or are no image, by their reasoning only', async () => {
    const result = await collect(
      bundleScreenshots({
        shots: shots(5),
        raw: runWithLinks(['https://f.example/a', 'https://f.example/big', 'https://f.example/html', 'https://f.example/missing', 'https://f.example/e']),
        fetchFile: fetcher({ a: png(), big: png(100), html: () => new Response('<b>', { headers: { 'content-type': 'text/html' } }), e: png() }),
        reread: () => Promise.resolve(null),
        maxShots: 4,
        maxBytes: 50,
      }),
    );
    expect(result.map((s) => [s.meta.reasoning, s.meta.omitted, s.bytes === null])).toEqual([
      ['step 1', null, false],
      ['step 2', 'size_cap', true],
      ['step 3', 'not_an_image', true],
      ['step 4', 'unavailable', true],
      ['step 5', 'count_cap', true],
    ]);
  });

  it('reads the run once more for new links when one has expired, and uses them', async () => {
    const asked: string[] = [];
    let rereads = 0;
    const result = await collect(
      bundleScreenshots({
        shots: shots(2),
        raw: runWithLinks(['https://f.example/old1', 'https://f.example/old2']),
        fetchFile: fetcher(
          {
            old1: () => {
              throw new FileFetchError('expired', 'expired', 403);
            },
            old2: () => {
              throw new FileFetchError('expired', 'expired', 403);
            },
            new1: png(),
            new2: png(),
          },
          asked,
        ),
        reread: () => {
          rereads += 1;
          return Promise.resolve(runWithLinks(['https://f.example/new1', 'https://f.example/new2']));
        },
      }),
    );
    expect(rereads).toBe(1);
    expect(result.map((s) => s.meta.file)).toEqual(['screenshots/001.png', 'screenshots/002.png']);
    expect(asked.filter((url) => url.includes('new'))).toHaveLength(2);
  });
});
