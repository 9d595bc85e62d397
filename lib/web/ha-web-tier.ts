import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CapacityPlan } from './capacity-plan';
import { HaWebAcl } from './ha-web-acl';
import { HaWebService, HaWebServiceOptions } from './ha-web-service';
import { inheritedServiceOptions } from './inherited-service-options';
import { ValidationError } from '../errors';
import { AWS_LIMITS } from '../limits/aws-limits';
import { checkAtSynth, checkLimit } from '../limits/check-limit';
import { HaNetwork } from '../network/ha-network';
import { acknowledgeNag } from '../private/acknowledge-nag';
import { createVolumeKey } from '../private/volume-key';
import { qualifiedMetricId } from '../private/metric-ids';
import { HaWarnings, reportWeakening } from '../warnings';

/** Properties of {@link HaWebTier}; the service options describe its default service. */
export interface HaWebTierProps extends HaWebServiceOptions {
  /** The network: the load balancer goes into its ingress subnets, instances into its application subnets. */
  readonly network: HaNetwork;

  /**
   * Certificate for the HTTPS listener; HTTP then redirects to HTTPS.
   *
   * @default - HTTP only, which strict mode refuses unless `allowInsecureHttp` is set
   */
  readonly certificate?: acm.ICertificate;

  /**
   * TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.TLS13_12_RES_PQ - TLS 1.2 and 1.3, forward-secret AEAD ciphers only, post-quantum key exchange
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Serve plain HTTP without a certificate, even in strict mode.
   *
   * @default false
   */
  readonly allowInsecureHttp?: boolean;

  /**
   * Deletion protection on the load balancer.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * How long access logs stay in their bucket.
   *
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;

  /**
   * Requests one client IP may send in 5 minutes before the web ACL blocks it.
   *
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;

  /**
   * Retention of the WAF log.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly wafLogRetention?: logs.RetentionDays;

  /**
   * Topic for every service's alarms (ALARM and OK) and scaling notifications (launch,
   * terminate, failures). Required: a deploy-rollback alarm that pages nobody hides the
   * failure it caught (HA-MON-001). `new HaAlerting(this, 'Alerting', { emailAddresses })`
   * makes one with a subscriber (docs/adr/0050).
   */
  readonly notificationTopic: sns.ITopic;

  /**
   * Name of the default service, in alarm names and the default workload's answers.
   *
   * @default 'default'
   */
  readonly serviceName?: string;

  /**
   * Prefix of alarm names, e.g. `prod-web`.
   *
   * @default - CloudFormation-generated alarm names
   */
  readonly alarmNamePrefix?: string;

  /**
   * Turns availability- and security-weakening choices (HTTP without TLS) into errors.
   *
   * @default false
   */
  readonly strict?: boolean;
}

/**
 * Options of {@link HaWebTier.addService}. A setting left out is taken from the tier's own props
 * when the tier sets it (instance type, machine image, app port, health check, load balancing,
 * scaling targets, alarm threshold), else from the service default.
 */
export interface AddServiceOptions extends HaWebServiceOptions {
  /**
   * Listener-rule priority (1 to 50,000, unique in the tier; lower wins). Fixed by you, not derived
   * from call order, so that adding a service never renumbers the others' rules.
   */
  readonly priority: number;
  /**
   * Path patterns routed to the service, e.g. `['/orders/*']`.
   *
   * @default - no path condition (give hostHeaders instead)
   */
  readonly pathPatterns?: string[];
  /**
   * Host headers routed to the service, e.g. `['orders.example.com']`.
   *
   * @default - no host condition (give pathPatterns instead)
   */
  readonly hostHeaders?: string[];
  /**
   * Where the service's constructs go: a stack of its own (or one shared by a few services), so
   * that the tier's stack stays inside CloudFormation's limits as services grow (docs/adr/0060).
   * Its stack must deploy with the tier's (same account and region); it comes to depend on the
   * tier's stack (listener, load balancer, shared security group), never the other way round.
   *
   * A service outside the tier's stack runs in the tier's shared
   * {@link HaWebTier.serviceInstancesSecurityGroup}: rules between the load balancer's security
   * group and one in another stack would be written into the load balancer's stack, which would
   * then depend on the service's stack (a cycle).
   *
   * @default - inside this tier (and its stack)
   */
  readonly scope?: Construct;
}

/**
 * An internet-facing Application Load Balancer across every AZ in front of statically stable,
 * multi-AZ Auto Scaling services, with safe deploys.
 *
 * Each service (the default one and those from {@link addService}) keeps, after losing any one
 * AZ, at least its baseline without waiting for scaling; deploys roll out by instance refresh
 * that launches before it terminates and rolls back when the service's alarms fire.
 */
export class HaWebTier extends Construct implements ec2.IConnectable {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener services attach to: HTTPS with a certificate, else HTTP. */
  public readonly listener: elbv2.ApplicationListener;
  /** The default service (the listener's default action). */
  public readonly defaultService: HaWebService;
  /** The default service's capacity plan. */
  public readonly capacityPlan: CapacityPlan;
  /** The encrypted bucket holding the load balancer's access logs. */
  public readonly accessLogBucket: s3.Bucket;
  /** The key encrypting every service's EBS volumes. */
  public readonly volumeEncryptionKey: kms.Key;
  /** The WAF web ACL in front of the load balancer. */
  public readonly webAcl: HaWebAcl;
  /**
   * The instances of every service, as a client of other tiers: `database.allowFrom(web)` lets
   * all of them in. The load balancer's own connections are `loadBalancer.connections`.
   * Services added later join it; grant access after the last `addService`.
   */
  public readonly connections: ec2.Connections;
  /** The AZs the load balancer and every service span. */
  public readonly availabilityZones: string[];

  private readonly props: HaWebTierProps;
  private sharedSecurityGroup?: ec2.SecurityGroup;
  private readonly servicesByName = new Map<string, HaWebService>();
  private readonly priorities = new Map<number, string>();

  constructor(scope: Construct, id: string, props: HaWebTierProps) {
    super(scope, id);
    this.props = props;
    const { network } = props;
    this.availabilityZones = network.availabilityZones;
    if (!props.notificationTopic) {
      // The type requires it; JavaScript callers and `as any` still reach here.
      throw new ValidationError(
        "HaWebTier: notificationTopic is missing; pass the topic on-call subscribes to, e.g. new HaAlerting(this, 'Alerting', { emailAddresses: ['oncall@example.org'] }).topic",
        this,
      );
    }
    const https = props.certificate !== undefined;
    if (!https && !props.allowInsecureHttp) {
      reportWeakening(
        this,
        props.strict ?? false,
        HaWarnings.HTTP_WITHOUT_TLS,
        'HaWebTier: no certificate was given, so the load balancer serves plain HTTP. Pass certificate for HTTPS, or set allowInsecureHttp: true to accept HTTP on purpose.',
      );
    }

    const securityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: network.vpc,
      description: 'Load balancer: listener ports from the internet, app ports to the instances only',
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      vpcSubnets: network.ingressSubnets,
      internetFacing: true,
      securityGroup,
      http2Enabled: true,
      dropInvalidHeaderFields: true,
      // An ALB's own cross-zone setting cannot be turned off; each target group turns it off
      // for itself (AZ-local routing, docs/adr/0010).
      crossZoneEnabled: true,
      deletionProtection: props.deletionProtection ?? true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
    });
    // Lets an operator (or zonal autoshift, HaZonalAutoshift) move traffic away from an impaired AZ
    // in one call; with AZ-local target groups the shift takes that AZ's targets out too.
    this.loadBalancer.setAttribute('zonal_shift.config.enabled', 'true');
    this.connections = new ec2.Connections();
    acknowledgeNag(
      securityGroup,
      'EC23',
      'An internet-facing load balancer: its listener ports (443, and 80 only to redirect to 443) are open to the internet by design, behind the WAF web ACL; nothing else is open',
    );

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // ALB log delivery writes with SSE-S3 only; SSE-KMS buckets receive no logs.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: props.accessLogRetention ?? Duration.days(90),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Access logs are evidence after an incident; deleting the stack must not delete them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.loadBalancer.logAccessLogs(this.accessLogBucket, 'alb');
    acknowledgeNag(
      this.accessLogBucket,
      'S1',
      'This bucket holds the access logs; logging its own access to another bucket would only move the question there',
    );
    this.webAcl = new HaWebAcl(this, 'WebAcl', {
      loadBalancer: this.loadBalancer,
      rateLimitPer5Minutes: props.rateLimitPer5Minutes,
      logRetention: props.wafLogRetention,
    });

    if (https) {
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [props.certificate!],
        sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.TLS13_12_RES_PQ,
        open: true,
      });
      this.loadBalancer.addRedirect({
        sourcePort: 80,
        sourceProtocol: elbv2.ApplicationProtocol.HTTP,
        targetPort: 443,
        targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      });
    } else {
      this.listener = this.loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: true });
    }

    this.volumeEncryptionKey = createVolumeKey(this);
    const serviceName = props.serviceName ?? 'default';
    this.defaultService = this.createService('Default', serviceName, props);
    this.capacityPlan = this.defaultService.capacityPlan;
    checkAtSynth(this, () => this.checkLimits());
  }

  /**
   * The security group of every service placed outside the tier's stack (see
   * {@link AddServiceOptions.scope}): one group, so that the load balancer's, database's and
   * cache's security groups gain one rule for all of them, not one per service.
   * Created with the first such service.
   */
  public get serviceInstancesSecurityGroup(): ec2.SecurityGroup {
    if (!this.sharedSecurityGroup) {
      this.sharedSecurityGroup = new ec2.SecurityGroup(this, 'ServiceInstancesSecurityGroup', {
        vpc: this.props.network.vpc,
        description: 'Instances of the services in their own stacks: app ports from the load balancer only, HTTPS out',
        allowAllOutbound: false,
      });
      this.connections.addSecurityGroup(this.sharedSecurityGroup);
    }
    return this.sharedSecurityGroup;
  }

  /**
   * Adds a service with its own target group, Auto Scaling group, scaling and alarms, reached
   * through a listener rule on path patterns and/or host headers.
   */
  public addService(name: string, options: AddServiceOptions): HaWebService {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) {
      problems.push(`name '${name}' must be lowercase letters, digits or '-' (it goes into construct IDs and alarm names)`);
    }
    if (this.servicesByName.has(name)) {
      problems.push(`a service named '${name}' exists already`);
    }
    if (!Number.isInteger(options.priority) || options.priority < 1 || options.priority > 50000) {
      problems.push(`priority is ${options.priority}; use a whole number from 1 to 50000`);
    } else if (this.priorities.has(options.priority)) {
      problems.push(
        `priority ${options.priority} is taken by service '${this.priorities.get(options.priority)}'; each listener rule needs its own`,
      );
    }
    if (!options.pathPatterns?.length && !options.hostHeaders?.length) {
      problems.push('give pathPatterns or hostHeaders (or both) so that the listener can route to the service');
    }
    ValidationError.throwIfAny(`HaWebTier.addService('${name}'): invalid options`, problems, this);
    const conditions: elbv2.ListenerCondition[] = [];
    if (options.pathPatterns?.length) {
      conditions.push(elbv2.ListenerCondition.pathPatterns(options.pathPatterns));
    }
    if (options.hostHeaders?.length) {
      conditions.push(elbv2.ListenerCondition.hostHeaders(options.hostHeaders));
    }
    if (options.scope && Stack.of(options.scope).environment !== Stack.of(this).environment) {
      ValidationError.throwIfAny(
        `HaWebTier.addService('${name}'): invalid options`,
        [
          `scope is in stack '${Stack.of(options.scope).stackName}' (${Stack.of(options.scope).environment}), but the tier deploys to ${Stack.of(this).environment}; give a stack of the same account and region`,
        ],
        this,
      );
    }
    this.priorities.set(options.priority, name);
    return this.createService(`Service-${name}`, name, options, options.priority, conditions, options.scope);
  }

  /** Every service of the tier, the default one first. */
  public get services(): HaWebService[] {
    return [...this.servicesByName.values()];
  }

  /** Alarms of every service. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.services.flatMap((s) => s.alarms);
  }

  /** Requests the load balancer received. */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.requestCount({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /**
   * Percentage of requests answered 5xx, by the load balancer itself or by targets (metric math).
   *
   * @param availabilityZone limit to one AZ's load-balancer node, to compare AZs
   */
  public metricHttp5xxRate(availabilityZone?: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const [elb, target, requests] = ['elb5xx', 'target5xx', 'requests'].map((base) => qualifiedMetricId(base, availabilityZone ?? 'all'));
    return new cloudwatch.MathExpression({
      expression: `100 * (FILL(${elb}, 0) + FILL(${target}, 0)) / ${requests}`,
      usingMetrics: {
        [elb]: this.metricLoadBalancer('HTTPCode_ELB_5XX_Count', 'Sum', availabilityZone),
        [target]: this.metricLoadBalancer('HTTPCode_Target_5XX_Count', 'Sum', availabilityZone),
        [requests]: this.metricLoadBalancer('RequestCount', 'Sum', availabilityZone),
      },
      label: availabilityZone ? `5xx rate in ${availabilityZone} (%)` : '5xx rate (%)',
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * p99 target response time.
   *
   * @param availabilityZone limit to one AZ, to compare AZs
   */
  public metricTargetResponseTimeP99(availabilityZone?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricLoadBalancer('TargetResponseTime', 'p99', availabilityZone, props);
  }

  /** Healthy targets of the default service. */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.defaultService.metricHealthyHostCount(props);
  }

  /** Unhealthy targets of the default service. */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.defaultService.metricUnhealthyHostCount(props);
  }

  /** Connections the load balancer rejected because it hit its connection limit. */
  public metricRejectedConnectionCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.rejectedConnectionCount({ statistic: 'Sum', period: Duration.minutes(1), ...props });
  }

  /** A load-balancer metric (namespace AWS/ApplicationELB), for the whole load balancer or one AZ's node of it. */
  public metricLoadBalancer(
    metricName: string,
    statistic: string,
    availabilityZone?: string,
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    const dimensionsMap: cloudwatch.DimensionsMap = { LoadBalancer: this.loadBalancer.loadBalancerFullName };
    if (availabilityZone) {
      dimensionsMap.AvailabilityZone = availabilityZone;
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensionsMap,
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }

  private createService(
    id: string,
    name: string,
    options: HaWebServiceOptions,
    priority?: number,
    conditions?: elbv2.ListenerCondition[],
    scope: Construct = this,
  ): HaWebService {
    const outside = Stack.of(scope) !== Stack.of(this);
    const service = new HaWebService(scope, id, {
      ...(priority === undefined ? {} : inheritedServiceOptions(this.props)),
      ...options,
      network: this.props.network,
      listener: this.listener,
      serviceName: name,
      priority,
      conditions,
      alarmNamePrefix: this.props.alarmNamePrefix,
      volumeEncryptionKey: this.volumeEncryptionKey,
      notificationTopic: this.props.notificationTopic,
      securityGroup: outside ? this.serviceInstancesSecurityGroup : undefined,
    });
    this.servicesByName.set(name, service);
    if (!this.connections.securityGroups.includes(service.securityGroup)) {
      this.connections.addSecurityGroup(service.securityGroup);
    }
    return service;
  }

  /**
   * The ALB's and security groups' limits, judged on the final set of services (at synth):
   * a warning from 80 %, an error above the limit.
   */
  private checkLimits(): void {
    const where = `HaWebTier '${this.node.path}'`;
    const services = this.services;
    checkLimit(
      this,
      AWS_LIMITS.listenerRules,
      services.length - 1,
      where,
      'Route several paths to one service, or split the services over a second load balancer (another HaWebTier)',
    );
    checkLimit(
      this,
      AWS_LIMITS.targetGroups,
      services.length,
      where,
      'Merge services that scale together, or split the services over a second load balancer (another HaWebTier)',
    );
    // At their maximums every service's instances are targets of this load balancer; past the
    // quota, scale-out launches instances that cannot register (an instance refresh, launching
    // before it terminates, adds up to one more group's worth while it runs).
    checkLimit(
      this,
      AWS_LIMITS.targetsPerLoadBalancer,
      services.reduce((sum, s) => sum + s.capacityPlan.maximum, 0),
      where,
      "Lower the services' capacity.maximum, use larger instance types, split the services over a second load balancer, or raise the quota and acknowledge this warning",
    );
    // The load balancer's group has one egress rule per instance group and app port; the data
    // tier's groups one ingress rule per instance group (allowFrom).
    const egress = new Set(services.map((s) => `${s.securityGroup.node.path}:${s.appPort}`)).size;
    checkLimit(
      this,
      AWS_LIMITS.securityGroupRules,
      egress,
      `${where}, load balancer security group egress`,
      'Place services in their own stacks (addService scope): they share one security group, so they add no rules per service',
    );
    checkLimit(
      this,
      AWS_LIMITS.securityGroupRules,
      this.connections.securityGroups.length,
      `${where}, ingress rules the services' security groups need on each data-tier group (allowFrom)`,
      'Place services in their own stacks (addService scope): they share one security group, so they add no rules per service',
    );
  }
}
