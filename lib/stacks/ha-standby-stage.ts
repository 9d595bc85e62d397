import { Annotations, Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlertingStack } from './alerting-stack';
import { acknowledgeEnvironment, declareEnvironment } from './environment-declaration';
import { refusePlaceholdersForRealAccounts } from './ha-stage';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { StandbyDataStack } from './standby-data-stack';
import { WebServiceStack } from './web-service-stack';
import { WebStack } from './web-stack';
import { EnvironmentProfile, inOwnStack } from '../config/environment-profile';
import { standbyProfile } from '../config/standby-profile';
import { validateProfile } from '../config/validate-profile';
import { ValidationError } from '../errors';
import { PrimaryDeclaration } from '../guarantees/model/environment-settings';

/**
 * The parts of the standby not built yet, declared in its templates so that the HA-REG checks
 * report them as warnings, not pass them (docs/adr/0083): the replica until the primary's ARN is
 * known (a deployment phase), and the tiers issue 15 has still to build.
 */
function standbyPending(hasData: boolean): PrimaryDeclaration['pending'] {
  return [
    ...(hasData
      ? []
      : [
          {
            tier: 'data' as const,
            reason:
              "the primary's DatabaseInstanceArn is not yet in secondaryRegion.sourceDatabaseInstanceArn (two-phase rollout, docs/adr/0080)",
          },
        ]),
    { tier: 'dns', reason: 'Route 53 failover records are not built yet (issue 15, docs/adr/0080)' },
    { tier: 'cache', reason: 'the standby cache (cold, of its own) is not built yet (issue 15, docs/adr/0080)' },
    { tier: 'messaging', reason: 'the messaging tier of the standby is not built yet (issue 15, docs/adr/0080)' },
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
 * The standby's web services may reach the replica's port; they get no credentials yet (the
 * RDS-managed secret lives in the primary Region; the replica has IAM authentication on).
 *
 * Not built yet (issue 15): Route 53 failover records, the standby's cache and messaging tier,
 * credentials for the promoted database.
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
  /** The cross-region replica's stack; undefined until `secondaryRegion.sourceDatabaseInstanceArn` is set. */
  public readonly dataStack?: StandbyDataStack;
  /** The standby's alarms, composite alarms and dashboard. */
  public readonly observabilityStack: ObservabilityStack;

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
    refusePlaceholdersForRealAccounts(profile, props.account, this);
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
    if (sourceArn) {
      this.dataStack = new StandbyDataStack(this, 'StandbyData', {
        profile,
        network: this.networkStack.network,
        sourceDatabaseInstanceArn: sourceArn,
        alarmTopic: this.alertingStack.alerting.topic,
        maxReplicaLag: primary.secondaryRegion.maxReplicaLag,
        description: `cdk-ha-blueprint ${profile.name}: cross-region replica of ${primary.name}'s database (stateful)`,
        terminationProtection: protection.terminationProtection,
      });
    } else {
      // A deployment phase, not a design choice: a warning even in strict profiles (docs/adr/0080).
      Annotations.of(this).addWarningV2(
        'cdk-ha-blueprint:standbyWithoutData',
        `HaStandbyStage '${id}': no data tier yet. Deploy '${primary.name}', then copy its Data stack's DatabaseInstanceArn output into secondaryRegion.sourceDatabaseInstanceArn to build the cross-region replica.`,
      );
    }
    this.webStack = new WebStack(this, 'Web', {
      profile,
      network: this.networkStack.network,
      alarmTopic: this.alertingStack.alerting.topic,
      description: `cdk-ha-blueprint ${profile.name}: standby load balancer and web services at ${primary.secondaryRegion.capacityPercent} % of the primary's baseline`,
    });
    // The standby's services read from the replica at once and write to it once it is promoted;
    // the rule lives in the Web stack (the peer's side), so the stateful stack depends on nothing.
    this.dataStack?.replica.allowFrom(this.webStack.web);
    this.serviceStacks = profile.web.services.filter(inOwnStack).map(
      (service) =>
        new WebServiceStack(this, `Service-${service.name}`, {
          profile,
          web: this.webStack.web,
          service,
          description: `cdk-ha-blueprint ${profile.name}: standby web service ${service.name}`,
        }),
    );
    this.observabilityStack = new ObservabilityStack(this, 'Observability', {
      profile,
      alarmTopic: this.alertingStack.alerting.topic,
      network: this.networkStack.network,
      web: this.webStack.web,
      // Replication behind or stopped loses the Region-loss RPO, not users' requests: lost redundancy.
      additionalRedundancyAlarms: this.dataStack?.replica.alarms,
      description: `cdk-ha-blueprint ${profile.name}: standby alarms (per tier, per AZ, replica lag), composite alarms, dashboard`,
    });
    declareEnvironment(this, profile, {
      name: primary.name,
      region: primary.region,
      account: props.account,
      pending: standbyPending(this.dataStack !== undefined),
    });
  }
}
