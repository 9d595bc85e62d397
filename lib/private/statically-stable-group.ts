import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { recordManaged } from './managed-resources';
import { ManagedKind } from '../guarantees/model/environment-settings';
import { HaNetwork } from '../network/ha-network';
import { CAPACITY_PLAN_METADATA, CapacityPlan } from '../web/capacity-plan';
import { stagedInstanceRefresh } from '../web/staged-rollout';

/** What {@link createStaticallyStableGroup} builds. */
export interface StaticallyStableGroupOptions {
  readonly network: HaNetwork;
  readonly launchTemplate: ec2.ILaunchTemplate;
  readonly capacityPlan: CapacityPlan;
  readonly healthChecks: autoscaling.HealthChecks;
  readonly instanceWarmup: Duration;
  /** Alarms that roll an instance refresh back. */
  readonly rollbackAlarms: cloudwatch.IAlarm[];
  /** @default - no scaling notifications */
  readonly notificationTopic?: sns.ITopic;
  /** How the group is recorded for the guarantee engine. */
  readonly kind: ManagedKind;
}

/**
 * The Auto Scaling group every fleet of this library runs in: one group over every AZ's
 * application subnet, `balanced-only` (docs/adr/0011), so that when an AZ cannot launch the group
 * stays short there rather than fill the other AZs, no AZ ever holds more than its share, and
 * losing any one AZ never takes more than perAz with it. Its capacity plan is written into the
 * template and the group recorded as managed, so HA-WEB-001 and the AZ-loss report judge it.
 */
export function createStaticallyStableGroup(scope: Construct, options: StaticallyStableGroupOptions): autoscaling.AutoScalingGroup {
  const { capacityPlan: plan } = options;
  const group = new autoscaling.AutoScalingGroup(scope, 'AutoScalingGroup', {
    vpc: options.network.vpc,
    vpcSubnets: options.network.applicationSubnets,
    launchTemplate: options.launchTemplate,
    minCapacity: plan.minimum,
    maxCapacity: plan.maximum,
    healthChecks: options.healthChecks,
    defaultInstanceWarmup: options.instanceWarmup,
    // Replacements launch before they terminate, so capacity never dips below what is running.
    minHealthyPercentage: 100,
    maxHealthyPercentage: 200,
    azCapacityDistributionStrategy: autoscaling.CapacityDistributionStrategy.BALANCED_ONLY,
    groupMetrics: [autoscaling.GroupMetrics.all()],
    notifications: options.notificationTopic
      ? [{ topic: options.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }]
      : undefined,
    // The deployment circuit breaker, in stages: a refresh fails, and CloudFormation rolls the
    // stack back, as soon as the rollback alarms fire, before the whole fleet is replaced.
    updatePolicy: stagedInstanceRefresh({ alarms: options.rollbackAlarms, instanceWarmup: options.instanceWarmup }),
  });
  const cfnGroup = group.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  cfnGroup.addMetadata(CAPACITY_PLAN_METADATA, plan);
  recordManaged(cfnGroup, options.kind);
  return group;
}

/** A group's instances in service (minimum per minute unless the caller says otherwise); needs group metrics on. */
export function metricGroupInServiceInstances(group: autoscaling.IAutoScalingGroup, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/AutoScaling',
    metricName: 'GroupInServiceInstances',
    dimensionsMap: { AutoScalingGroupName: group.autoScalingGroupName },
    statistic: 'Minimum',
    period: Duration.minutes(1),
    ...props,
  });
}
