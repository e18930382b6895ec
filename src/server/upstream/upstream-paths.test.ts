import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainBasePath, upstreamPaths, upstreamTarget } from './upstream-paths';

/** What the URL parser makes of the joined call URL: the answer `upstreamTarget` must give. */
function parsedTarget(baseUrl: string, path: string, query: string | undefined): string {
  const target = new URL(`${baseUrl}${path}${query ? `?${query}` : ''}`);
  return `${target.pathname}${target.search}`;
}

const BASE_URLS = [
  'http://127.0.0.1:8080/v2',
  'https://api.example.com/v2',
  'https://api.example.com',
  'https://API.example.com:443/v2',
  'http://h/a b/v2',
  'http://h/v2?x=1',
];
const runIdArb = fc.stringMatching(/^trun_[A-Za-z0-9][A-Za-z0-9_-]{0,30}$/);
/** Paths as the table builds them, and odd ones (dot segments, encoded dots, spaces) that must be parsed. */
const pathArb = fc.oneof(
  runIdArb.map((id) => upstreamPaths.run(id)),
  runIdArb.map((id) => upstreamPaths.runScreenshots(id)),
  fc.constantFrom(upstreamPaths.listRuns(), upstreamPaths.listEvents(), '/task-runs/../events', '/task-runs/%2e%2e/x', '/a b', '/./x', '/x/'),
);
/** Form-encoded queries (as URLSearchParams writes them), and raw ones the parser would encode. */
const queryArb = fc.oneof(
  fc.constant(undefined),
  fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 })), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString()),
  fc.constantFrom('include=input,storage,artifacts', "a='b'", 'x=<y>', 'q=a b', 'c=%zz'),
);

describe('upstream call target', () => {
  it('is what the URL parser makes of the joined URL, for any base, path and query', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASE_URLS), pathArb, queryArb, (baseUrl, path, query) => {
        expect(upstreamTarget(baseUrl, plainBasePath(baseUrl), path, query)).toBe(parsedTarget(baseUrl, path, query));
      }),
      { numRuns: 500 },
    );
  });

  it('joins a base written as a URL serialises it without parsing, and parses any other', () => {
    expect(plainBasePath('http://127.0.0.1:8080/v2')).toBe('/v2');
    expect(plainBasePath('https://api.example.com')).toBe('');
    expect(plainBasePath('https://API.example.com:443/v2')).toBeNull();
    expect(plainBasePath('http://h/v2?x=1')).toBeNull();
  });
});
