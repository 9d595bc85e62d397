import { Annotations, Stage, StageProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AlertingStack } from './alerting-stack';
import { DnsStack } from './dns-stack';
import { EndpointHealthStack } from './endpoint-health-stack';
import { acknowledgeEnvironment, declareEnvironment } from './environment-declaration';
import { refusePlaceholdersForRealAccounts } from './ha-stage';
import { MessagingStack } from './messaging-stack';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { StandbyDataStack } from './standby-data-stack';
import { addTrafficFailover } from './traffic-failover';
import { WebServiceStack } from './web-service-stack';
import { WebStack } from './web-stack';
import { EnvironmentProfile, inOwnStack } from '../config/environment-profile';
import { databaseCredentialsSecretName, globalClusterIdentifier, standbyProfile } from '../config/standby-profile';
import { DatabaseTopology } from '../data/database-engine';
import { validateProfile } from '../config/validate-profile';
import { ValidationError } from '../errors';
import { PrimaryDeclaration } from '../guarantees/model/environment-settings';

/**
 * The tiers a standby lacks by the stage of its rollout, not by design: HA-REG findings about them
 * are warnings carrying the reason (docs/adr/0083). The data tier (and the cold cache beside it)
 * until the primary's database ARN is known (two-phase rollout, docs/adr/0080); DNS while the
 * profile names no failover record.
 */
function standbyPending(hasData: boolean, hasFailoverRecord: boolean): PrimaryDeclaration['pending'] {
  const waitingForArn =
    "the primary's DatabaseInstanceArn is not yet in secondaryRegion.sourceDatabaseInstanceArn (two-phase rollout, docs/adr/0080)";
  return [
    ...(hasData
      ? []
      : [
          { tier: 'data' as const, reason: waitingForArn },
          { tier: 'cache' as const, reason: `the cold cache lives in the StandbyData stack: ${waitingForArn}` },
        ]),
    ...(hasFailoverRecord
      ? []
      : [{ tier: 'dns' as const, reason: 'the profile sets no web.failoverRecord (hosted zone and record name, docs/adr/0081)' }]),
  ];
}

/** Properties of {@link HaStandbyStage}. */
export interface HaStandbyStageProps extends Omit<StageProps, 'env'> {
  /** The primary environment's profile; it must set `secondaryRegion`. */
  readonly profile: EnvironmentProfile;
  /** The AWS account to deploy to. */
  readonly account: string;
}

/**
 * The warm standby of an environment in its `secondaryRegion` (docs/adr/0080), a Stage of its own
 * (`<name>-<region>`) deployable without the primary's: the same network, the alarm topic, the web
 * tier with every service at `capacityPercent` of its baseline (and the primary's maximum, to
 * scale up on failover), its Observability stack, and, once the primary's database ARN is in the profile, a StandbyData stack
 * holding the cross-region replica and its lag alarm.
 *
 * Its stacks declare the standby's own environment (name, AZs, policy), so the guarantee engine and
 * cdk-nag judge them as they judge any environment.
 *
 * The standby's web services may reach the database's port and the cold cache, read the cache's token
 * and, for Aurora, the master credentials Secrets Manager replicates into this Region (docs/adr/0085);
 * an RDS instance replica's clients get no credentials here yet (its RDS-managed secret lives in the
 * primary Region). The Messaging stack runs the orders queue and its workers at standby capacity.
 *
 * With `web.failoverRecord`, its `Dns` stack holds the `SECONDARY` failover record and the health
 * check on its own load balancer, and its `EndpointHealth` stack (in us-east-1, where Route 53
 * publishes health-check metrics) the `<name>-endpoint-health` alarm (docs/adr/0081, 0082).
 */
export class HaStandbyStage extends Stage {
  /** The primary profile this Stage was built from. */
  public readonly primaryProfile: EnvironmentProfile;
  /** The standby's own profile: the primary's moved to the secondary Region, capacity reduced. */
  public readonly profile: EnvironmentProfile;
  /** The VPC stack. */
  public readonly networkStack: NetworkStack;
  /** The alarm topic's stack. */
  public readonly alertingStack: AlertingStack;
  /** The web tier stack, at reduced capacity. */
  public readonly webStack: WebStack;
  /** One stack per service placed in its own stack, in profile order. */
  public readonly serviceStacks: WebServiceStack[];
  /**
   * The replicated database (cross-region replica or Aurora global secondary) and the cold cache; for
   * the RDS instance topology, undefined until `secondaryRegion.sourceDatabaseInstanceArn` is set.
   */
  public readonly dataStack?: StandbyDataStack;
  /** The orders queue and its workers at standby capacity, so that every tier exists here (docs/adr/0086). */
  public readonly messagingStack: MessagingStack;
  /** The standby's alarms, composite alarms and dashboard. */
  public readonly observabilityStack: ObservabilityStack;
  /** The health check and `SECONDARY` failover record; undefined without `web.failoverRecord`. */
  public readonly dnsStack?: DnsStack;
  /** The endpoint-health alarm in us-east-1 (undefined without `web.failoverRecord`, or for a standby in us-east-1). */
  public readonly endpointHealthStack?: EndpointHealthStack;

  constructor(scope: Construct, id: string, props: HaStandbyStageProps) {
    const primary = validateProfile(props.profile);
    if (!primary.secondaryRegion) {
      throw new ValidationError(
        `HaStandbyStage '${id}': profile '${primary.name}' has no secondaryRegion; set one (docs/adr/0080) or build only its HaStage`,
      );
    }
    const profile = standbyProfile(primary);
    super(scope, id, { ...props, env: { account: props.account, region: profile.region } });
    this.primaryProfile = primary;
    this.profile = profile;
    refusePlaceholdersForRealAccounts(profile, props.account, this, {
      certificateArnSetting: 'secondaryRegion.certificateArn / -c standbyCertificateArn=<an issued ACM certificate in the standby Region>',
      sourceDatabaseInstanceArn: primary.secondaryRegion.sourceDatabaseInstanceArn,
      buildsFailoverRecord: true,
    });
    acknowledgeEnvironment(this, profile);

    const protection = profile.protection;
    this.networkStack = new NetworkStack(this, 'Network', {
      profile,
      description: `cdk-ha-blueprint ${profile.name}: standby VPC over ${profile.availabilityZones.join(', ')}`,
      terminationProtection: protection.terminationProtection,
    });
    this.alertingStack = new AlertingStack(this, 'Alerting', {
      profile,
      description: `cdk-ha-blueprint ${profile.name}: standby alarm notification topic`,
    });
    const sourceArn = primary.secondaryRegion.sourceDatabaseInstanceArn;
    // Aurora: the secondary joins the primary's global database by its fixed identifier, so it needs
    // no ARN from the deployed primary (docs/adr/0085); an RDS instance replica still does (0080).
    const aurora = primary.data.database.topology === DatabaseTopology.AURORA_CLUSTER;
    if (sourceArn || aurora) {
      this.dataStack = new StandbyDataStack(this, 'StandbyData', {
        profile,
        network: this.networkStack.network,
        sourceDatabaseInstanceArn: aurora ? undefined : sourceArn,
        globalClusterIdentifier: aurora ? globalClusterIdentifier(primary) : undefined,
        credentialsSecretName: aurora ? databaseCredentialsSecretName(primary) : undefined,
        alarmTopic: this.alertingStack.alerting.topic,
        maxReplicaLag: primary.secondaryRegion.maxReplicaLag,
        description: aurora
          ? `cdk-ha-blueprint ${profile.name}: Aurora global secondary of ${primary.name}'s database and a cold cache (stateful)`
          : `cdk-ha-blueprint ${profile.name}: cross-region replica of ${primary.name}'s database and a cold cache (stateful)`,
        terminationProtection: protection.terminationProtection,
      });
    } else {
      // A deployment phase, not a design choice: a warning even in strict profiles (docs/adr/0080).
      Annotations.of(this).addWarningV2(
        'cdk-ha-blueprint:standbyWithoutData',
        `HaStandbyStage '${id}': no data tier yet. Deploy '${primary.name}', then copy its Data stack's DatabaseInstanceArn output into secondaryRegion.sourceDatabaseInstanceArn to build the cross-region replica.`,
      );
    }
    // As HaStage: the queue before Web, which sends to it; workers at the standby's share (docs/adr/0086).
    this.messagingStack = new MessagingStack(this, 'Messaging', {
      profile,
      network: this.networkStack.network,
      alarmTopic: this.alertingStack.alerting.topic,
      description: `cdk-ha-blueprint ${profile.name}: standby orders queue with dead-letter queue, and its workers at ${primary.secondaryRegion.capacityPercent} % of the primary's baseline`,
    });
    this.webStack = new WebStack(this, 'Web', {
      orders: this.messagingStack.orders,
      profile,
      network: this.networkStack.network,
      alarmTopic: this.alertingStack.alerting.topic,
      description: `cdk-ha-blueprint ${profile.name}: standby load balancer and web services at ${primary.secondaryRegion.capacityPercent} % of the primary's baseline`,
    });
    this.serviceStacks = profile.web.services.filter(inOwnStack).map(
      (service) =>
        new WebServiceStack(this, `Service-${service.name}`, {
          profile,
          web: this.webStack.web,
          service,
          description: `cdk-ha-blueprint ${profile.name}: standby web service ${service.name}`,
        }),
    );
    // The standby's services read from the replicated database at once and write to it once it is
    // promoted; they use the cold cache and (Aurora) the replicated credentials. Rules and grants live
    // on the services' side, once every service exists, so the stateful stack depends on nothing
    // (docs/adr/0080, 0085, 0086).
    this.dataStack?.allowWebTier(
      this.webStack.web,
      this.webStack.web.services.map((service) => service.role),
    );
    this.observabilityStack = new ObservabilityStack(this, 'Observability', {
      profile,
      alarmTopic: this.alertingStack.alerting.topic,
      network: this.networkStack.network,
      web: this.webStack.web,
      cache: this.dataStack?.cache,
      messaging: this.messagingStack,
      // Replication behind or stopped loses the Region-loss RPO, not users' requests: lost redundancy.
      additionalRedundancyAlarms: this.dataStack?.databaseAlarms,
      description: `cdk-ha-blueprint ${profile.name}: standby alarms (per tier, per AZ, replication lag, cache, queue), composite alarms, dashboard`,
    });
    if (profile.web.failoverRecord) {
      const traffic = addTrafficFailover(this, {
        profile,
        account: props.account,
        web: this.webStack.web,
        alarmTopic: this.alertingStack.alerting.topic,
        failover: route53.Failover.SECONDARY,
      });
      this.dnsStack = traffic.dnsStack;
      this.endpointHealthStack = traffic.endpointHealthStack;
    } else {
      Annotations.of(this).addWarningV2(
        'cdk-ha-blueprint:standbyWithoutFailover',
        `HaStandbyStage '${id}': no failover record, so Route 53 never sends users here when ${primary.name} fails; set web.failoverRecord (hosted zone and record name, docs/adr/0081) or repoint DNS by hand during a Region loss.`,
      );
    }
    declareEnvironment(this, profile, {
      name: primary.name,
      region: primary.region,
      account: props.account,
      pending: standbyPending(this.dataStack !== undefined, profile.web.failoverRecord !== undefined),
    });
  }
}
