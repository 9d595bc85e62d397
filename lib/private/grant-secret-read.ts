import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { grantKeyUseViaService } from './grant-through-principal';
import { Construct } from 'constructs';

/**
 * Lets a principal read a secret encrypted with a customer-managed key, through the principal's
 * own policy only.
 *
 * `ISecret.grantRead` on the secret a construct creates also writes the principal into the key's
 * policy; when the principal lives in a stack that depends on the key's (web roles reading
 * data-tier secrets), that reference makes the stateful stack depend on the web stack: a cycle.
 * The key policy delegates decryption through Secrets Manager to IAM in its account
 * ({@link delegateSecretDecryptionToIam}), so the principal's policy is enough.
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

/**
 * Lets IAM policies in the key's account grant decryption through Secrets Manager, whatever the
 * `@aws-cdk/aws-kms:defaultKeyPolicies` flag of the app: the key policy names the account, never
 * a role, so granting a role in another stack adds nothing to the key's stack (docs/adr/0052).
 * A key the caller passed in (imported) keeps its own policy: it must delegate to IAM itself.
 */
export function delegateSecretDecryptionToIam(key: kms.IKey): void {
  if (!(key instanceof kms.Key)) {
    return;
  }
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'SecretsManagerReadersByIamPolicy',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(key).region}.amazonaws.com`, 'kms:CallerAccount': Aws.ACCOUNT_ID },
      },
    }),
  );
}

/**
 * The same secret, as an `ISecret` whose `grantRead` (and every other grant) writes only to the
 * grantee's policy, so that `secret.grantRead(role)` from a stack that depends on the secret's
 * works the CDK way, without a cycle (docs/adr/0052).
 *
 * `Secret.grantRead` asks its key for `kms:Decrypt` by a `ViaServicePrincipal` wrapping the
 * grantee; a key puts such a principal in its key policy, naming the grantee's role there. The
 * key here is a reference whose grants go to the grantee's own policy, with the `kms:ViaService`
 * condition the wrapper carried; the key policy already lets IAM grant that.
 */
export function secretGrantedByPrincipalPolicy(
  scope: Construct,
  id: string,
  secret: secretsmanager.ISecret,
  key: kms.IKey,
): secretsmanager.ISecret {
  const keyReference = kms.Key.fromKeyArn(scope, `${id}Key`, key.keyArn);
  const grant = (grantee: iam.IGrantable, ...actions: string[]): iam.Grant => {
    const via = grantee instanceof kms.ViaServicePrincipal ? (grantee as unknown as ViaServiceParts) : undefined;
    return iam.Grant.addToPrincipal({
      grantee: via?.basePrincipal ?? grantee,
      actions,
      resourceArns: [key.keyArn],
      conditions: via ? { StringEquals: { 'kms:ViaService': via.serviceName } } : undefined,
    });
  };
  // Every grant method of the reference, since aws-cdk-lib calls grantDecrypt, not grant, from Secret.grantRead.
  const encrypt = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
  Object.assign(keyReference, {
    grant,
    grantDecrypt: (grantee: iam.IGrantable) => grant(grantee, 'kms:Decrypt'),
    grantEncrypt: (grantee: iam.IGrantable) => grant(grantee, ...encrypt),
    grantEncryptDecrypt: (grantee: iam.IGrantable) => grant(grantee, 'kms:Decrypt', ...encrypt),
  });
  return secretsmanager.Secret.fromSecretAttributes(scope, id, { secretCompleteArn: secret.secretArn, encryptionKey: keyReference });
}

/** The two fields of aws-cdk-lib's ViaServicePrincipal (private in its typings, stable since v1). */
interface ViaServiceParts {
  readonly serviceName: string;
  readonly basePrincipal: iam.IPrincipal;
}
