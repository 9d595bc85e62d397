import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { grantKeyUseViaService } from './grant-through-principal';

/**
 * Lets a principal read a secret encrypted with a customer-managed key, through the principal's
 * own policy only.
 *
 * `ISecret.grantRead` also writes the principal into the key's policy; when the principal lives
 * in a stack that depends on the key's (web roles reading data-tier secrets), that reference
 * makes the stateful stack depend on the web stack: a cycle. The key policy already delegates to
 * IAM in its account, so the principal's policy is enough.
 */
export function grantSecretReadThroughPrincipal(secret: secretsmanager.ISecret, key: kms.IKey, grantee: iam.IGrantable): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secret.secretArn],
  });
  grantKeyUseViaService(grantee, key, ['kms:Decrypt'], 'secretsmanager', Stack.of(secret).region);
  return grant;
}
