/**
 * The simulated clock: wall time at construction, moving at `speed` times real time, plus whatever
 * was added by `advance()`. Speed 0 freezes it so tests move time only by hand.
 */
export class SimClock {
  private readonly realStart = performance.now();
  private readonly simStart: number;
  private manualOffsetMs = 0;

  constructor(
    private readonly speed: number,
    startAt: number = Date.now(),
  ) {
    if (!Number.isFinite(speed) || speed < 0) throw new Error(`clock speed must be >= 0, got ${speed}`);
    this.simStart = startAt;
  }

  now(): number {
    return Math.floor(this.simStart + (performance.now() - this.realStart) * this.speed + this.manualOffsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`can only advance by a non-negative number, got ${ms}`);
    this.manualOffsetMs += ms;
  }
}
