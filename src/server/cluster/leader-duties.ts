import type { Logger } from '../logger';
import type { LeaderElection } from './leader';

/** Something only the leader runs; started afresh each time this replica becomes leader. */
export interface RunningDuty {
  stop(): void | Promise<void>;
}

export interface LeaderDuty {
  name: string;
  start(): RunningDuty | Promise<RunningDuty>;
}

/**
 * Starts every duty when this replica becomes leader and stops them when it no longer is (or at
 * shutdown). Changes are applied one after another, so a quick lose-and-win never runs two copies.
 */
export class LeaderDuties {
  readonly #duties: LeaderDuty[] = [];
  readonly #running = new Map<string, RunningDuty>();
  readonly #log: Logger;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(election: LeaderElection, log: Logger) {
    this.#log = log.child({ component: 'leader' });
    election.onChange((leading) => {
      this.#chain = this.#chain.then(() => (leading && !this.#closed ? this.#startAll() : this.#stopAll()));
    });
  }

  add(duty: LeaderDuty): void {
    this.#duties.push(duty);
  }

  /** Names of the duties running in this process now. */
  running(): string[] {
    return [...this.#running.keys()];
  }

  /** Stops what runs and never starts anything again. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#chain = this.#chain.then(() => this.#stopAll());
    await this.#chain;
  }

  async #startAll(): Promise<void> {
    for (const duty of this.#duties) {
      if (this.#running.has(duty.name)) continue;
      try {
        this.#running.set(duty.name, await duty.start());
      } catch (error) {
        this.#log.error('a leader duty could not start', { duty: duty.name, error });
      }
    }
  }

  async #stopAll(): Promise<void> {
    for (const [name, running] of [...this.#running].reverse()) {
      this.#running.delete(name);
      try {
        await running.stop();
      } catch (error) {
        this.#log.error('a leader duty did not stop cleanly', { duty: name, error });
      }
    }
  }
}
