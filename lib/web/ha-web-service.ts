import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CapacityPlan, CapacityRequirement, planCapacity } from './capacity-plan';
import { defaultWorkloadUserData } from './default-workload';
import { HaHealthCheck, LoadBalancingAlgorithm, Stickiness } from './load-balancing';
import { SERVICE_DEFAULTS as DEFAULTS } from './service-defaults';
import { ROLLBACK_ALARM_EVALUATION } from './staged-rollout';
import { validateServiceOptions } from './validate-service-options';
import { TargetGroupMetrics } from './target-group-metrics';
import { ValidationError } from '../errors';
import { notifyOnAlarmAndOk } from '../monitoring/alarm-actions';
import { HaNetwork } from '../network/ha-network';
import { createInstanceLaunchTemplate, createInstanceRole } from '../private/instance-launch';
import { createVolumeKey } from '../private/volume-key';
import { qualifiedMetricId } from '../private/metric-ids';
import { createStaticallyStableGroup, metricGroupInServiceInstances } from '../private/statically-stable-group';

/**
 * What a service runs and how it is balanced, scaled and watched.
 * Shared by {@link HaWebTier} (its default service) and {@link HaWebTier.addService}.
 */
export interface HaWebServiceOptions {
  /** The capacity the service needs; the construct provisions enough to survive losing an AZ. */
  readonly capacity: CapacityRequirement;

  /**
   * Instance type.
   *
   * @default m7g.medium - Graviton, not burstable, so capacity does not vanish when credits run out
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Machine image.
   *
   * @default - the latest Amazon Linux 2023 for the instance type's architecture, resolved from SSM at deploy time
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * User data that starts the workload on the app port.
   *
   * @default - a small HTTP server answering the health path and every other path
   */
  readonly userData?: ec2.UserData;

  /**
   * Port the workload listens on.
   *
   * @default 8080
   */
  readonly appPort?: number;

  /**
   * Target-group health check.
   *
   * @default - GET /health every 10 s, healthy after 3 successes, unhealthy after 2 failures
   */
  readonly healthCheck?: HaHealthCheck;

  /**
   * Time after launch before failing ELB health checks make Auto Scaling replace an instance.
   *
   * @default Duration.minutes(3)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Time the load balancer lets in-flight requests finish on a deregistering target.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Ramp-up period in which a new target gets a growing share of requests (30 s to 15 min).
   *
   * @default - no slow start
   */
  readonly slowStart?: Duration;

  /**
   * Load-balancing algorithm.
   *
   * @default LoadBalancingAlgorithm.ROUND_ROBIN
   */
  readonly loadBalancingAlgorithm?: LoadBalancingAlgorithm;

  /**
   * Session stickiness.
   *
   * @default - none: any request may reach any target
   */
  readonly stickiness?: Stickiness;

  /**
   * Requests per minute per instance that target tracking keeps.
   *
   * @default 1000
   */
  readonly targetRequestsPerMinute?: number;

  /**
   * Average CPU utilization, in percent, that target tracking keeps.
   *
   * @default 60
   */
  readonly targetCpuUtilization?: number;

  /**
   * Time a new instance needs before its metrics count for scaling and before an instance refresh moves on.
   *
   * @default Duration.minutes(3)
   */
  readonly instanceWarmup?: Duration;

  /**
   * 5xx responses, in percent of requests, at which the service's error alarm fires
   * (and an instance refresh in progress rolls back).
   *
   * @default 5
   */
  readonly http5xxRateThresholdPercent?: number;
}

/** Properties of {@link HaWebService}. */
export interface HaWebServiceProps extends HaWebServiceOptions {
  /** The network to run in: instances go to its application subnets in every AZ. */
  readonly network: HaNetwork;
  /** Listener that routes to this service. */
  readonly listener: elbv2.ApplicationListener;
  /** Short name: goes into alarm names and the default workload's answers. */
  readonly serviceName: string;
  /**
   * Listener-rule priority; with `conditions`, routes matching requests here.
   *
   * @default - the service is the listener's default action
   */
  readonly priority?: number;
  /**
   * Listener-rule conditions (path patterns, host headers).
   *
   * @default - none: the service is the listener's default action
   */
  readonly conditions?: elbv2.ListenerCondition[];
  /**
   * Prefix of alarm names, e.g. `prod-web`.
   *
   * @default - CloudFormation-generated alarm names
   */
  readonly alarmNamePrefix?: string;
  /**
   * Key encrypting the instances' EBS volumes.
   *
   * @default - a new customer-managed key with rotation on, usable by Auto Scaling
   */
  readonly volumeEncryptionKey?: kms.IKey;
  /**
   * Topic that receives the service alarms' ALARM and OK transitions and the group's launch,
   * terminate and failure notifications.
   *
   * @default - none: the alarms only stop deploys, and HA-MON-001 fails them for having no action
   */
  readonly notificationTopic?: sns.ITopic;
  /**
   * Security group of the instances, shared with other services (the web tier's group for the
   * services in their own stacks); the service adds its HTTPS egress rule to it.
   *
   * @default - a security group of the service's own: app port from the load balancer only, HTTPS out
   */
  readonly securityGroup?: ec2.SecurityGroup;
}

/**
 * One independently scaled service behind the web tier's load balancer: its own target group,
 * statically stable Auto Scaling group, scaling policies and alarms, so that services scale
 * and fail independently.
 *
 * Zonally independent: the target group is AZ-local and drops an AZ from DNS below its share of
 * peak load (docs/adr/0010); the group keeps every AZ at its share with `balanced-only`
 * (docs/adr/0011); deploys roll out in stages baked past the rollback alarms' time to fire
 * (docs/adr/0013).
 */
export class HaWebService extends Construct {
  /** The capacity plan: per-AZ count, minimum, headroom, and whether losing an AZ is survived. */
  public readonly capacityPlan: CapacityPlan;
  /** The target group. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * The target group's metrics, dimensioned by the load balancer's and target group's full-name
   * attributes; use these (and `.inZone(az)`) rather than `targetGroup.metrics`, which splits the listener ARN (HA-CFN-001).
   */
  public readonly targetGroupMetrics: TargetGroupMetrics;
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template (IMDSv2 required, encrypted gp3 root volume, no public IP). */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The key encrypting the instances' EBS volumes. */
  public readonly volumeEncryptionKey: kms.IKey;
  /** The instances' security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The instances' role: SSM Session Manager access, nothing broad. */
  public readonly role: iam.Role;
  /** Alarms that roll back an instance refresh: 5xx rate and unhealthy hosts. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The service's 5xx-rate alarm. */
  public readonly http5xxRateAlarm: cloudwatch.Alarm;
  /** The service's unhealthy-host alarm. */
  public readonly unhealthyHostsAlarm: cloudwatch.Alarm;

  /** The service's name, as in its alarm names. */
  public readonly serviceName: string;
  /** The port the workload listens on. */
  public readonly appPort: number;

  constructor(scope: Construct, id: string, props: HaWebServiceProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    this.appPort = props.appPort ?? DEFAULTS.appPort;
    validateServiceOptions(this, props);
    this.capacityPlan = this.planCapacity(props);
    this.securityGroup = this.createSecurityGroup(props);
    this.role = this.createRole(props);
    this.volumeEncryptionKey = props.volumeEncryptionKey ?? createVolumeKey(this);
    this.launchTemplate = this.createLaunchTemplate(props);
    this.targetGroup = this.createTargetGroup(props);
    // Dimensions from the load balancer's and target group's full names, published as plain
    // outputs: never a split of an ARN, which Fn::GetStackOutput may not feed (HA-CFN-001).
    this.targetGroupMetrics = TargetGroupMetrics.of(this.targetGroup, props.listener.loadBalancer);
    this.route(props);
    [this.http5xxRateAlarm, this.unhealthyHostsAlarm] = this.createAlarms(props);
    this.alarms = [this.http5xxRateAlarm, this.unhealthyHostsAlarm];
    this.autoScalingGroup = this.createGroup(props);
    this.configureScaling(props);
  }

  private planCapacity(props: HaWebServiceProps): CapacityPlan {
    const plan = planCapacity(props.capacity, props.network.availabilityZones.length);
    if (plan.maximum < plan.minimum) {
      throw new ValidationError(
        `HaWebService '${props.serviceName}': capacity.maximum (${props.capacity.maximum}) is below the statically stable minimum (${plan.minimum} = ${plan.perAz} per AZ x ${plan.availabilityZones} AZs) for a baseline of ${props.capacity.baseline}; raise maximum to at least ${plan.minimum} or lower the baseline`,
        this,
      );
    }
    return plan;
  }

  private createSecurityGroup(props: HaWebServiceProps): ec2.SecurityGroup {
    const securityGroup =
      props.securityGroup ??
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.network.vpc,
        description: `${props.serviceName} instances: app port from the load balancer only, HTTPS out`,
        allowAllOutbound: false,
      });
    // HTTPS out covers SSM, package repositories and AWS APIs; DNS and NTP use link-local addresses SGs do not govern.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and package repositories');
    return securityGroup;
  }

  private createRole(props: HaWebServiceProps): iam.Role {
    return createInstanceRole(this, `${props.serviceName} instances: SSM Session Manager instead of SSH`);
  }

  private createLaunchTemplate(props: HaWebServiceProps): ec2.LaunchTemplate {
    return createInstanceLaunchTemplate(this, {
      instanceType: props.instanceType,
      machineImage: props.machineImage,
      userData:
        props.userData ??
        defaultWorkloadUserData(props.serviceName, props.appPort ?? DEFAULTS.appPort, props.healthCheck?.path ?? DEFAULTS.healthPath),
      role: this.role,
      securityGroup: this.securityGroup,
      volumeEncryptionKey: this.volumeEncryptionKey,
    });
  }

  /**
   * The target group, AZ-local (docs/adr/0010): each load-balancer node sends only to its own AZ's
   * targets, so a bad AZ stays in that AZ, its metrics describe it, and a zonal shift removes it
   * whole. An AZ with fewer healthy targets than its share of peak load leaves DNS.
   */
  private createTargetGroup(props: HaWebServiceProps): elbv2.ApplicationTargetGroup {
    return new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.network.vpc,
      port: props.appPort ?? DEFAULTS.appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      healthCheck: {
        path: props.healthCheck?.path ?? DEFAULTS.healthPath,
        interval: props.healthCheck?.interval ?? DEFAULTS.interval,
        timeout: props.healthCheck?.timeout ?? DEFAULTS.timeout,
        healthyThresholdCount: props.healthCheck?.healthyThresholdCount ?? DEFAULTS.healthyThresholdCount,
        unhealthyThresholdCount: props.healthCheck?.unhealthyThresholdCount ?? DEFAULTS.unhealthyThresholdCount,
        healthyHttpCodes: props.healthCheck?.healthyHttpCodes ?? '200',
      },
      deregistrationDelay: props.deregistrationDelay ?? DEFAULTS.deregistrationDelay,
      slowStart: props.slowStart,
      loadBalancingAlgorithmType: (props.loadBalancingAlgorithm ??
        LoadBalancingAlgorithm.ROUND_ROBIN) as string as elbv2.TargetGroupLoadBalancingAlgorithmType,
      enableAnomalyMitigation: props.loadBalancingAlgorithm === LoadBalancingAlgorithm.AUTOMATIC_TARGET_WEIGHTS ? true : undefined,
      stickinessCookieDuration: props.stickiness?.cookieDuration,
      stickinessCookieName: props.stickiness?.applicationCookieName,
      crossZoneEnabled: false,
      targetGroupHealth: {
        // Counted per AZ because cross-zone is off (ELB User Guide, "Target group health", read 2026-11).
        dnsMinimumHealthyTargetCount: this.capacityPlan.peakSharePerAz,
        // Counts only: a percentage of registered targets would drop every AZ from DNS while an
        // instance refresh registers new, not yet healthy targets.
        dnsMinimumHealthyTargetPercentage: 0,
        // Fail open only when no target at all is healthy (the DNS threshold must be >= this one).
        routingMinimumHealthyTargetCount: 1,
        routingMinimumHealthyTargetPercentage: 0,
      },
    });
  }

  private route(props: HaWebServiceProps): void {
    if (props.priority === undefined) {
      props.listener.addTargetGroups('Default', { targetGroups: [this.targetGroup] });
    } else {
      new elbv2.ApplicationListenerRule(this, 'Rule', {
        listener: props.listener,
        priority: props.priority,
        conditions: props.conditions,
        targetGroups: [this.targetGroup],
      });
    }
  }

  /** The alarms that roll a deploy back; their evaluation sets the rollout's bake time. */
  private createAlarms(props: HaWebServiceProps): [cloudwatch.Alarm, cloudwatch.Alarm] {
    const { evaluationPeriods, datapointsToAlarm } = ROLLBACK_ALARM_EVALUATION;
    const threshold = props.http5xxRateThresholdPercent ?? DEFAULTS.http5xxRateThresholdPercent;
    const http5xxRate = new cloudwatch.Alarm(this, 'Http5xxRateAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-${props.serviceName}-5xx-rate` : undefined,
      alarmDescription: `${props.serviceName}: more than ${threshold}% of requests answered 5xx by the targets`,
      metric: this.metricHttp5xxRate(),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      // No requests means no errors to report.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unhealthyHosts = new cloudwatch.Alarm(this, 'UnhealthyHostsAlarm', {
      alarmName: props.alarmNamePrefix ? `${props.alarmNamePrefix}-${props.serviceName}-unhealthy-hosts` : undefined,
      alarmDescription: `${props.serviceName}: at least one target fails its health check`,
      metric: this.metricUnhealthyHostCount(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.notificationTopic) {
      for (const alarm of [http5xxRate, unhealthyHosts]) {
        notifyOnAlarmAndOk(alarm, props.notificationTopic, 'web');
      }
    }
    return [http5xxRate, unhealthyHosts];
  }

  /**
   * One group over every AZ, `balanced-only` (docs/adr/0011): when an AZ cannot launch, the group
   * stays short there rather than fill the other AZs, so no AZ ever holds more than its share and
   * losing any one AZ never takes more than perAz with it. The shortfall is alarmed per AZ.
   */
  private createGroup(props: HaWebServiceProps): autoscaling.AutoScalingGroup {
    const group = createStaticallyStableGroup(this, {
      network: props.network,
      launchTemplate: this.launchTemplate,
      capacityPlan: this.capacityPlan,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: props.healthCheckGracePeriod ?? DEFAULTS.gracePeriod,
      }),
      instanceWarmup: props.instanceWarmup ?? DEFAULTS.warmup,
      rollbackAlarms: this.alarms,
      notificationTopic: props.notificationTopic,
      kind: 'web-group',
    });
    this.targetGroup.addTarget(group);
    return group;
  }

  /** Scaling only ever adds to the statically stable minimum; it never replaces it. */
  private configureScaling(props: HaWebServiceProps): void {
    const warmup = props.instanceWarmup ?? DEFAULTS.warmup;
    // As scaleOnRequestCount('RequestsPerTarget') does (same ID, so the same logical ID), but with
    // the resource label built from the full-name attributes, not a split of the listener ARN,
    // which Fn::GetStackOutput may not feed when the service is in a stack of its own (HA-CFN-001).
    const requests = new autoscaling.TargetTrackingScalingPolicy(this.autoScalingGroup, 'ScalingPolicyRequestsPerTarget', {
      autoScalingGroup: this.autoScalingGroup,
      predefinedMetric: autoscaling.PredefinedMetric.ALB_REQUEST_COUNT_PER_TARGET,
      resourceLabel: `${this.targetGroupMetrics.loadBalancerFullName}/${this.targetGroupMetrics.targetGroupFullName}`,
      // The predefined metric is per minute, as targetRequestsPerMinute.
      targetValue: props.targetRequestsPerMinute ?? DEFAULTS.targetRequestsPerMinute,
      estimatedInstanceWarmup: warmup,
    });
    requests.node.addDependency(this.targetGroup.loadBalancerAttached);
    this.autoScalingGroup.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.targetCpuUtilization ?? DEFAULTS.targetCpuUtilization,
      estimatedInstanceWarmup: warmup,
    });
  }

  /** Requests routed to this service. */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetrics.requestCount({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** Percentage of this service's requests answered 5xx by its targets (metric math). */
  public metricHttp5xxRate(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const [errors, requests] = ['errors', 'requests'].map((base) => qualifiedMetricId(base, this.serviceName));
    return new cloudwatch.MathExpression({
      expression: `100 * FILL(${errors}, 0) / ${requests}`,
      usingMetrics: {
        [errors]: this.targetGroupMetrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
          statistic: 'Sum',
          period: Duration.minutes(1),
        }),
        [requests]: this.metricRequestCount(),
      },
      label: `${this.serviceName} 5xx rate (%)`,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** Targets passing health checks. */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetrics.healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1), ...props });
  }

  /**
   * Targets passing health checks in one AZ (target-group metric with the AvailabilityZone
   * dimension). With cross-zone off it is the capacity that AZ's load-balancer node can use.
   */
  public metricHealthyHostCountInZone(availabilityZone: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetrics
      .inZone(availabilityZone)
      .healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1), ...props });
  }

  /** Targets failing health checks. */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetrics.unhealthyHostCount({ statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** p99 time targets take to answer. */
  public metricTargetResponseTimeP99(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1), ...props });
  }

  /** Instances in service in the Auto Scaling group. */
  public metricInServiceInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricGroupInServiceInstances(this.autoScalingGroup, props);
  }
}
