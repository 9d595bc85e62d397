import { Stack, StackProps } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FailoverRecordSettings } from '../config/environment-profile';
import { EndpointHealthAlarm } from '../traffic/endpoint-health-alarm';
import { HaFailoverEndpoint, ROUTE53_METRICS_REGION } from '../traffic/ha-failover-endpoint';
import { HaWebTier } from '../web/ha-web-tier';
import { SERVICE_DEFAULTS } from '../web/service-defaults';

/** Properties of {@link DnsStack}. */
export interface DnsStackProps extends StackProps {
  /** The environment's name (`prod`, `prod-us-west-2`): names the endpoint-health alarm. */
  readonly environmentName: string;
  /** The zone and the record name (`web.failoverRecord`). */
  readonly failoverRecord: FailoverRecordSettings;
  /** This Region's web tier: its load balancer is the record's target and the health check's endpoint. */
  readonly web: HaWebTier;
  /** `PRIMARY` in the primary's Stage, `SECONDARY` in the standby's. */
  readonly failover: route53.Failover;
  /**
   * The Stage's alarm topic. Used only when this stack is in us-east-1, where Route 53 publishes
   * health-check metrics: the endpoint-health alarm then lives here (docs/adr/0082).
   */
  readonly alarmTopic: sns.ITopic;
}

/**
 * One Region's traffic entry (docs/adr/0081): the Route 53 health check on its load balancer and its
 * failover record, apart from the Web stack so that DNS changes deploy (and roll back) on their own,
 * and a Web deploy never touches the record. In us-east-1 it also holds the endpoint-health alarm.
 */
export class DnsStack extends Stack {
  /** The health check and the failover record. */
  public readonly endpoint: HaFailoverEndpoint;
  /** The endpoint-health alarm, when this stack is in us-east-1; elsewhere an {@link EndpointHealthStack} holds it. */
  public readonly endpointHealthAlarm?: EndpointHealthAlarm;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id, props);
    const { failoverRecord } = props;
    // Named, not looked up: synthesis stays offline (docs/adr/0055).
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'HostedZone', {
      hostedZoneId: failoverRecord.hostedZoneId,
      zoneName: failoverRecord.hostedZoneName,
    });
    this.endpoint = new HaFailoverEndpoint(this, 'Endpoint', {
      loadBalancer: props.web.loadBalancer,
      https: props.web.listener.protocol === elbv2.ApplicationProtocol.HTTPS,
      zone,
      recordName: failoverRecord.recordName,
      failover: props.failover,
      // The default service answers it: the listener's default action, as users reach it.
      healthCheckPath: SERVICE_DEFAULTS.healthPath,
    });
    if (this.region === ROUTE53_METRICS_REGION) {
      this.endpointHealthAlarm = new EndpointHealthAlarm(this, 'EndpointHealth', {
        endpoint: this.endpoint,
        environmentName: props.environmentName,
        topic: props.alarmTopic,
      });
    }
  }
}
