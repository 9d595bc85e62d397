import { Duration } from 'aws-cdk-lib';
import { AvailabilityPolicy, FAILURE_MODES, FailureMode } from '../../config/availability-policy';

/** An {@link AvailabilityPolicy} as template metadata holds it: plain JSON, bounds in seconds. */
export interface DeclaredAvailabilityPolicy {
  readonly targetAvailabilityPercent: number;
  readonly minAvailabilityZones: number;
  /**
   * Per failure mode, and for the loss of the Region (`region`), the most seconds of downtime (RTO)
   * and of lost writes (RPO); absent means unbounded.
   */
  readonly bounds: Partial<Record<FailureMode | 'region', { maxRtoSeconds?: number; maxRpoSeconds?: number }>>;
}

/** The policy in the form written into every template of the environment. */
export function declarePolicy(policy: AvailabilityPolicy): DeclaredAvailabilityPolicy {
  return {
    targetAvailabilityPercent: policy.targetAvailabilityPercent,
    minAvailabilityZones: policy.minAvailabilityZones,
    bounds: Object.fromEntries(
      [...FAILURE_MODES, ...(policy.region ? (['region'] as const) : [])].map((mode) => [
        mode,
        { maxRtoSeconds: policy[mode]?.maxRto?.toSeconds(), maxRpoSeconds: policy[mode]?.maxRpo?.toSeconds() },
      ]),
    ),
  };
}

/** The policy back from its declared form, for `estimateAvailability`. */
export function policyOf(declared: DeclaredAvailabilityPolicy): AvailabilityPolicy {
  const bounds = (mode: FailureMode | 'region') => {
    const b = declared.bounds?.[mode] ?? {};
    return {
      maxRto: b.maxRtoSeconds === undefined ? undefined : Duration.seconds(b.maxRtoSeconds),
      maxRpo: b.maxRpoSeconds === undefined ? undefined : Duration.seconds(b.maxRpoSeconds),
    };
  };
  return {
    targetAvailabilityPercent: declared.targetAvailabilityPercent,
    minAvailabilityZones: declared.minAvailabilityZones,
    instance: bounds('instance'),
    az: bounds('az'),
    databasePrimary: bounds('databasePrimary'),
    cachePrimary: bounds('cachePrimary'),
    ...(declared.bounds?.region ? { region: bounds('region') } : {}),
  };
}
