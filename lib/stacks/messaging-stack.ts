import { Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaQueue } from '../messaging/ha-queue';
import { HaWorkerService } from '../messaging/ha-worker-service';
import { HaNetwork } from '../network/ha-network';

/** Properties of {@link MessagingStack}. */
export interface MessagingStackProps extends StackProps {
  readonly profile: EnvironmentProfile;
  readonly network: HaNetwork;
  readonly alarmTopic: sns.ITopic;
}

/**
 * The environment's asynchronous path: the `orders` queue (with its dead-letter queue) that the
 * web tier's default service feeds, and the worker fleet that drains it.
 *
 * Its own stack, between Network/Alerting and Web: the web tier reads the queue's URL and is granted
 * to send (on its own role's policy), so Web depends on this stack and never the other way.
 */
export class MessagingStack extends Stack {
  /** The `orders` queue. */
  public readonly orders: HaQueue;
  /** The workers that drain it. */
  public readonly orderWorkers: HaWorkerService;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const settings = profile.messaging;
    this.orders = new HaQueue(this, 'Orders', {
      queueLabel: 'orders',
      alarmTopic: props.alarmTopic,
      alarmNamePrefix: `${profile.name}-messaging`,
      processingTimeout: settings.processingTimeout,
      maxMessageAge: settings.maxMessageAge,
      maxReceiveCount: settings.maxReceiveCount,
      backlogGrowthAlarmAfter: settings.backlogGrowthAlarmAfter,
    });
    this.orderWorkers = new HaWorkerService(this, 'OrderWorkers', {
      network: props.network,
      queue: this.orders,
      serviceName: 'orders',
      capacity: settings.workerCapacity,
      averageProcessingTime: settings.averageProcessingTime,
      instanceType: profile.web.instanceType,
      alarmTopic: props.alarmTopic,
      alarmNamePrefix: `${profile.name}-messaging`,
    });
  }
}
