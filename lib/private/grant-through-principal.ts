import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Lets a principal use a customer-managed key only through one AWS service (`kms:ViaService`), in
 * the principal's own policy.
 *
 * Grants written on the principal's side only: the key's policy already delegates to IAM in its
 * account, and naming the principal in it would make the key's (stateful) stack depend on the
 * principal's stack, which already depends on it: a cycle.
 *
 * @param service the service's endpoint prefix (`sqs`, `secretsmanager`)
 * @param region the region of the service endpoint that calls KMS
 */
export function grantKeyUseViaService(
  grantee: iam.IGrantable,
  key: kms.IKey,
  actions: string[],
  service: string,
  region: string,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
  });
}
