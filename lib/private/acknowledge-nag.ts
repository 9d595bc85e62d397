import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AwsSolutions finding on one construct, with the reason the design
 * accepts it. Kept to single rules on single resources so that a new finding anywhere else
 * still fails synthesis.
 */
export function acknowledgeNag(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${ruleId}`, reason });
}

/** The finding id cdk-nag gives a role for one AWS managed policy. */
export function managedPolicyFinding(policyName: string): string {
  return `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`;
}
