import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/** What Auto Scaling does with a key. */
export enum AutoScalingKeyUse {
  /** Launch instances whose EBS volumes the key encrypts. */
  VOLUMES = 'volumes',
  /** Publish scaling notifications to a topic the key encrypts. */
  NOTIFICATIONS = 'notifications',
}

/**
 * Lets EC2 Auto Scaling's service-linked role use a customer-managed key, which it needs to
 * launch instances with encrypted volumes (otherwise launches fail) or to publish to an
 * encrypted topic (EC2 Auto Scaling User Guide, "Required KMS key policy", read 2026-11).
 *
 * The role is matched by `aws:PrincipalArn` rather than named as the principal: a key policy
 * naming a role that does not exist yet (a new account that never scaled) is rejected.
 */
export function allowAutoScalingServiceRole(key: kms.Key, use: AutoScalingKeyUse): void {
  const stack = Stack.of(key);
  const conditions = {
    ArnLike: {
      'aws:PrincipalArn': `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    },
  };
  const actions =
    use === AutoScalingKeyUse.VOLUMES
      ? ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']
      : ['kms:Decrypt', 'kms:GenerateDataKey*'];
  key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions, resources: ['*'], conditions }));
  if (use === AutoScalingKeyUse.VOLUMES) {
    // Attaching a volume hands EC2 a grant on the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );
  }
}
