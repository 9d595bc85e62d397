import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { defaultWorkerUserData, RECEIVE_WAIT_SECONDS } from './default-worker-workload';
import { HaQueue } from './ha-queue';
import { ValidationError } from '../errors';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';
import { HaNetwork } from '../network/ha-network';
import { createInstanceLaunchTemplate, createInstanceRole } from '../private/instance-launch';
import { createStaticallyStableGroup, metricGroupInServiceInstances } from '../private/statically-stable-group';
import { qualifiedMetricId } from '../private/metric-ids';
import { createVolumeKey } from '../private/volume-key';
import { CapacityPlan, CapacityRequirement, planCapacity } from '../web/capacity-plan';
import { ROLLBACK_ALARM_EVALUATION } from '../web/staged-rollout';

/** Time a new worker needs before it counts for scaling and before a refresh moves on: boot, python3 start, first poll. */
const DEFAULT_WARMUP = Duration.minutes(3);

/** Properties of {@link HaWorkerService}. */
export interface HaWorkerServiceProps {
  /** The network to run in: instances go to its application subnets in every AZ. */
  readonly network: HaNetwork;
  /** The queue the workers drain; they get consume rights on it. */
  readonly queue: HaQueue;
  /** Short name: goes into alarm names and the workers' logs. */
  readonly serviceName: string;
  /** The workers that normal peak load needs; the construct provisions enough to survive losing an AZ. */
  readonly capacity: CapacityRequirement;
  /** Topic that receives the alarms' ALARM and OK transitions and the group's scaling notifications. */
  readonly alarmTopic: sns.ITopic;

  /**
   * Average time one worker instance spends on one message.
   *
   * @default Duration.seconds(1)
   */
  readonly averageProcessingTime?: Duration;

  /**
   * How long a message may wait in the backlog: with `averageProcessingTime` it sets the backlog
   * per instance that scaling keeps (latency / time per message).
   *
   * @default - half the queue's maxMessageAge, so that scaling acts well before the age alarm fires
   */
  readonly acceptableLatency?: Duration;

  /**
   * Instance type.
   *
   * @default m7g.medium - Graviton, not burstable, so capacity does not vanish when credits run out
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Machine image.
   *
   * @default - the latest Amazon Linux 2023 for the instance type's architecture, resolved from SSM at deploy time
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * User data that starts the consumer. It must drain on SIGTERM or when the instance's
   * `autoscaling/target-lifecycle-state` turns `Terminated`, within the lifecycle hook's timeout
   * (one long poll + the queue's processingTimeout + 30 s).
   *
   * @default - the default worker: receives, processes (a log line) and deletes messages, drains on SIGTERM
   */
  readonly userData?: ec2.UserData;

  /**
   * Time a new instance needs before its metrics count for scaling and before an instance refresh moves on.
   *
   * @default Duration.minutes(3)
   */
  readonly instanceWarmup?: Duration;

  /**
   * Failed receives (received but not deleted), in percent of receives, at which the failure alarm
   * fires (and an instance refresh in progress rolls back).
   *
   * @default 10 - above the share of messages a healthy worker has received but not yet deleted when a minute ends
   */
  readonly failureRateThresholdPercent?: number;

  /**
   * Key encrypting the instances' EBS volumes.
   *
   * @default - a new customer-managed key with rotation on, usable by Auto Scaling
   */
  readonly volumeEncryptionKey?: kms.IKey;

  /**
   * Prefix of alarm names, e.g. `prod-messaging`.
   *
   * @default - CloudFormation-generated alarm names
   */
  readonly alarmNamePrefix?: string;
}

/**
 * A fleet of queue workers with the web services' static stability and no load balancer: one
 * group over every AZ with `balanced-only` distribution and a per-AZ share that keeps the baseline
 * after losing any one AZ (docs/adr/0011); scaling on backlog per instance (visible messages ÷
 * in-service instances, target tracking on metric math); a termination lifecycle hook that gives
 * each instance time to drain; staged instance refreshes that roll back on the failure alarm
 * (docs/adr/0013).
 *
 * The group is recorded with its capacity plan, so HA-WEB-001 and the AZ-loss report judge it.
 */
export class HaWorkerService extends Construct {
  /** The capacity plan: per-AZ count, minimum, and whether losing an AZ is survived. */
  public readonly capacityPlan: CapacityPlan;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template (IMDSv2 required, encrypted gp3 root volume, no public IP). */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The key encrypting the instances' EBS volumes. */
  public readonly volumeEncryptionKey: kms.IKey;
  /** The instances' security group: no ingress, HTTPS out. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The instances' role: SSM Session Manager and consuming the queue. */
  public readonly role: iam.Role;
  /** The backlog per instance that target tracking keeps. */
  public readonly targetBacklogPerInstance: number;
  /** Fires when more than the threshold of receives end without a delete: the workers fail. */
  public readonly failureRateAlarm: cloudwatch.Alarm;
  /** Fires when fewer instances are in service than the statically stable minimum. */
  public readonly belowMinimumAlarm: cloudwatch.Alarm;
  /** The service's alarms. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The service's name, as in its alarm names. */
  public readonly serviceName: string;

  private readonly queue: HaQueue;

  constructor(scope: Construct, id: string, props: HaWorkerServiceProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    this.queue = props.queue;
    this.targetBacklogPerInstance = this.validate(props);
    this.capacityPlan = planCapacity(props.capacity, props.network.availabilityZones.length);
    this.securityGroup = this.createSecurityGroup(props);
    this.role = createInstanceRole(this, `${props.serviceName} workers: SSM Session Manager instead of SSH, consume the queue`);
    props.queue.grantConsume(this.role);
    this.volumeEncryptionKey = props.volumeEncryptionKey ?? createVolumeKey(this);
    this.launchTemplate = this.createLaunchTemplate(props);
    this.alarms = [];
    this.failureRateAlarm = this.createFailureRateAlarm(props);
    this.autoScalingGroup = this.createGroup(props);
    this.belowMinimumAlarm = this.createBelowMinimumAlarm(props);
    this.alarms.push(this.failureRateAlarm, this.belowMinimumAlarm);
    this.configureScaling(props);
  }

  /** Validates every property and returns the target backlog per instance. */
  private validate(props: HaWorkerServiceProps): number {
    const problems: string[] = [];
    const { baseline, maximum } = props.capacity;
    const zones = props.network.availabilityZones.length;
    if (!Number.isInteger(baseline) || baseline < 1) {
      problems.push(`capacity.baseline is ${baseline}; give the whole number of workers normal peak load needs (at least 1)`);
    } else {
      const minimum = Math.ceil(baseline / (zones - 1)) * zones;
      if (!Number.isInteger(maximum) || maximum < minimum) {
        problems.push(
          `capacity.maximum (${maximum}) is below the statically stable minimum (${minimum}) for a baseline of ${baseline} over ${zones} AZs; raise maximum to at least ${minimum} or lower the baseline`,
        );
      }
    }
    const perMessage = (props.averageProcessingTime ?? Duration.seconds(1)).toMilliseconds();
    const latency = (props.acceptableLatency ?? Duration.seconds(props.queue.maxMessageAge.toSeconds() / 2)).toMilliseconds();
    if (perMessage <= 0) {
      problems.push('averageProcessingTime is 0; give the average time one worker spends on one message');
    } else if (perMessage > props.queue.processingTimeout.toMilliseconds()) {
      problems.push(
        `averageProcessingTime (${perMessage} ms) exceeds the queue's processingTimeout (${props.queue.processingTimeout.toMilliseconds()} ms); raise the queue's processingTimeout`,
      );
    }
    if (latency > props.queue.maxMessageAge.toMilliseconds()) {
      problems.push(
        `acceptableLatency (${latency / 1000} s) exceeds the queue's maxMessageAge (${props.queue.maxMessageAge.toSeconds()} s), so scaling would let the age alarm fire first; lower it`,
      );
    }
    const threshold = props.failureRateThresholdPercent;
    if (threshold !== undefined && (threshold <= 0 || threshold > 100)) {
      problems.push(`failureRateThresholdPercent is ${threshold}; use more than 0 and at most 100`);
    }
    const target = perMessage > 0 ? Math.floor(latency / perMessage) : 0;
    if (perMessage > 0 && target < 1) {
      problems.push(
        `acceptableLatency (${latency} ms) is shorter than averageProcessingTime (${perMessage} ms): no backlog is acceptable; raise acceptableLatency`,
      );
    }
    ValidationError.throwIfAny(`HaWorkerService '${props.serviceName}': invalid properties`, problems, this);
    return target;
  }

  private createSecurityGroup(props: HaWorkerServiceProps): ec2.SecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.network.vpc,
      description: `${props.serviceName} workers: no ingress, HTTPS out`,
      allowAllOutbound: false,
    });
    // HTTPS out covers SQS, KMS, SSM and package repositories; DNS and IMDS use link-local addresses SGs do not govern.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to SQS and other AWS APIs');
    return securityGroup;
  }

  private createLaunchTemplate(props: HaWorkerServiceProps): ec2.LaunchTemplate {
    return createInstanceLaunchTemplate(this, {
      instanceType: props.instanceType,
      machineImage: props.machineImage,
      userData:
        props.userData ??
        defaultWorkerUserData({
          serviceName: props.serviceName,
          queueUrl: props.queue.queue.queueUrl,
          region: Stack.of(this).region,
          processingTimeoutSeconds: props.queue.processingTimeout.toSeconds(),
        }),
      role: this.role,
      securityGroup: this.securityGroup,
      volumeEncryptionKey: this.volumeEncryptionKey,
    });
  }

  /**
   * One group over every AZ, `balanced-only` (docs/adr/0011): an AZ that cannot launch stays short
   * rather than overfill the others, so losing any one AZ never takes more than perAz with it.
   */
  private createGroup(props: HaWorkerServiceProps): autoscaling.AutoScalingGroup {
    const warmup = props.instanceWarmup ?? DEFAULT_WARMUP;
    const group = createStaticallyStableGroup(this, {
      network: props.network,
      launchTemplate: this.launchTemplate,
      capacityPlan: this.capacityPlan,
      // No load balancer: EC2 status checks decide health; a consumer that dies is restarted by systemd.
      healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: warmup }),
      instanceWarmup: warmup,
      rollbackAlarms: [this.failureRateAlarm],
      notificationTopic: props.alarmTopic,
      kind: 'worker-group',
    });
    // Termination waits (up to one long poll + one message + a margin) while the worker drains;
    // the worker sees the wait in IMDS (autoscaling/target-lifecycle-state) and stops receiving.
    group.addLifecycleHook('Drain', {
      lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_TERMINATING,
      defaultResult: autoscaling.DefaultResult.CONTINUE,
      heartbeatTimeout: Duration.seconds(RECEIVE_WAIT_SECONDS + props.queue.processingTimeout.toSeconds() + 30),
    });
    return group;
  }

  /**
   * Target tracking on backlog per instance (EC2 Auto Scaling User Guide, "Scaling policy based on
   * Amazon SQS", read 2026-11): metric math over the queue's visible messages and the group's
   * in-service instances, kept at latency ÷ time per message. The aws-cdk-lib L2 accepts only a
   * single metric (2.276), so the policy is written at L1. Scaling only adds to the statically
   * stable minimum.
   */
  private configureScaling(props: HaWorkerServiceProps): void {
    new autoscaling.CfnScalingPolicy(this, 'BacklogPerInstance', {
      autoScalingGroupName: this.autoScalingGroup.autoScalingGroupName,
      policyType: 'TargetTrackingScaling',
      estimatedInstanceWarmup: (props.instanceWarmup ?? DEFAULT_WARMUP).toSeconds(),
      targetTrackingConfiguration: {
        targetValue: this.targetBacklogPerInstance,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              returnData: false,
              metricStat: {
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: props.queue.queue.queueName }],
                },
                stat: 'Sum',
              },
            },
            {
              id: 'inService',
              returnData: false,
              metricStat: {
                metric: {
                  namespace: 'AWS/AutoScaling',
                  metricName: 'GroupInServiceInstances',
                  dimensions: [{ name: 'AutoScalingGroupName', value: this.autoScalingGroup.autoScalingGroupName }],
                },
                stat: 'Average',
              },
            },
            // As in the AWS guide; the group's minimum keeps inService at 1 or more once launched.
            { id: 'backlogPerInstance', expression: 'visible / inService', label: 'Backlog per instance', returnData: true },
          ],
        },
      },
    });
  }

  private createFailureRateAlarm(props: HaWorkerServiceProps): cloudwatch.Alarm {
    const threshold = props.failureRateThresholdPercent ?? 10;
    const { evaluationPeriods, datapointsToAlarm } = ROLLBACK_ALARM_EVALUATION;
    const alarm = new cloudwatch.Alarm(this, 'FailureRateAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-${props.serviceName}-failure-rate` : undefined,
      alarmDescription: `${props.serviceName}: more than ${threshold}% of received messages were not deleted (processing failed or timed out)`,
      metric: this.metricFailureRate(),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      // No receives means nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    notifyOnAlarmAndOk(alarm, props.alarmTopic, 'messaging');
    return alarm;
  }

  private createBelowMinimumAlarm(props: HaWorkerServiceProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'BelowMinimumAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-${props.serviceName}-below-minimum` : undefined,
      alarmDescription: `${props.serviceName}: fewer than ${this.capacityPlan.minimum} workers in service; losing an AZ now would leave less than the baseline of ${this.capacityPlan.baseline}`,
      metric: this.metricInServiceInstances(),
      threshold: this.capacityPlan.minimum,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Five minutes: a replacement launches within that; longer means an AZ or capacity is lacking.
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      // The group publishes every minute (group metrics on); silence means it is gone.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    notifyOnAlarmAndOk(alarm, props.alarmTopic, 'messaging');
    return alarm;
  }

  /** Instances in service in the group (minimum per minute). */
  public metricInServiceInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricGroupInServiceInstances(this.autoScalingGroup, props);
  }

  /** Visible messages per in-service instance: what scaling keeps at {@link targetBacklogPerInstance} (metric math). */
  public metricBacklogPerInstance(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const [visible, inService] = ['visible', 'inService'].map((base) => qualifiedMetricId(base, this.serviceName));
    return new cloudwatch.MathExpression({
      expression: `${visible} / ${inService}`,
      usingMetrics: {
        [visible]: this.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Sum' }),
        [inService]: this.metricInServiceInstances({ statistic: 'Average' }),
      },
      label: `${this.serviceName} backlog per instance`,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Percentage of received messages not deleted in the same minute: processing that failed or
   * overran (metric math; receives include redeliveries).
   */
  public metricFailureRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const [received, deleted] = ['received', 'deleted'].map((base) => qualifiedMetricId(base, this.serviceName));
    return new cloudwatch.MathExpression({
      // A minute with no receives divides by 1 (its rate is 0 or below), so nothing divides by zero;
      // a negative rate (deletes of work received the minute before) is no failure.
      expression: `100 * (FILL(${received}, 0) - FILL(${deleted}, 0)) / (FILL(${received}, 0) + IF(FILL(${received}, 0) == 0, 1, 0))`,
      usingMetrics: { [received]: this.queue.metricNumberOfMessagesReceived(), [deleted]: this.queue.metricNumberOfMessagesDeleted() },
      label: `${this.serviceName} failure rate (%)`,
      period: Duration.minutes(1),
      ...props,
    });
  }
}
