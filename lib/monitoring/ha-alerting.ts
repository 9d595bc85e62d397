import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { allowAutoScalingServiceRole, AutoScalingKeyUse } from '../private/auto-scaling-key-access';

/** Properties of {@link HaAlerting}. */
export interface HaAlertingProps {
  /**
   * Email addresses subscribed to every alarm and OK notification (each confirms by mail).
   *
   * @default - none: subscribe later (a pager, a chat integration) to the topic
   */
  readonly emailAddresses?: string[];

  /**
   * HTTPS endpoints subscribed to every notification (an incident tool's webhook).
   *
   * @default - none
   */
  readonly httpsEndpoints?: string[];
}

/**
 * Where alarms send their notifications: an SNS topic encrypted with a customer-managed key
 * that CloudWatch may use, reachable over TLS only.
 */
export class HaAlerting extends Construct {
  /** The topic every alarm and OK action publishes to. */
  public readonly topic: sns.Topic;
  /** The key encrypting the topic. */
  public readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: HaAlertingProps = {}) {
    super(scope, id);
    const bad = [
      ...(props.emailAddresses ?? [])
        .filter((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))
        .map((e) => `emailAddresses has '${e}', which is not an email address`),
      ...(props.httpsEndpoints ?? [])
        .filter((u) => !u.startsWith('https://'))
        .map((u) => `httpsEndpoints has '${u}'; only https:// endpoints receive alarms (TLS)`),
    ];
    ValidationError.throwIfAny('HaAlerting: invalid properties', bad, this);

    this.encryptionKey = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Encrypts the alarm notification topic' });
    // CloudWatch publishes to the encrypted topic on its own behalf, so the key must let it.
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    // Auto Scaling groups send their scaling notifications here too.
    allowAutoScalingServiceRole(this.encryptionKey, AutoScalingKeyUse.NOTIFICATIONS);
    this.topic = new sns.Topic(this, 'Topic', { masterKey: this.encryptionKey, enforceSSL: true, displayName: 'cdk-ha-blueprint alarms' });
    for (const email of props.emailAddresses ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const url of props.httpsEndpoints ?? []) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
  }
}
