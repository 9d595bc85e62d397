// Test helpers for users' own test suites, published as `cdk-ha-blueprint/testing` (ADR 0040).
// Nothing here imports a test framework: the user registers the matchers with `expect.extend`.
export * from './assess-ha-guarantees';
export * from './ha-guarantees-matchers';
