import { Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { HaMonitoring } from '../monitoring/ha-monitoring';
import { HaNetwork } from '../network/ha-network';
import { HaWebTier } from '../web/ha-web-tier';

/** Properties of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  readonly profile: EnvironmentProfile;
  readonly alarmTopic: sns.ITopic;
  readonly network: HaNetwork;
  readonly web: HaWebTier;
  readonly database: HaDatabase;
  readonly cache: HaCache;
}

/** Alarms on every tier, the composite alarms and the dashboard of one environment. */
export class ObservabilityStack extends Stack {
  /** The monitoring. */
  public readonly monitoring: HaMonitoring;

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
    });
  }
}
