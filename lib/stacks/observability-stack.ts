import { Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { HaMonitoring } from '../monitoring/ha-monitoring';
import { HaNetwork } from '../network/ha-network';
import { HaAzPowerInterruption } from '../resilience/ha-az-power-interruption';
import { MessagingStack } from './messaging-stack';
import { HaWebTier } from '../web/ha-web-tier';
import { HaZonalAutoshift } from '../web/ha-zonal-autoshift';

/** Properties of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  readonly profile: EnvironmentProfile;
  readonly alarmTopic: sns.ITopic;
  readonly network: HaNetwork;
  readonly web: HaWebTier;
  /**
   * The database whose alarms join the composites.
   *
   * @default - no database alarms (a standby whose data tier is a cross-region replica passes its alarms as `additionalRedundancyAlarms`)
   */
  readonly database?: HaDatabase;
  /**
   * The cache whose alarms join the composites.
   *
   * @default - no cache alarms
   */
  readonly cache?: HaCache;
  /**
   * Further alarms that mean lost redundancy (no user impact yet), e.g. a standby replica's lag.
   *
   * @default - none beyond the tiers' and the messaging tier's
   */
  readonly additionalRedundancyAlarms?: cloudwatch.IAlarm[];
  /**
   * The messaging tier, whose alarms join the composites.
   *
   * @default - no messaging tier
   */
  readonly messaging?: MessagingStack;
}

/** Alarms on every tier, the composite alarms, the dashboard and the load balancer's zonal autoshift of one environment. */
export class ObservabilityStack extends Stack {
  /** The monitoring. */
  public readonly monitoring: HaMonitoring;
  /** Zonal autoshift of the load balancer, when the profile turns it on. */
  public readonly zonalAutoshift?: HaZonalAutoshift;
  /** The AZ power-interruption drills, when the profile opts in (`faultInjection`). */
  public readonly azPowerInterruption?: HaAzPowerInterruption;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    this.monitoring = new HaMonitoring(this, 'Monitoring', {
      environmentName: props.profile.name,
      alarmTopic: props.alarmTopic,
      network: props.network,
      web: props.web,
      database: props.database,
      cache: props.cache,
      thresholds: props.profile.monitoring.thresholds,
      slo: props.profile.monitoring.slo,
      // Old messages and failing workers are felt by users; a non-empty dead-letter queue or a
      // short fleet is lost redundancy (docs/messaging.md).
      additionalSymptomAlarms: props.messaging
        ? [props.messaging.orders.oldestMessageAgeAlarm, props.messaging.orderWorkers.failureRateAlarm]
        : undefined,
      additionalRedundancyAlarms:
        props.messaging || props.additionalRedundancyAlarms
          ? [
              ...(props.messaging
                ? [
                    props.messaging.orders.deadLetterQueueAlarm,
                    props.messaging.orderWorkers.belowMinimumAlarm,
                    ...(props.messaging.orders.backlogGrowthAlarm ? [props.messaging.orders.backlogGrowthAlarm] : []),
                  ]
                : []),
              ...(props.additionalRedundancyAlarms ?? []),
            ]
          : undefined,
    });
    // Here rather than in Web: its outcome alarm lives in this stack, and this stack already reads
    // the load balancer from Web, so the reference keeps pointing one way (docs/adr/0012).
    const autoshift = props.profile.web.zonalAutoshift;
    if (autoshift.enabled) {
      this.zonalAutoshift = new HaZonalAutoshift(this, 'ZonalAutoshift', {
        loadBalancer: props.web.loadBalancer,
        outcomeAlarms: [this.monitoring.usersImpaired],
        // No practice run while redundancy is already lost: shifting away a second AZ's worth
        // of capacity then is what static stability does not cover.
        blockingAlarms: [this.monitoring.redundancyLost],
        blockedWindows: autoshift.blockedWindows,
        blockedDates: autoshift.blockedDates,
      });
    }
    // Here because its stop condition is this stack's users-impaired composite (docs/adr/0088).
    const faults = props.profile.faultInjection;
    if (faults?.azPowerInterruption) {
      this.azPowerInterruption = new HaAzPowerInterruption(this, 'AzPowerInterruption', {
        environmentName: props.profile.name,
        availabilityZones: props.profile.availabilityZones,
        stopConditionAlarm: this.monitoring.usersImpaired,
        outageDuration: faults.outageDuration,
        database: props.database !== undefined,
        cache: props.cache !== undefined,
      });
    }
  }
}
