/** Thrown when the overall deadline passes; names the step that was waiting. */
export class DeadlineExceeded extends Error {
  constructor(
    /** What was being waited for, e.g. `DescribeAlarms`. */
    public readonly step: string,
    /** The deadline, in seconds. */
    public readonly seconds: number,
  ) {
    super(`${step} did not finish within ${seconds} s`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * One overall deadline for a run of the CLI. Every CloudWatch call gets its abort signal, so a
 * call still waiting is cancelled (its socket closed); and every step is raced against it,
 * because some waits (resolving credentials) take no signal.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  private step = 'starting';

  /**
   * @param seconds the overall deadline, named in the error
   * @param alreadySpentMs time of the run already spent under the same overall deadline (a
   *   deadline of its own for a step that runs beside others still ends when the run's does)
   */
  constructor(
    public readonly seconds: number,
    alreadySpentMs = 0,
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(new DeadlineExceeded(this.step, seconds)), { once: true });
    });
    this.expired.catch(() => undefined); // rejected only for whoever is racing it
    this.timer = setTimeout(() => this.controller.abort(), Math.max(0, seconds * 1000 - alreadySpentMs));
  }

  /** The step running now (or the last one), for error messages. */
  public get currentStep(): string {
    return this.step;
  }

  /** Cancels every call in flight when the deadline passes. */
  public get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Runs one step against the deadline.
   *
   * @param step what the step waits for, named in the error if the deadline passes first
   */
  public async run<T>(step: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.step = step;
    if (this.controller.signal.aborted) {
      throw new DeadlineExceeded(step, this.seconds);
    }
    try {
      return await Promise.race([work(this.controller.signal), this.expired]);
    } catch (error) {
      // The SDK's own AbortError, when the signal beat the race: report the deadline instead.
      throw this.controller.signal.aborted ? new DeadlineExceeded(step, this.seconds) : error;
    }
  }

  /** Stops the timer, so that a finished run exits at once. */
  public dispose(): void {
    clearTimeout(this.timer);
  }
}
