import { Annotations, Stack, Stage, Tags, Validations } from 'aws-cdk-lib';
import { EnvironmentProfile } from '../config/environment-profile';
import { standbyName } from '../config/standby-profile';
import { declarePolicy } from '../guarantees/estimate/declared-policy';
import { ENVIRONMENT_METADATA, EnvironmentSettings, PrimaryDeclaration } from '../guarantees/model/environment-settings';
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
 *
 * A profile with `secondaryRegion` declares its standby (`standby`: name and Region); a standby
 * Stage passes `standbyFor` (its primary's name, Region and account), so that the HA-REG checks
 * judge the two Regions' templates together (docs/adr/0083).
 *
 * @param standbyFor the primary a warm standby stands by for; only `HaStandbyStage` passes it
 */
export function declareEnvironment(stage: Stage, profile: EnvironmentProfile, standbyFor?: PrimaryDeclaration): void {
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
    ...(profile.secondaryRegion ? { standby: { name: standbyName(profile), region: profile.secondaryRegion.region } } : {}),
    ...(standbyFor ? { standbyFor } : {}),
  };
  // Every stack of the Stage, the per-service ones included: the engine judges them together.
  for (const stack of stage.node.children.filter(Stack.isStack)) {
    checkStackLimitsAtSynth(stack);
    stack.templateOptions.metadata = { ...stack.templateOptions.metadata, [ENVIRONMENT_METADATA]: settings };
  }
}
