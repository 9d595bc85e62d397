import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { PLACEHOLDER_ACCOUNT } from '../../lib';

/**
 * The context of cdk.json: feature flags and AZ lookups. Tests do not read cdk.json by
 * themselves (aws-cdk#17553), so every test App gets it here to match `cdk synth`.
 */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/** Options for {@link testApp}. */
export interface TestAppOptions {
  /** Run aws-cdk-lib's CloudFormation validator (~5 s per App); only the dedicated test does. */
  readonly validation?: boolean;
  /** Extra context on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
}

/** An App configured as `cdk synth` configures the real one. */
export function testApp(options: TestAppOptions = {}): App {
  return new App({
    context: { ...CDK_JSON_CONTEXT, ...options.context },
    builtinCloudFormationValidation: options.validation ?? false,
  });
}

/** A stack pinned to the placeholder account in us-east-1, whose AZs are in cdk.json's context. */
export function testStack(app: App = testApp(), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' } });
}
