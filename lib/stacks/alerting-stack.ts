import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaAlerting } from '../monitoring/ha-alerting';

/** Properties of {@link AlertingStack}. */
export interface AlertingStackProps extends StackProps {
  /** The environment. */
  readonly profile: EnvironmentProfile;
}

/**
 * The environment's alarm topic, in a stack of its own: the Web stack's deploy-rollback alarms
 * and the Observability stack's alarms both notify it, and the Observability stack reads the
 * Web stack's alarms, so the topic cannot live in either without a dependency cycle.
 */
export class AlertingStack extends Stack {
  /** The alarm topic and its key. */
  public readonly alerting: HaAlerting;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    this.alerting = new HaAlerting(this, 'Alerting', {
      emailAddresses: props.profile.monitoring.alarmEmails,
      httpsEndpoints: props.profile.monitoring.alarmHttpsEndpoints,
    });
  }
}
