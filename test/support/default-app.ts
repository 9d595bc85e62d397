import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { addEnvironments, CfnTemplate, PROFILES, standbyName } from '../../lib';
import { CDK_JSON_CONTEXT } from './test-app';

/**
 * The default app (dev, staging, prod) synthesized once per Jest run, shared by every suite that
 * only reads its templates. Synthesizing it costs ~3 s of CPU a time; a dozen suites used to do it
 * each. global-setup.ts writes it; global-teardown.ts removes it.
 *
 * Reading from it:
 * - `defaultAppTemplates('prod')`: one environment's templates by stack name, fresh copies to edit freely;
 * - `defaultAppStacks()`: every stack with its Stage, construct id and template, in synthesis order;
 * - `defaultAppAssembly()`: the cloud assembly directory, for tests that hand it to a CLI. It is
 *   read-only: a test that edits an assembly copies it first (`mutatedAssembly` in test/cli).
 * - `synthEnvironment(DEV | STAGING | PROD)` (test/support/model.ts) reads from here by itself.
 *
 * A test that needs the constructs (`stage.webStack`, `Annotations.fromStack`) or a changed
 * profile synthesizes its own App, as before.
 */

/** One stack of the shared default app. */
export interface DefaultAppStack {
  /** The Stage: `dev`, `staging` or `prod`. */
  readonly stage: string;
  /** The stack's construct id in its Stage: `Network`, `Data`, `Web`... */
  readonly id: string;
  /** The deployed stack name: `prod-Web`. */
  readonly stackName: string;
  /** The template file's absolute path in the shared assembly. */
  readonly templateFile: string;
  /** The template, parsed afresh for the caller. */
  readonly template: CfnTemplate;
}

/** The environment variable by which global-setup.ts hands the assembly's directory to the suites. */
export const DEFAULT_APP_VARIABLE = 'CDK_HA_TEST_SYNTH';

/**
 * Synthesizes the default app as `cdk synth '**'` does, into `outdir`, without aws-cdk-lib's
 * CloudFormation validator (~5 s per App; test/stacks/synth-validation.test.ts runs it): the
 * guarantees and cdk-nag run and the guarantees write each environment's reports. Then makes the
 * assembly read-only, so that a suite that writes into it fails instead of changing what the others read.
 */
export function synthesizeDefaultApp(outdir: string): void {
  const app = new App({ context: CDK_JSON_CONTEXT, outdir, builtinCloudFormationValidation: false });
  addEnvironments(app);
  app.synth();
  setWritable(outdir, false);
}

/** Makes a directory tree writable again (for its removal) or read-only. */
export function setWritable(directory: string, writable: boolean): void {
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      setWritable(path, writable);
    } else {
      chmodSync(path, writable ? 0o644 : 0o444);
    }
  }
  chmodSync(directory, writable ? 0o755 : 0o555);
}

/** The shared default app's cloud assembly directory (read-only); fails when Jest ran without the project's globalSetup. */
export function defaultAppAssembly(): string {
  const directory = process.env[DEFAULT_APP_VARIABLE];
  if (directory && existsSync(`${directory}.error`)) {
    throw new Error(`The default app did not synthesize (test/support/global-setup.ts):\n${readFileSync(`${directory}.error`, 'utf8')}`);
  }
  if (!directory || !existsSync(join(directory, 'manifest.json'))) {
    throw new Error('No shared default app: run the tests with the jest.config.js of the repository (its globalSetup synthesizes it once)');
  }
  return directory;
}

/** Every stack of the shared default app, Stage by Stage (dev, staging, prod), in the order synthesis lists them. */
export function defaultAppStacks(): DefaultAppStack[] {
  return PROFILES.flatMap((profile) => stacksOfStage(profile.name));
}

/** One environment's templates of the shared default app by stack name (`prod-Web`), parsed afresh: edit them freely. */
export function defaultAppTemplates(environment: string): Record<string, CfnTemplate> {
  if (!defaultAppEnvironments().includes(environment)) {
    throw new Error(`The default app has no environment '${environment}'; it has ${defaultAppEnvironments().join(', ')}`);
  }
  return Object.fromEntries(stacksOfStage(environment).map((s) => [s.stackName, s.template]));
}

/** The default app's environments: each profile's, and its standby's (`prod-us-west-2`) when it has one. */
export function defaultAppEnvironments(): string[] {
  return PROFILES.flatMap((p) => (p.secondaryRegion ? [p.name, standbyName(p)] : [p.name]));
}

function stacksOfStage(stage: string): DefaultAppStack[] {
  const directory = join(defaultAppAssembly(), `assembly-${stage}`);
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.artifacts)
    .filter((artifact) => artifact.type === 'aws:cloudformation:stack')
    .map((artifact) => {
      const templateFile = join(directory, artifact.properties.templateFile);
      return {
        stage,
        // displayName is the construct path below the app: `prod/Web`.
        id: String(artifact.displayName).split('/')[1],
        stackName: artifact.properties.stackName ?? String(artifact.displayName).replace('/', '-'),
        templateFile,
        template: JSON.parse(readFileSync(templateFile, 'utf8')),
      };
    });
}
