import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  CfnTemplate,
  checkEnvironment,
  environmentOfAssemblyStacks,
  EnvironmentModel,
  EnvironmentProfile,
  HaStage,
  pairEnvironments,
  PLACEHOLDER_ACCOUNT,
  PROFILES,
} from '../../lib';
import { defaultAppEnvironments, defaultAppTemplates } from './default-app';
import { testApp } from './test-app';

/** One environment of the given templates (a single stack each, named Stack1, Stack2, ...), for the checks. */
export function modelOf(...templates: Array<CfnTemplate | Record<string, any>>): EnvironmentModel {
  return new EnvironmentModel(
    templates.map((template, i) => ({ stackName: `Stack${i + 1}`, artifactId: `Stack${i + 1}`, template: template as CfnTemplate })),
    'us-east-1',
  );
}

/** The environment model of a synthesized Stage, read from its assembly as `cdk synth` writes it. */
export function modelOfStage(stage: Stage): EnvironmentModel {
  const assembly = stage.synth();
  return environmentOfAssemblyStacks(assembly.stacks.map((s) => s.templateFullPath)).model;
}

/** The environment model of stacks synthesized with `Template.fromStack` (which runs the app's synthesis once). */
export function modelOfStacks(stacks: readonly Stack[]): EnvironmentModel {
  return new EnvironmentModel(
    stacks.map((stack) => ({
      stackName: stack.stackName,
      artifactId: stack.artifactId,
      template: Template.fromStack(stack).toJSON() as CfnTemplate,
      region: stack.region,
    })),
    stacks[0]?.region,
  );
}

/**
 * An environment's templates by stack name, synthesized once from a profile with no validation
 * plugin (the tests judge them). DEV, STAGING and PROD as they are are read from the default app
 * synthesized once per run (default-app.ts: the same templates); any other profile is synthesized here.
 */
export function synthEnvironment(profile: EnvironmentProfile): Record<string, CfnTemplate> {
  if (PROFILES.includes(profile)) {
    return defaultAppTemplates(profile.name);
  }
  const app = testApp();
  const stage = new HaStage(app, profile.name, { profile, account: PLACEHOLDER_ACCOUNT });
  const assembly = stage.synth();
  return Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template as CfnTemplate]));
}

/**
 * An environment model of templates by stack name (deep-copied, so tests may edit the originals
 * freely). When the templates declare a standby of the default app (prod's `prod-us-west-2`), it is
 * paired with that standby as `cdk synth` pairs them, so the environment is judged as a whole.
 */
export function modelOfTemplates(templates: Record<string, CfnTemplate>, region = 'us-east-1'): EnvironmentModel {
  const model = unpairedModel(templates, region);
  const standby = model.settings.standby;
  if (standby && defaultAppEnvironments().includes(standby.name)) {
    pairEnvironments([model, unpairedModel(standbyTemplates(standby.name), standby.region)]);
  }
  return model;
}

const STANDBY_TEMPLATES = new Map<string, Record<string, CfnTemplate>>();

/** A default-app standby's templates, read from disk once per suite: the mutation suites pair every model with them. */
function standbyTemplates(name: string): Record<string, CfnTemplate> {
  let templates = STANDBY_TEMPLATES.get(name);
  if (!templates) {
    templates = defaultAppTemplates(name);
    STANDBY_TEMPLATES.set(name, templates);
  }
  return templates;
}

function unpairedModel(templates: Record<string, CfnTemplate>, region: string): EnvironmentModel {
  return new EnvironmentModel(
    Object.entries(structuredClone(templates)).map(([stackName, template]) => ({ stackName, artifactId: stackName, template })),
    region,
  );
}

/** The logical ID of the one resource of `type` whose ID starts with `prefix` (logical IDs end in a hash). */
export function resourceId(resources: Record<string, any>, prefix: string, type: string): string {
  const found = Object.keys(resources).filter((k) => k.startsWith(prefix) && resources[k].Type === type);
  if (found.length !== 1) {
    throw new Error(`${found.length} resources of type ${type} start with ${prefix}`);
  }
  return found[0];
}

/** The one resource of `type` whose logical ID starts with `prefix`. */
export function resourceOf(resources: Record<string, any>, prefix: string, type: string): any {
  return resources[resourceId(resources, prefix, type)];
}

/** The ids of the checks that report an error after `mutate` is applied to a copy of the templates. */
export function errorIdsAfter<T extends Record<string, CfnTemplate>>(templates: T, mutate: (t: T) => void): string[] {
  const copy = structuredClone(templates);
  mutate(copy);
  return checkEnvironment(modelOfTemplates(copy))
    .filter((f) => f.severity === 'error')
    .map((f) => f.checkId);
}
