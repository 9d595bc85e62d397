import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { acknowledgeNag, managedPolicyFinding } from '../private/acknowledge-nag';

/** The tag every resource of an environment carries (`acknowledgeEnvironment`): the experiment's targets are found by it. */
export const ENVIRONMENT_TAG = 'ha:environment';

/** Properties of {@link HaAzPowerInterruption}. */
export interface HaAzPowerInterruptionProps {
  /** The environment's name: targets are the resources tagged `ha:environment=<name>`, nothing else. */
  readonly environmentName: string;
  /** The environment's AZs: one experiment template per AZ, so that a drill picks the AZ it interrupts. */
  readonly availabilityZones: string[];
  /**
   * The alarm that stops the experiment: the environment's users-impaired composite. An AZ lost
   * must not hurt users (static stability); if it does, the drill ends at once.
   */
  readonly stopConditionAlarm: cloudwatch.IAlarm;
  /**
   * How long the AZ stays without power: instances stopped, subnets cut off, launches refused,
   * the cache's nodes in the AZ down.
   *
   * @default Duration.minutes(10)
   */
  readonly outageDuration?: Duration;
  /**
   * Reboot the environment's DB instances whose writer is in the AZ with a forced Multi-AZ failover.
   *
   * @default true
   */
  readonly database?: boolean;
  /**
   * Interrupt the power of the cache's nodes in the AZ (ElastiCache replication groups, Multi-AZ).
   *
   * @default true
   */
  readonly cache?: boolean;
}

/**
 * AWS FIS experiment templates that rehearse the power loss of one Availability Zone, one template
 * per AZ, after the actions of FIS's "AZ Availability: Power Interruption" scenario (docs/adr/0088):
 * the AZ's subnets cut off (`aws:network:disrupt-connectivity`), its running instances stopped and
 * started again after the outage (`aws:ec2:stop-instances`), its Auto Scaling groups refused launches
 * there (`aws:ec2:asg-insufficient-instance-capacity-error`), a DB writer there failed over
 * (`aws:rds:reboot-db-instances` with `forceFailover`) and the cache's nodes there powered off
 * (`aws:elasticache:replicationgroup-interrupt-az-power`).
 *
 * Nothing runs until someone starts an experiment (`aws fis start-experiment`); each stops as soon
 * as the users-impaired alarm fires. Targets are found by the environment tag, so the templates
 * never touch another environment's resources.
 */
export class HaAzPowerInterruption extends Construct {
  /** The role FIS assumes to inject the faults. */
  public readonly role: iam.Role;
  /** One experiment template per AZ, by AZ name. */
  public readonly templates: ReadonlyMap<string, fis.CfnExperimentTemplate>;

  constructor(scope: Construct, id: string, props: HaAzPowerInterruptionProps) {
    super(scope, id);
    const outage = props.outageDuration ?? Duration.minutes(10);
    this.validate(props, outage);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com'),
      description: `FIS: AZ power interruption drills of ${props.environmentName}`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSFaultInjectionSimulatorEC2Access'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSFaultInjectionSimulatorNetworkAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSFaultInjectionSimulatorRDSAccess'),
      ],
    });
    // Refused launches in the AZ: only for the two FIS actions that inject them.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:InjectApiError'],
        resources: ['*'],
        conditions: {
          'ForAnyValue:StringEquals': { 'ec2:FisActionId': ['aws:ec2:asg-insufficient-instance-capacity-error'] },
        },
      }),
    );
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['autoscaling:DescribeAutoScalingGroups'], resources: ['*'] }));
    if (props.cache ?? true) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['elasticache:InterruptClusterAzPower', 'elasticache:DescribeReplicationGroups', 'tag:GetResources'],
          resources: ['*'],
        }),
      );
    }
    this.acknowledgeRoleFindings();

    const templates = new Map<string, fis.CfnExperimentTemplate>();
    props.availabilityZones.forEach((az) => templates.set(az, this.createTemplate(az, props, outage)));
    this.templates = templates;
  }

  private createTemplate(az: string, props: HaAzPowerInterruptionProps, outage: Duration): fis.CfnExperimentTemplate {
    const tags = { [ENVIRONMENT_TAG]: props.environmentName };
    const duration = outage.toIsoString();
    const targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {
      Subnets: {
        resourceType: 'aws:ec2:subnet',
        resourceTags: tags,
        filters: [{ path: 'AvailabilityZone', values: [az] }],
        selectionMode: 'ALL',
      },
      Instances: {
        resourceType: 'aws:ec2:instance',
        resourceTags: tags,
        filters: [
          { path: 'State.Name', values: ['running'] },
          { path: 'Placement.AvailabilityZone', values: [az] },
        ],
        selectionMode: 'ALL',
      },
      AutoScalingGroups: { resourceType: 'aws:ec2:autoscaling-group', resourceTags: tags, selectionMode: 'ALL' },
    };
    const actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {
      PauseNetworkConnectivity: {
        actionId: 'aws:network:disrupt-connectivity',
        description: `Cut every subnet of ${az} off, as a power loss does`,
        parameters: { duration, scope: 'all' },
        targets: { Subnets: 'Subnets' },
      },
      StopInstances: {
        actionId: 'aws:ec2:stop-instances',
        description: `Stop the running instances in ${az}; start them again after the outage`,
        parameters: { startInstancesAfterDuration: duration, completeIfInstancesTerminated: 'true' },
        targets: { Instances: 'Instances' },
      },
      PauseAsgLaunches: {
        actionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
        description: `Refuse the groups' launches in ${az}: replacements must come up in the other AZs`,
        parameters: { availabilityZoneIdentifiers: az, duration, percentage: '100' },
        targets: { AutoScalingGroups: 'AutoScalingGroups' },
      },
    };
    if (props.database ?? true) {
      targets.DBInstances = {
        resourceType: 'aws:rds:db',
        resourceTags: tags,
        filters: [{ path: 'AvailabilityZone', values: [az] }],
        selectionMode: 'ALL',
      };
      actions.FailoverDatabase = {
        actionId: 'aws:rds:reboot-db-instances',
        description: `Fail a DB writer in ${az} over to its Multi-AZ standby`,
        parameters: { forceFailover: 'true' },
        targets: { DBInstances: 'DBInstances' },
      };
    }
    if (props.cache ?? true) {
      targets.ReplicationGroups = {
        resourceType: 'aws:elasticache:replicationgroup',
        resourceTags: tags,
        parameters: { availabilityZoneIdentifier: az },
        selectionMode: 'ALL',
      };
      actions.InterruptCachePower = {
        actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
        description: `Power off the cache's nodes in ${az}`,
        parameters: { duration },
        targets: { ReplicationGroups: 'ReplicationGroups' },
      };
    }
    return new fis.CfnExperimentTemplate(this, `Template-${az}`, {
      description: `${props.environmentName}: AZ power interruption of ${az} for ${outage.toHumanString()} (stops on ${props.stopConditionAlarm.alarmName})`,
      roleArn: this.role.roleArn,
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: props.stopConditionAlarm.alarmArn }],
      targets,
      actions,
      // A writer or a cache node outside the AZ leaves its target empty: skip it, run the rest.
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'skip' },
      // The Stage tags it with the environment as everything else.
      tags: { Name: `${props.environmentName}-az-power-interruption-${az}` },
    });
  }

  private validate(props: HaAzPowerInterruptionProps, outage: Duration): void {
    const problems: string[] = [];
    if (props.availabilityZones.length === 0) {
      problems.push('availabilityZones is empty; give the AZs whose power loss to rehearse');
    }
    const minutes = outage.toMinutes({ integral: false });
    if (!Token.isUnresolved(minutes) && (minutes < 1 || minutes > 60)) {
      problems.push(`outageDuration is ${outage.toHumanString()}; give 1 to 60 minutes (a drill, not an outage)`);
    }
    ValidationError.throwIfAny(`HaAzPowerInterruption '${this.node.id}': invalid props`, problems, this);
  }

  /** cdk-nag's findings on the FIS role, with why each is what FIS needs. */
  private acknowledgeRoleFindings(): void {
    for (const name of [
      'AWSFaultInjectionSimulatorEC2Access',
      'AWSFaultInjectionSimulatorNetworkAccess',
      'AWSFaultInjectionSimulatorRDSAccess',
    ]) {
      acknowledgeNag(
        this.role,
        managedPolicyFinding(`service-role/${name}`),
        'The AWS-maintained policy FIS documents for its EC2, network and RDS actions; the templates scope the targets by the environment tag',
      );
    }
    acknowledgeNag(
      this.role,
      'IAM5[Resource::*]',
      'FIS resolves its targets at run time by tag (ec2:InjectApiError is further limited to the FIS action by condition); the role can be assumed by FIS only',
    );
  }
}
