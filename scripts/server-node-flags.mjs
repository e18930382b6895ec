/**
 * The node options production starts the server with (`npm start`, the Dockerfile; the benchmark
 * starts the server it measures with them too). src/server/production-launch.test.ts keeps those
 * places in step with this list.
 *
 * `--max-semi-space-size=64` (MB; Node 20's default is 16): a run's cached copy lives for its reuse
 * window, a second or two, longer than the young generation lasted between collections under load,
 * so most copies were copied once and then moved to the old generation, to be freed only by a full
 * collection. With room for a few seconds of reads in the young generation they die there: in
 * bench/bff-overhead.ts a pass-through read cost about 0.07 ms less CPU (of ~0.55), most of it the
 * collector's helper threads, for about 40 MB more resident memory.
 */
export const SERVER_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=64'];
