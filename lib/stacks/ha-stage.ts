import { Annotations, Stage, StageProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AlertingStack } from './alerting-stack';
import { DataStack } from './data-stack';
import { DnsStack } from './dns-stack';
import { EndpointHealthStack } from './endpoint-health-stack';
import { NetworkStack } from './network-stack';
import { MessagingStack } from './messaging-stack';
import { ObservabilityStack } from './observability-stack';
import { WebServiceStack } from './web-service-stack';
import { WebStack } from './web-stack';
import { EnvironmentProfile, inOwnStack } from '../config/environment-profile';
import { validateProfile } from '../config/validate-profile';
import { ValidationError } from '../errors';
import { acknowledgeEnvironment, declareEnvironment } from './environment-declaration';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_HOSTED_ZONE_ID } from './placeholder-account';
import { addTrafficFailover } from './traffic-failover';

/** Properties of {@link HaStage}. */
export interface HaStageProps extends Omit<StageProps, 'env'> {
  /** The environment to build. */
  readonly profile: EnvironmentProfile;
  /** The AWS account to deploy to. */
  readonly account: string;
}

/**
 * One environment (dev, staging or prod): its stacks, deployed together to one account and region.
 *
 * The tiers live in separate stacks so that the stateful one (Data) can carry termination
 * protection and be deployed rarely, while Web changes often. Each service of the profile placed
 * in its own stack (`ServicePlacement.OWN_STACK`, docs/adr/0060) gets `Service-<name>`, so that
 * no stack grows with the number of services; every stack is judged against CloudFormation's
 * per-stack limits at synth (a warning from 80 %, an error above).
 */
export class HaStage extends Stage {
  /** The profile this Stage was built from. */
  public readonly profile: EnvironmentProfile;
  /** The VPC stack. */
  public readonly networkStack: NetworkStack;
  /** The alarm topic's stack. */
  public readonly alertingStack: AlertingStack;
  /** The stateful stack: database and cache. */
  public readonly dataStack: DataStack;
  /** The orders queue and its workers. */
  public readonly messagingStack: MessagingStack;
  /** The web tier stack. */
  public readonly webStack: WebStack;
  /** Alarms, composite alarms and dashboard. */
  public readonly observabilityStack: ObservabilityStack;
  /** One stack per service placed in its own stack (`ServicePlacement.OWN_STACK`), in profile order. */
  public readonly serviceStacks: WebServiceStack[];
  /**
   * The Route 53 health check and `PRIMARY` failover record (docs/adr/0081); with the
   * endpoint-health alarm, since the primary is in us-east-1 in the built-in profiles.
   * Undefined unless the profile sets `secondaryRegion` and `web.failoverRecord`.
   */
  public readonly dnsStack?: DnsStack;
  /** The endpoint-health alarm in us-east-1 when the primary is elsewhere (docs/adr/0082); otherwise undefined. */
  public readonly endpointHealthStack?: EndpointHealthStack;

  constructor(scope: Construct, id: string, props: HaStageProps) {
    const profile = validateProfile(props.profile);
    super(scope, id, { ...props, env: { account: props.account, region: profile.region } });
    this.profile = profile;
    refusePlaceholdersForRealAccounts(profile, props.account, this);

    // Acknowledgements must exist before the constructs that raise the warnings.
    acknowledgeEnvironment(this, profile);

    this.networkStack = new NetworkStack(this, 'Network', {
      profile,
      description: `cdk-ha-blueprint ${profile.name}: VPC over ${profile.availabilityZones.join(', ')}`,
      terminationProtection: profile.protection.terminationProtection,
    });
    this.alertingStack = new AlertingStack(this, 'Alerting', {
      profile,
      description: `cdk-ha-blueprint ${profile.name}: alarm notification topic`,
    });
    this.dataStack = new DataStack(this, 'Data', {
      profile,
      network: this.networkStack.network,
      description: `cdk-ha-blueprint ${profile.name}: database and cache (stateful)`,
      terminationProtection: profile.protection.terminationProtection,
    });
    this.messagingStack = new MessagingStack(this, 'Messaging', {
      profile,
      network: this.networkStack.network,
      alarmTopic: this.alertingStack.alerting.topic,
      description: `cdk-ha-blueprint ${profile.name}: orders queue with dead-letter queue, and the workers that drain it`,
    });
    this.webStack = new WebStack(this, 'Web', {
      orders: this.messagingStack.orders,
      profile,
      network: this.networkStack.network,
      database: this.dataStack.database,
      cache: this.dataStack.cache,
      alarmTopic: this.alertingStack.alerting.topic,
      description: `cdk-ha-blueprint ${profile.name}: load balancer and statically stable web services`,
    });
    this.serviceStacks = profile.web.services.filter(inOwnStack).map(
      (service) =>
        new WebServiceStack(this, `Service-${service.name}`, {
          profile,
          web: this.webStack.web,
          service,
          database: this.dataStack.database,
          cache: this.dataStack.cache,
          description: `cdk-ha-blueprint ${profile.name}: web service ${service.name} (target group, listener rule, Auto Scaling group, deploy alarms)`,
        }),
    );
    this.observabilityStack = new ObservabilityStack(this, 'Observability', {
      profile,
      alarmTopic: this.alertingStack.alerting.topic,
      network: this.networkStack.network,
      web: this.webStack.web,
      database: this.dataStack.database,
      cache: this.dataStack.cache,
      messaging: this.messagingStack,
      description: `cdk-ha-blueprint ${profile.name}: alarms on every tier, composite alarms, dashboard`,
    });
    if (profile.secondaryRegion && profile.web.failoverRecord) {
      const traffic = addTrafficFailover(this, {
        profile,
        account: props.account,
        web: this.webStack.web,
        alarmTopic: this.alertingStack.alerting.topic,
        failover: route53.Failover.PRIMARY,
      });
      this.dnsStack = traffic.dnsStack;
      this.endpointHealthStack = traffic.endpointHealthStack;
    }
    declareEnvironment(this, profile);
  }
}

/** Options of {@link refusePlaceholdersForRealAccounts} for a Stage that is not a primary. */
export interface PlaceholderRefusalOptions {
  /**
   * Where this Stage's certificate ARN is set, as the fix names it.
   *
   * @default 'web.certificateArn / -c certificateArn=<an issued ACM certificate>'
   */
  readonly certificateArnSetting?: string;
  /**
   * The ARN of the database this Stage replicates (a standby's `secondaryRegion.sourceDatabaseInstanceArn`),
   * refused when it names the placeholder account.
   *
   * @default - none: the Stage replicates nothing
   */
  readonly sourceDatabaseInstanceArn?: string;
  /**
   * Whether this Stage builds `web.failoverRecord` (a standby always does).
   *
   * @default - when the profile has a `secondaryRegion`
   */
  readonly buildsFailoverRecord?: boolean;
}

/**
 * The shipped profiles name example.com addresses, domains and zones, and ARNs in the placeholder
 * account, so that the app synthesizes for the placeholder account; deploying them to a real account
 * would page nobody, wait forever on a certificate, or point DNS and replicas at nothing. Refused
 * there, with what to set (docs/adr/0002).
 */
export function refusePlaceholdersForRealAccounts(
  profile: EnvironmentProfile,
  account: string,
  scope: Stage,
  options: PlaceholderRefusalOptions = {},
): void {
  if (account === PLACEHOLDER_ACCOUNT) {
    return;
  }
  const placeholder = (value: string) => /(^|[.@])example\.com$/i.test(value);
  const certificateArnSetting = options.certificateArnSetting ?? 'web.certificateArn / -c certificateArn=<an issued ACM certificate>';
  const { domainName, certificateArn, hostedZoneId, failoverRecord } = profile.web;
  // A DNS-validated certificate with no zone to write its record to waits (up to 72 h) for a hand-made record.
  const certificateWaitsOnValidation = domainName !== undefined && !placeholder(domainName) && !certificateArn && !hostedZoneId;
  if (certificateWaitsOnValidation && !profile.strict) {
    Annotations.of(scope).addWarningV2(
      'cdk-ha-blueprint:certificateValidatedByHand',
      `HaStage '${profile.name}': the certificate for ${domainName} is DNS-validated with no hosted zone; the first deploy waits until you add ACM's validation record. Set web.hostedZoneId and web.hostedZoneName, or ${certificateArnSetting}.`,
    );
  }
  const placeholderZone =
    (options.buildsFailoverRecord ?? profile.secondaryRegion !== undefined) &&
    failoverRecord !== undefined &&
    (failoverRecord.hostedZoneId === PLACEHOLDER_HOSTED_ZONE_ID ||
      placeholder(failoverRecord.hostedZoneName) ||
      placeholder(failoverRecord.recordName));
  const sourceArn = options.sourceDatabaseInstanceArn;
  ValidationError.throwIfAny(
    `HaStage '${profile.name}': placeholder values for account ${account}`,
    [
      ...profile.monitoring.alarmEmails
        .filter(placeholder)
        .map((e) => `monitoring.alarmEmails has '${e}'; set the on-call address that should be paged`),
      ...(domainName && placeholder(domainName) && !certificateArn
        ? [`web.domainName is '${domainName}'; set your domain, or set ${certificateArnSetting}`]
        : []),
      ...(certificateWaitsOnValidation && profile.strict
        ? [
            `web.domainName '${domainName}' has no certificate source a deploy can finish with; set web.hostedZoneId and web.hostedZoneName (Route 53 writes the validation record), or ${certificateArnSetting}`,
          ]
        : []),
      ...(placeholderZone
        ? [
            `web.failoverRecord names the placeholder zone '${failoverRecord.hostedZoneName}' (${failoverRecord.hostedZoneId}) and record '${failoverRecord.recordName}'; set your public hosted zone's ID and name and the name users resolve`,
          ]
        : []),
      ...(sourceArn && sourceArn.split(':')[4] === PLACEHOLDER_ACCOUNT
        ? [
            `secondaryRegion.sourceDatabaseInstanceArn '${sourceArn}' is in the placeholder account; pass -c standbySourceDatabaseArn=<the primary Data stack's DatabaseInstanceArn output> once the primary is deployed, or remove it to deploy the standby without its data first (docs/adr/0080)`,
          ]
        : []),
    ],
    scope,
  );
}
