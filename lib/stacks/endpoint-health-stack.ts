import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaAlerting } from '../monitoring/ha-alerting';
import { EndpointHealthAlarm } from '../traffic/endpoint-health-alarm';
import { HaFailoverEndpoint } from '../traffic/ha-failover-endpoint';

/** Properties of {@link EndpointHealthStack}. */
export interface EndpointHealthStackProps extends StackProps {
  /** The environment (a Stage outside us-east-1): its name and alarm subscribers. */
  readonly profile: EnvironmentProfile;
  /** The Region's failover endpoint, in its Dns stack. */
  readonly endpoint: HaFailoverEndpoint;
}

/**
 * The endpoint-health alarm of a Stage outside us-east-1, in a stack of that Stage pinned to
 * us-east-1, the only Region where Route 53 publishes health-check metrics (docs/adr/0082). It
 * carries its own alarm topic with the environment's subscribers, since SNS cannot take an alarm
 * action from another Region. It reads the health check's ID from the Dns stack's Region; nothing
 * in the Stage's own Region depends on it, so a us-east-1 outage leaves the Stage deployable.
 */
export class EndpointHealthStack extends Stack {
  /** The alarm topic in us-east-1. */
  public readonly alerting: HaAlerting;
  /** The alarm, `<environment>-endpoint-health`. */
  public readonly endpointHealthAlarm: EndpointHealthAlarm;

  constructor(scope: Construct, id: string, props: EndpointHealthStackProps) {
    super(scope, id, props);
    const { profile } = props;
    this.alerting = new HaAlerting(this, 'Alerting', {
      emailAddresses: profile.monitoring.alarmEmails,
      httpsEndpoints: profile.monitoring.alarmHttpsEndpoints,
    });
    this.endpointHealthAlarm = new EndpointHealthAlarm(this, 'EndpointHealth', {
      endpoint: props.endpoint,
      environmentName: profile.name,
      topic: this.alerting.topic,
    });
  }
}
