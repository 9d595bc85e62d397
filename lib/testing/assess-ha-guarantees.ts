import { existsSync } from 'fs';
import { join } from 'path';
import { Errors, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { environmentsOfAssembly } from '../guarantees/model/load-environments';
import { pairEnvironments } from '../guarantees/model/region-pair';
import { checkEnvironment } from '../guarantees/run-checks';
import { Finding } from '../guarantees/template-model';

/** One environment of the synthesized scope, with what the guarantee checks found in it. */
export interface AssessedEnvironment {
  /** The Stage's name (`prod`), or the assembly directory's for an App's own stacks. */
  readonly name: string;
  /** Every finding, with the severity the environment gives it. */
  readonly findings: Finding[];
}

/** What the guarantee checks say about a synthesized App, Stage or Stack. */
export interface HaGuaranteesAssessment {
  /** The construct path of what was judged (`prod`, `prod/Web`), or `(app)` for an App. */
  readonly subject: string;
  /** The cloud assembly directory that was read. */
  readonly directory: string;
  readonly environments: AssessedEnvironment[];
  /** Every error finding, across environments: the subject meets its guarantees when this is empty. */
  readonly errors: Finding[];
  /** Every warning finding (acknowledged or from a non-strict environment). */
  readonly warnings: Finding[];
}

/**
 * Synthesizes an App, a Stage or a Stack, reads the cloud assembly through its manifest and runs
 * every guarantee check over each environment, as `cdk synth` and `cdk-ha-check` do.
 *
 * aws-cdk-lib's CloudFormation validator is switched off for the synthesis (it costs seconds
 * and judges something else). When validation plugins registered on the App or Stage (such as
 * `HaGuaranteesPlugin`) fail the synthesis, the assembly already on disk is judged instead, so
 * the caller gets the findings rather than the plugin's exception.
 *
 * A Stack is judged with the other stacks of its Stage (facts such as subnets live there), and
 * only the findings on that Stack count.
 */
export function assessHaGuarantees(subject: IConstruct): HaGuaranteesAssessment {
  const stack = Stack.isStack(subject) ? subject : undefined;
  const stage = stack ? Stage.of(stack) : Stage.isStage(subject) ? subject : undefined;
  if (!stage) {
    throw new TypeError(`assessHaGuarantees: ${subject.node.path || 'the subject'} is not an App, a Stage or a Stack`);
  }
  const directory = synthesizeWithoutValidator(stage);
  const loaded = environmentsOfAssembly(directory);
  // A warm standby and its primary are judged as a pair (ADR 0083): a Stage's peer is read from its
  // sibling Stage of that name (judged for the pairing, not reported); a peer that is not in the
  // App leaves the HA-REG checks failing closed.
  pairEnvironments([...loaded, ...peerStagesOf(stage, loaded)].map((e) => e.model));
  const environments = loaded
    .map(({ name, model }) => ({ name, findings: checkEnvironment(model) }))
    .map((e) => (stack ? { ...e, findings: e.findings.filter((f) => f.stack === stack.stackName) } : e));
  if (environments.length === 0) {
    throw new TypeError(
      `assessHaGuarantees: the cloud assembly of ${subject.node.path || '(app)'} holds no stacks, so nothing can be judged`,
    );
  }
  const all = environments.flatMap((e) => e.findings);
  return {
    subject: subject.node.path || '(app)',
    directory,
    environments,
    errors: all.filter((f) => f.severity === 'error'),
    warnings: all.filter((f) => f.severity === 'warning'),
  };
}

/** The environments of the sibling Stages that `loaded` declares as its Region-pair peers and does not hold. */
function peerStagesOf(stage: Stage, loaded: ReturnType<typeof environmentsOfAssembly>): ReturnType<typeof environmentsOfAssembly> {
  const names = new Set(loaded.map((e) => e.name));
  const peers = loaded
    .flatMap(({ model }) => [model.settings.standby?.name, model.settings.standbyFor?.name])
    .filter((name): name is string => name !== undefined && !names.has(name));
  return [...new Set(peers)].flatMap((name) => {
    const sibling = stage.node.scope?.node.tryFindChild(name);
    return sibling && Stage.isStage(sibling) ? environmentsOfAssembly(synthesizeWithoutValidator(sibling)) : [];
  });
}

/** The assembly directory of a synthesized Stage (or App), with the built-in validator off. */
function synthesizeWithoutValidator(stage: Stage): string {
  const previous = process.env.CDK_VALIDATION;
  // aws-cdk-lib reads this at validation time; an App's own setting cannot change after it is made.
  process.env.CDK_VALIDATION = 'false';
  try {
    return stage.synth().directory;
  } catch (error) {
    // A failing validation plugin throws after the assembly is written: judge what was written.
    if (Errors.isValidationError(error) && existsSync(join(stage.outdir, 'manifest.json'))) {
      return stage.outdir;
    }
    throw error;
  } finally {
    if (previous === undefined) {
      delete process.env.CDK_VALIDATION;
    } else {
      process.env.CDK_VALIDATION = previous;
    }
  }
}
