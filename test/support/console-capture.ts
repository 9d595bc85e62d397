import { format } from 'util';

/**
 * Keeps a passing run quiet: console output during a test is captured, not printed. Output the
 * suite expects is dropped: aws-cdk-lib's synth-time validation report, printed whenever a
 * template has an annotation warning (tests assert those warnings with `Annotations.fromStack`),
 * and jsii's notice when a test uses a deprecated API on purpose. Anything else fails the test
 * that printed it, with the output, so a new warning is seen once and then asserted or fixed.
 */
const EXPECTED = [/A copy of this report can be found in: /, /^warn: \[WARNING\] aws-cdk-lib\.[\w.#]+ is deprecated/];

const captured: string[] = [];

for (const level of ['log', 'info', 'warn', 'error'] as const) {
  jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    captured.push(`${level}: ${format(...args)}`);
  });
}

beforeEach(() => {
  captured.length = 0;
});

afterEach(() => {
  const unexpected = captured.filter((line) => !EXPECTED.some((pattern) => pattern.test(line)));
  captured.length = 0;
  if (unexpected.length > 0) {
    throw new Error(`unexpected console output (assert it in the test, or fix its cause):\n${unexpected.join('\n')}`);
  }
});

/** What the current test printed so far, for a test that asserts on its own output. */
export function consoleOutput(): readonly string[] {
  return [...captured];
}
