import { Stage } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DnsStack } from './dns-stack';
import { EndpointHealthStack } from './endpoint-health-stack';
import { EnvironmentProfile } from '../config/environment-profile';
import { ValidationError } from '../errors';
import { ROUTE53_METRICS_REGION } from '../traffic/ha-failover-endpoint';
import { HaWebTier } from '../web/ha-web-tier';

/** The stacks {@link addTrafficFailover} adds to a Stage. */
export interface TrafficFailoverStacks {
  /** The health check and failover record, in the Stage's Region. */
  readonly dnsStack: DnsStack;
  /** The endpoint-health alarm in us-east-1, for a Stage elsewhere; undefined in us-east-1 (the Dns stack holds it). */
  readonly endpointHealthStack?: EndpointHealthStack;
}

/** Properties of {@link addTrafficFailover}. */
export interface TrafficFailoverProps {
  /** The Stage's own profile (the standby's for a standby); it must set `web.failoverRecord`. */
  readonly profile: EnvironmentProfile;
  /** The Stage's account, for the us-east-1 stack's environment. */
  readonly account: string;
  /** The Stage's web tier: its load balancer is the record's target and the health check's endpoint. */
  readonly web: HaWebTier;
  /** The Stage's alarm topic, notified by the alarm when the Stage is in us-east-1. */
  readonly alarmTopic: sns.ITopic;
  /** `PRIMARY` for the primary's Stage, `SECONDARY` for the standby's. */
  readonly failover: route53.Failover;
}

/**
 * Adds a Region's half of the failover pair to its Stage (docs/adr/0081, 0082): a `Dns` stack with
 * the health check and the record, and, outside us-east-1, an `EndpointHealth` stack in us-east-1
 * with the `<environment>-endpoint-health` alarm.
 */
export function addTrafficFailover(stage: Stage, props: TrafficFailoverProps): TrafficFailoverStacks {
  const { profile, failover } = props;
  const record = profile.web.failoverRecord;
  if (!record) {
    throw new ValidationError(
      `addTrafficFailover: profile '${profile.name}' has no web.failoverRecord; set its hosted zone and record name (docs/adr/0081)`,
      stage,
    );
  }
  const role = failover === route53.Failover.PRIMARY ? 'primary' : 'secondary';
  const dnsStack = new DnsStack(stage, 'Dns', {
    environmentName: profile.name,
    failoverRecord: record,
    web: props.web,
    failover,
    alarmTopic: props.alarmTopic,
    description: `cdk-ha-blueprint ${profile.name}: Route 53 health check and ${role} failover record ${record.recordName}`,
  });
  if (profile.region === ROUTE53_METRICS_REGION) {
    return { dnsStack };
  }
  const endpointHealthStack = new EndpointHealthStack(stage, 'EndpointHealth', {
    env: { account: props.account, region: ROUTE53_METRICS_REGION },
    profile,
    endpoint: dnsStack.endpoint,
    description: `cdk-ha-blueprint ${profile.name}: endpoint-health alarm in ${ROUTE53_METRICS_REGION}, where Route 53 publishes health-check metrics`,
  });
  return { dnsStack, endpointHealthStack };
}
