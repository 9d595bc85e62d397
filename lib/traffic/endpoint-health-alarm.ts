import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HaFailoverEndpoint, ROUTE53_METRICS_REGION } from './ha-failover-endpoint';
import { ValidationError } from '../errors';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';

/**
 * The name of an environment's endpoint-health alarm, `<environment>-endpoint-health`
 * (`prod-endpoint-health`, `prod-us-west-2-endpoint-health`), always in {@link ROUTE53_METRICS_REGION}.
 * A contract: the status CLI reads the alarm by this name; never change it.
 */
export function endpointHealthAlarmName(environmentName: string): string {
  return `${environmentName}-endpoint-health`;
}

/** Properties of {@link EndpointHealthAlarm}. */
export interface EndpointHealthAlarmProps {
  /** The Region's failover endpoint whose health check is watched. */
  readonly endpoint: HaFailoverEndpoint;
  /** The environment's name (`prod`, `prod-us-west-2`): the alarm is `<name>-endpoint-health`. */
  readonly environmentName: string;
  /** A topic in us-east-1 that reaches on-call, notified on ALARM and on OK. */
  readonly topic: sns.ITopic;
}

/**
 * Fires when Route 53 judges the Region's endpoint unhealthy (`HealthCheckStatus` minimum below 1)
 * for 3 consecutive minutes, or reports nothing (missing data breaches: a deleted or stopped
 * health check protects nobody). At that point the failover record has already moved (or, for a
 * standby, could no longer take) the Region's traffic; the alarm tells people. It must be created in
 * a stack in us-east-1 (docs/adr/0082).
 */
export class EndpointHealthAlarm extends Construct {
  /** The alarm, named {@link endpointHealthAlarmName}. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EndpointHealthAlarmProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== ROUTE53_METRICS_REGION) {
      throw new ValidationError(
        `EndpointHealthAlarm '${id}': its stack is in ${Token.isUnresolved(region) ? 'an unresolved Region' : region}; Route 53 publishes HealthCheckStatus only in ${ROUTE53_METRICS_REGION}: create it in a stack with env.region '${ROUTE53_METRICS_REGION}'`,
        this,
      );
    }
    this.alarm = props.endpoint.metricHealthCheckStatus().createAlarm(this, 'Alarm', {
      alarmName: endpointHealthAlarmName(props.environmentName),
      alarmDescription: `Route 53 judges ${props.environmentName}'s endpoint unhealthy (or reports nothing) for 3 minutes: its failover record no longer answers for this Region. Check the Region's load balancer and its /health path.`,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    notifyOnAlarmAndOk(this.alarm, props.topic, 'endpoint');
  }
}
