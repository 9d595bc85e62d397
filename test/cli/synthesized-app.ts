import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { addEnvironments, EnvironmentProfile } from '../../lib';
import { defaultAppAssembly, setWritable } from '../support/default-app';
import { CDK_JSON_CONTEXT } from '../support/test-app';

/**
 * The default app (dev, staging, prod and prod's standby), or an app of the profiles given, as
 * `cdk synth '**'` synthesizes it (validator off, guarantee reports written), in a temporary
 * directory the caller owns and removes. The default app is a writable copy of the run's shared
 * one; a suite that only reads the assembly uses the shared one itself (`defaultAppAssembly()`).
 *
 * @returns the cloud assembly directory (the `cdk.out`)
 */
export function synthesizeDefaultApp(profiles?: readonly EnvironmentProfile[]): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-cli-')), 'assembly');
  if (profiles) {
    const app = new App({ context: CDK_JSON_CONTEXT, outdir, builtinCloudFormationValidation: false });
    addEnvironments(app, { profiles });
    app.synth();
  } else {
    cpSync(defaultAppAssembly(), outdir, { recursive: true });
    setWritable(outdir, true);
  }
  return outdir;
}

/**
 * A copy of one Stage's assembly with every template passed through `mutate`, the way an escape
 * hatch or a hand edit would change it after synthesis.
 */
export function mutatedAssembly(assembly: string, mutate: (template: any) => void): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'cdk-ha-blueprint-mutated-')), 'assembly');
  cpSync(assembly, copy, { recursive: true });
  setWritable(copy, true); // the shared default app is read-only
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
