/**
 * Figures measured in rounds. One run of a benchmark on a shared machine can be off by a noisy
 * neighbour, so every headline figure is measured in at least three rounds, interleaved with the
 * figures it is compared against, and reported as the median of the rounds with their spread.
 */

/** A figure's value in each round, with the median and the range of those values. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  /** The value of each round, in the order the rounds ran. */
  rounds: number[];
}

/** Fewer rounds than this cannot tell a regression from a noisy neighbour. */
export const MIN_ROUNDS = 3;
/** A figure whose rounds spread over more than this share of its median is too noisy to judge. */
export const SPREAD_LIMIT = 0.25;

/** Met or missed by the median; unclear when the rounds disagree and spread too wide, or are too few. */
export type Verdict = 'met' | 'missed' | 'unclear';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  if (values.some((v) => !Number.isFinite(v))) throw new Error(`median of a value that is not a finite number: ${values.join(', ')}`);
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function figureOf(rounds: readonly number[]): Figure {
  const mid = median(rounds);
  return { median: mid, min: Math.min(...rounds), max: Math.max(...rounds), rounds: [...rounds] };
}

/**
 * A ratio computed round by round (round i's numerator over round i's denominator), so the drift
 * of a shared machine over the run cancels out within each round instead of piling up in one side.
 */
export function ratioFigure(numerators: readonly number[], denominators: readonly number[]): Figure {
  if (numerators.length !== denominators.length) {
    throw new Error(`a ratio needs the same rounds on both sides: ${numerators.length} against ${denominators.length}`);
  }
  return figureOf(
    numerators.map((n, i) => {
      const d = denominators[i]!;
      if (d === 0) throw new Error(`round ${i + 1}: ratio over zero`);
      return n / d;
    }),
  );
}

/** (max − min) / |median|; 0 when every round gave the same value, Infinity around a median of 0. */
export function relativeSpread(figure: Figure): number {
  const range = figure.max - figure.min;
  if (range === 0) return 0;
  return figure.median === 0 ? Number.POSITIVE_INFINITY : range / Math.abs(figure.median);
}

/** Why a figure cannot be trusted as it stands, or null when its rounds agree well enough. */
export function noiseProblem(figure: Figure): string | null {
  if (figure.rounds.length < MIN_ROUNDS) return `only ${figure.rounds.length} round${figure.rounds.length === 1 ? '' : 's'}`;
  const spread = relativeSpread(figure);
  if (spread > SPREAD_LIMIT) {
    return `spread too wide (${Number.isFinite(spread) ? `${Math.round(spread * 100)} %` : 'around 0'} of the median, over ${SPREAD_LIMIT * 100} %)`;
  }
  return null;
}

/**
 * Judges a figure against an upper limit. The median decides, unless the figure is too noisy and
 * its rounds fall on both sides of the limit: then the run cannot tell, and says so. A noisy figure
 * whose every round is on the same side still gets a verdict (the noise cannot have changed it).
 */
export function judgeAtMost(figure: Figure, limit: number): Verdict {
  if (figure.rounds.length < MIN_ROUNDS) return 'unclear';
  const byMedian: Verdict = figure.median <= limit ? 'met' : 'missed';
  if (noiseProblem(figure) === null) return byMedian;
  if (figure.max <= limit) return 'met';
  if (figure.min > limit) return 'missed';
  return 'unclear';
}

/**
 * Runs each step once per round, every step in every round, so slow drift of the machine hits all
 * of them alike; the order rotates each round so no step always runs first (cold) or last.
 */
export async function interleavedRounds<T>(rounds: number, steps: readonly { name: string; run: (round: number) => Promise<T> }[]): Promise<Map<string, T[]>> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive whole number, not ${rounds}`);
  const names = new Set(steps.map((s) => s.name));
  if (names.size !== steps.length) throw new Error('every step of a round needs its own name');
  const results = new Map<string, T[]>(steps.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < steps.length; k++) {
      const step = steps[(round + k) % steps.length]!;
      results.get(step.name)!.push(await step.run(round));
    }
  }
  return results;
}
