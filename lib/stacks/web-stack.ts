import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentProfile, inOwnStack } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { HaNetwork } from '../network/ha-network';
import { HaQueue } from '../messaging/ha-queue';
import { defaultWorkloadUserData } from '../web/default-workload';
import { HaWebTier } from '../web/ha-web-tier';
import { SERVICE_DEFAULTS } from '../web/service-defaults';

/** Properties of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  /** The environment. */
  readonly profile: EnvironmentProfile;
  /** The environment's network (from its Network stack). */
  readonly network: HaNetwork;
  /**
   * The database the services use: they may reach its port and read its credentials.
   *
   * @default - no database access
   */
  readonly database?: HaDatabase;
  /**
   * The cache the services use: they may reach its port and read its AUTH token.
   *
   * @default - no cache access
   */
  readonly cache?: HaCache;
  /** Topic the services' own alarms (the ones that roll deploys back) and scaling notifications go to. */
  readonly alarmTopic: sns.ITopic;
  /**
   * The queue the default service sends orders to (`POST /orders`), granted on its role.
   *
   * @default - the default service sends nothing
   */
  readonly orders?: HaQueue;
}

/** The environment's web tier: load balancer, services, their scaling and deploy alarms. */
export class WebStack extends Stack {
  /** The web tier. */
  public readonly web: HaWebTier;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const settings = profile.web;
    this.web = new HaWebTier(this, 'Web', {
      network: props.network,
      capacity: settings.capacity,
      instanceType: settings.instanceType,
      certificate: this.certificate(profile),
      allowInsecureHttp: settings.allowInsecureHttp,
      deletionProtection: profile.protection.deletionProtection,
      http5xxRateThresholdPercent: settings.http5xxRateThresholdPercent,
      rateLimitPer5Minutes: settings.rateLimitPer5Minutes,
      wafLogRetention: profile.protection.logRetention,
      notificationTopic: props.alarmTopic,
      alarmNamePrefix: `${profile.name}-web`,
      strict: profile.strict,
      userData: props.orders
        ? defaultWorkloadUserData('default', SERVICE_DEFAULTS.appPort, SERVICE_DEFAULTS.healthPath, {
            queueUrl: props.orders.queue.queueUrl,
            region: profile.region,
          })
        : undefined,
    });
    props.orders?.grantSend(this.web.defaultService.role);
    for (const service of settings.services.filter((s) => !inOwnStack(s))) {
      this.web.addService(service.name, {
        priority: service.priority,
        pathPatterns: service.pathPatterns,
        capacity: service.capacity,
        instanceType: settings.instanceType,
        http5xxRateThresholdPercent: settings.http5xxRateThresholdPercent,
      });
    }
    // Declared before the grants so that they land in this stack's role policies, not in the
    // Data stack's key policy (which would make the stateful stack depend on this one).
    for (const dataResource of [props.database, props.cache]) {
      if (dataResource) {
        this.addStackDependency(Stack.of(dataResource), 'web services use the data tier');
      }
    }
    if (settings.services.some(inOwnStack)) {
      // The services in their own stacks (WebServiceStack) run in this group; created here so
      // that the data tier lets it in with the others, in one rule for all of them.
      void this.web.serviceInstancesSecurityGroup;
    }
    // Only the services reach the data tier, and only they can read its credentials.
    props.database?.allowFrom(this.web);
    props.cache?.allowFrom(this.web);
    // The services in their own stacks grant themselves (WebServiceStack).
    for (const service of this.web.services) {
      props.database?.grantSecretRead(service.role);
      props.cache?.grantAuthTokenRead(service.role);
    }
  }

  private certificate(profile: EnvironmentProfile): acm.ICertificate | undefined {
    if (profile.web.certificateArn) {
      return acm.Certificate.fromCertificateArn(this, 'Certificate', profile.web.certificateArn);
    }
    if (profile.web.domainName) {
      const { hostedZoneId, hostedZoneName } = profile.web;
      const zone =
        hostedZoneId && hostedZoneName
          ? route53.HostedZone.fromHostedZoneAttributes(this, 'HostedZone', { hostedZoneId, zoneName: hostedZoneName })
          : undefined;
      return new acm.Certificate(this, 'Certificate', {
        domainName: profile.web.domainName,
        // With the zone, CloudFormation writes the validation record and the deploy finishes by itself.
        validation: acm.CertificateValidation.fromDns(zone),
      });
    }
    return undefined;
  }
}
