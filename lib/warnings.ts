import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * Ids of the warnings this library raises for legal but availability-weakening choices.
 *
 * Acknowledge one on purpose with
 * `Annotations.of(scope).acknowledgeWarning(HaWarnings.REDUCED_NAT_GATEWAYS, 'why')`.
 */
export const HaWarnings = {
  /** Fewer NAT gateways than AZs: losing the AZ of a shared gateway cuts other AZs' egress. */
  REDUCED_NAT_GATEWAYS: 'cdk-ha-blueprint:reducedNatGateways',
  /** A load balancer without a certificate serves plain HTTP. */
  HTTP_WITHOUT_TLS: 'cdk-ha-blueprint:httpWithoutTls',
  /** A database with no standby (or an Aurora cluster with no reader) to fail over to. */
  SINGLE_AZ_DATABASE: 'cdk-ha-blueprint:singleAzDatabase',
  /** More replicas than AZs: some share an AZ and fail together. */
  REPLICAS_SHARE_AZ: 'cdk-ha-blueprint:replicasShareAz',
  /** A cache with one node: no replica to fail over to. */
  SINGLE_NODE_CACHE: 'cdk-ha-blueprint:singleNodeCache',
} as const;

/**
 * The guarantee checks that fail on the same choice a warning reports: acknowledging the
 * warning in a profile acknowledges these too, since it is one decision.
 */
export const GUARANTEES_OF_WARNING: Record<string, string[]> = {
  [HaWarnings.REDUCED_NAT_GATEWAYS]: ['HA-NET-001'],
  [HaWarnings.SINGLE_AZ_DATABASE]: ['HA-DATA-001'],
  [HaWarnings.REPLICAS_SHARE_AZ]: ['HA-DATA-002'],
  [HaWarnings.SINGLE_NODE_CACHE]: ['HA-DATA-003'],
};

/**
 * Reports a choice that weakens availability: a warning the user can acknowledge,
 * or, in strict mode (production profiles), a synth-time error.
 */
export function reportWeakening(scope: IConstruct, strict: boolean, warningId: string, message: string): void {
  if (strict) {
    throw new ValidationError(`${message} This is an error because strict mode is on (production profile).`, scope);
  }
  Annotations.of(scope).addWarningV2(warningId, message);
}
