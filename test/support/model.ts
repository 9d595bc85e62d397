import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnTemplate, environmentOfAssemblyStacks, EnvironmentModel } from '../../lib';

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
    })),
    stacks[0]?.region,
  );
}
