import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { addEnvironments, EnvironmentProfile } from '../../lib';
import { CDK_JSON_CONTEXT } from '../support/test-app';

/**
 * Synthesizes the default app (dev, staging, prod), or an app of the profiles given, as `cdk synth '**'` does, into a temporary
 * directory, without aws-cdk-lib's CloudFormation validator (~5 s per App, judged elsewhere).
 * The guarantee plugin runs, as in `cdk synth`, and writes each environment's reports.
 *
 * @returns the cloud assembly directory (the `cdk.out`)
 */
export function synthesizeDefaultApp(profiles?: readonly EnvironmentProfile[]): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-cli-'));
  const app = new App({ context: CDK_JSON_CONTEXT, outdir, builtinCloudFormationValidation: false });
  addEnvironments(app, profiles ? { profiles } : {});
  app.synth();
  return outdir;
}

/**
 * A copy of one Stage's assembly with every template passed through `mutate`, the way an escape
 * hatch or a hand edit would change it after synthesis.
 */
export function mutatedAssembly(assembly: string, mutate: (template: any) => void): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-mutated-')), 'assembly');
  cpSync(assembly, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  for (const artifact of Object.values<any>(manifest.artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const path = join(copy, artifact.properties.templateFile);
      const template = JSON.parse(readFileSync(path, 'utf8'));
      mutate(template);
      writeFileSync(path, JSON.stringify(template));
    }
  }
  return copy;
}

/** Every resource of a type in a template. */
export function resourcesOf(template: any, type: string): any[] {
  return Object.values<any>(template.Resources ?? {}).filter((r) => r.Type === type);
}
