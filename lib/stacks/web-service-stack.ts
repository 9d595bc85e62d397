import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentProfile, WebServiceSettings } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { HaWebService } from '../web/ha-web-service';
import { HaWebTier } from '../web/ha-web-tier';

/** Properties of {@link WebServiceStack}. */
export interface WebServiceStackProps extends StackProps {
  /** The environment. */
  readonly profile: EnvironmentProfile;
  /** The web tier whose load balancer routes to the service (in the Web stack). */
  readonly web: HaWebTier;
  /** The service. */
  readonly service: WebServiceSettings;
  /**
   * The database the service uses: it may read its credentials (the port is open to the tier's
   * shared security group already).
   *
   * @default - no database access
   */
  readonly database?: HaDatabase;
  /**
   * The cache the service uses: it may read its AUTH token.
   *
   * @default - no cache access
   */
  readonly cache?: HaCache;
}

/**
 * One web service in a stack of its own (docs/adr/0060): its target group, listener rule, Auto
 * Scaling group, scaling policies, role and deploy alarms, attached to the Web stack's listener.
 *
 * About 18 resources and 25 KB a service: the Web stack stays the same size however many
 * services there are, and a service deploys (and rolls back) without touching the others.
 * It depends on the Web stack (listener, load balancer, shared security group), never the reverse.
 */
export class WebServiceStack extends Stack {
  /** The service. */
  public readonly service: HaWebService;

  constructor(scope: Construct, id: string, props: WebServiceStackProps) {
    super(scope, id, props);
    const { profile, service: settings } = props;
    this.service = props.web.addService(settings.name, {
      priority: settings.priority,
      pathPatterns: settings.pathPatterns,
      capacity: settings.capacity,
      instanceType: profile.web.instanceType,
      http5xxRateThresholdPercent: profile.web.http5xxRateThresholdPercent,
      scope: this,
    });
    // The role's own policy only (no key policy in the Data stack): this stack depends on Data, not the reverse.
    props.database?.grantSecretRead(this.service.role);
    props.cache?.grantAuthTokenRead(this.service.role);
  }
}
