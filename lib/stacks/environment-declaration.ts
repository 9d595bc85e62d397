import { Annotations, Stack, Stage, Tags, Validations } from 'aws-cdk-lib';
import { EnvironmentProfile } from '../config/environment-profile';
import { declarePolicy } from '../guarantees/estimate/declared-policy';
import { ENVIRONMENT_METADATA, EnvironmentSettings } from '../guarantees/model/environment-settings';
import { checkStackLimitsAtSynth } from '../limits/stack-limits';
import { GUARANTEES_OF_WARNING } from '../warnings';

/**
 * Applies the profile's acknowledged warnings (and the guarantee checks each one stands for) to
 * the Stage, and tags it with the environment. Call it before the stacks are built: the
 * acknowledgements must exist before the constructs that raise the warnings.
 */
export function acknowledgeEnvironment(stage: Stage, profile: EnvironmentProfile): void {
  for (const [warningId, reason] of Object.entries(profile.acknowledgedWarnings)) {
    Annotations.of(stage).acknowledgeWarning(warningId, reason);
    for (const checkId of GUARANTEES_OF_WARNING[warningId] ?? []) {
      Validations.of(stage).acknowledge({ id: `cdk-ha-blueprint::${checkId}`, reason });
    }
  }
  Tags.of(stage).add('ha:environment', profile.name);
}

/**
 * Writes the environment's rules into every stack's template, so that whoever judges the
 * templates alone (the synth plugin, `cdk-ha-check` in a pipeline) judges them as the Stage does;
 * and judges every stack against CloudFormation's per-stack limits. Call it after the stacks are built.
 */
export function declareEnvironment(stage: Stage, profile: EnvironmentProfile): void {
  const settings: EnvironmentSettings = {
    name: profile.name,
    strict: profile.strict,
    availabilityZones: profile.availabilityZones,
    minimumAzs: profile.availability.minAvailabilityZones,
    warningChecks: profile.guaranteeWarnings ?? [],
    acknowledgements: Object.entries(profile.acknowledgedWarnings).flatMap(([warningId, reason]) =>
      (GUARANTEES_OF_WARNING[warningId] ?? []).map((checkId) => ({ checkId, reason })),
    ),
    externalAlarmSubscribers: profile.monitoring.externalAlarmSubscribers ?? [],
    availabilityPolicy: declarePolicy(profile.availability),
  };
  // Every stack of the Stage, the per-service ones included: the engine judges them together.
  for (const stack of stage.node.children.filter(Stack.isStack)) {
    checkStackLimitsAtSynth(stack);
    stack.templateOptions.metadata = { ...stack.templateOptions.metadata, [ENVIRONMENT_METADATA]: settings };
  }
}
