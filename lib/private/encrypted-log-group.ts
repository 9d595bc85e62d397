import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Options for {@link createEncryptedLogGroup}. */
export interface EncryptedLogGroupOptions {
  readonly retention: logs.RetentionDays;
  /** Key to encrypt with. @default - a new key with rotation */
  readonly encryptionKey?: kms.IKey;
  /** A physical name, only where a service demands one (WAF logs must start with `aws-waf-logs-`). @default - generated */
  readonly logGroupName?: string;
}

/**
 * A log group encrypted with a customer-managed KMS key the CloudWatch Logs service may use.
 *
 * CloudWatch Logs calls KMS on its own behalf, so the key policy (not an IAM role) must
 * allow the regional logs principal, limited to this account's log groups.
 */
export function createEncryptedLogGroup(scope: Construct, id: string, options: EncryptedLogGroupOptions): logs.LogGroup {
  const stack = Stack.of(scope);
  const key =
    options.encryptionKey ??
    new kms.Key(scope, `${id}Key`, {
      enableKeyRotation: true,
      description: `Encrypts the ${id} log group of ${scope.node.path}`,
    });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return new logs.LogGroup(scope, id, { retention: options.retention, encryptionKey: key, logGroupName: options.logGroupName });
}
