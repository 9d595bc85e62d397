const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest, heaviest first, by CPU seconds measured on 2 cores (docs/development.md).
 * Jest runs the slowest suites first only when its cache holds their timings; on a fresh clone it
 * has none and orders by file size, which put the longest suite (a short file) last, with one
 * worker idle meanwhile. A new heavy suite belongs here; a missing one only runs later.
 */
const HEAVY = [
  'test/stacks/synth-validation.test.ts', // CloudFormation's validator over every App that needs it
  'test/packaging.test.ts', // packs the npm package that examples.test.ts also uses
  'test/stacks/scale.test.ts',
  'test/web/ha-web-tier.test.ts',
  'test/limits/limits.test.ts',
  'test/network/ha-network.test.ts',
  'test/stacks/standby-stage.test.ts',
  'test/guarantees/properties.test.ts',
  'test/examples.test.ts',
  'test/ops/status-cli.test.ts',
  'test/bin-app.test.ts',
];

/** Jest's own order when it knows the timings; otherwise the known heavy suites first, the rest by file size. */
class HeavyFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) {
      return sorted;
    }
    const rank = (test) => {
      const i = HEAVY.findIndex((path) => test.path.endsWith(path));
      return i < 0 ? HEAVY.length : i;
    };
    // Array.prototype.sort is stable: the rest keep Jest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = HeavyFirstSequencer;
