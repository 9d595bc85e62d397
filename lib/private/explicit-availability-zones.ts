import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges the CloudFormation validator's advice against literal AZ names (W3010) below a
 * construct that places replicas in named AZs on purpose: the AZs come from the network's
 * explicit, reviewed list, and naming them is how replicas are kept apart.
 */
export function acknowledgeExplicitAvailabilityZones(
  scope: IConstruct,
  reason = "Replicas are pinned to distinct AZs from the network's explicit AZ list, so that losing one AZ leaves the others serving",
): void {
  Validations.of(scope).acknowledge({ id: 'CloudFormation-Validate::W3010', reason });
}
