/**
 * npm run bench (second part): how long the guarantee engine takes per stack, on the templates of
 * each built-in environment, next to a baseline measured in the same run on the same templates
 * (a deep copy of them, the least any reader of the JSON does). The target is absolute, from
 * issue 9: the checks take at most 50 ms per stack.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { CfnTemplate, checkEnvironment, EnvironmentModel, HaStage, PLACEHOLDER_ACCOUNT, PROFILES } from '../lib';

const ROOT = join(__dirname, '..', '..');
const CONTEXT = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
const RUNS = 21;
const MAX_MS_PER_STACK = 50;

function median(run: () => void): number {
  const times = Array.from({ length: RUNS }, () => {
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  }).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

function main(): void {
  const app = new App({ context: CONTEXT, builtinCloudFormationValidation: false });
  const stages = PROFILES.map((profile) => new HaStage(app, profile.name, { profile, account: PLACEHOLDER_ACCOUNT }));
  const assembly = app.synth();
  let missed = 0;
  for (const stage of stages) {
    const stacks = assembly.getNestedAssembly(stage.artifactId).stacks;
    const templates = stacks.map((s) => ({ stackName: s.stackName, artifactId: s.id, template: s.template as CfnTemplate }));
    const baseline = median(() => structuredClone(templates));
    const engine = median(() => checkEnvironment(new EnvironmentModel(templates, stage.region)));
    const perStack = engine / templates.length;
    const ok = perStack <= MAX_MS_PER_STACK;
    missed += ok ? 0 : 1;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} checks of ${stage.stageName} (${templates.length} stacks): ${engine.toFixed(1)} ms, ${perStack.toFixed(1)} ms per stack ` +
        `(target <= ${MAX_MS_PER_STACK} ms), ${(engine / baseline).toFixed(1)}x a deep copy of the same templates (${baseline.toFixed(1)} ms)`,
    );
  }
  process.exitCode = missed > 0 ? 1 : process.exitCode;
}

main();
