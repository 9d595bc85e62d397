import { Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { isInZone } from '../config/validate-failover-record';
import { ValidationError } from '../errors';

/**
 * Route 53 health-check settings and their documented bounds (Route 53 API Reference,
 * `HealthCheckConfig`, and Developer Guide, "Values that you specify when you create or update
 * health checks", both read 2026-11-29): `RequestInterval` is 10 or 30 seconds, 30 by default, and
 * cannot be changed after creation (10 s, "fast", is billed higher); `FailureThreshold` is 1 to 10,
 * 3 by default.
 */
export const ROUTE53_HEALTH_CHECK = {
  requestIntervals: [10, 30],
  defaultRequestInterval: Duration.seconds(30),
  minFailureThreshold: 1,
  maxFailureThreshold: 10,
  defaultFailureThreshold: 3,
} as const;

/**
 * The only Region where Route 53 publishes health-check metrics (`AWS/Route53`), whatever the
 * endpoint's Region (Route 53 Developer Guide, "Monitoring health checks using CloudWatch", read 2026-11-29).
 */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** Properties of {@link HaFailoverEndpoint}. */
export interface HaFailoverEndpointProps {
  /** This Region's load balancer: the record's alias target and the health check's endpoint. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /**
   * Whether the load balancer answers HTTPS on 443. Without it the check is HTTP on 80; with it
   * the check must be HTTPS, since port 80 only redirects and Route 53 counts a 3xx as healthy.
   */
  readonly https: boolean;
  /** The public hosted zone holding the record (`HostedZone.fromHostedZoneAttributes`: no lookup). */
  readonly zone: route53.IHostedZone;
  /** The name users resolve, inside `zone`, e.g. `app.example.org`. */
  readonly recordName: string;
  /** `PRIMARY` in the primary Region's Stage, `SECONDARY` in the standby's. */
  readonly failover: route53.Failover;
  /**
   * Distinguishes this Region's record from the other Region's record of the same name.
   *
   * @default - the stack's Region, e.g. `us-east-1`
   */
  readonly setIdentifier?: string;
  /**
   * Path the health check requests through the load balancer's listener (its default action:
   * the default service), answered 2xx or 3xx when the Region serves.
   *
   * @default '/health' - the path the web tier's own target health checks use
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds between one checker's requests: 10 or 30.
   *
   * @default Duration.seconds(30) - Route 53's default; 10 s halves detection time at a higher price
   */
  readonly requestInterval?: Duration;
  /**
   * Consecutive failed (or passed) checks that flip the endpoint's status, 1 to 10.
   *
   * @default 3 - Route 53's default: one lost request does not move a Region's traffic
   */
  readonly failureThreshold?: number;
}

/**
 * One Region's half of a Route 53 failover pair (docs/adr/0081): a health check on this Region's
 * load balancer, over HTTPS through the listener users reach, and a failover alias record
 * (`PRIMARY` or `SECONDARY`) to the load balancer carrying that health check. Each Region's Stage
 * builds its own half, so each deploys, and survives, without the other.
 *
 * The record also evaluates target health: Route 53 then judges the load balancer unhealthy when any
 * of its target groups holds only unhealthy targets (Route 53 API Reference, `AliasTarget.EvaluateTargetHealth`,
 * read 2026-11-29), so a service down in every AZ moves the Region's traffic even while `/health` (the
 * default service) still answers. Each target group spans the Region's AZs (docs/adr/0010), so the
 * loss of one AZ does not trip it: the load balancer's own per-AZ DNS failover handles that.
 */
export class HaFailoverEndpoint extends Construct {
  /** The health check on this Region's endpoint. Its status metric exists only in us-east-1. */
  public readonly healthCheck: route53.HealthCheck;
  /** The failover alias record. */
  public readonly record: route53.ARecord;
  /** Detection time: request interval x failure threshold (Route 53 health checkers do not coordinate, so it is approximate). */
  public readonly detectionTime: Duration;

  constructor(scope: Construct, id: string, props: HaFailoverEndpointProps) {
    super(scope, id);
    const interval = props.requestInterval ?? ROUTE53_HEALTH_CHECK.defaultRequestInterval;
    const threshold = props.failureThreshold ?? ROUTE53_HEALTH_CHECK.defaultFailureThreshold;
    this.validate(props, interval, threshold);
    this.detectionTime = Duration.seconds(interval.toSeconds() * threshold);

    this.healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: props.https ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
      fqdn: props.loadBalancer.loadBalancerDnsName,
      port: props.https ? 443 : 80,
      resourcePath: props.healthCheckPath ?? '/health',
      requestInterval: interval,
      failureThreshold: threshold,
      // The checker reaches this load balancer by its own DNS name, which no certificate of ours
      // names; Route 53 retries without SNI when the certificate does not match (API Reference,
      // HealthCheckConfig.EnableSNI, read 2026-11-29), so SNI would only double every handshake.
      // Without SNI the listener presents its default certificate, the one covering recordName.
      enableSNI: props.https ? false : undefined,
      measureLatency: false,
    });
    // Route 53's console lists health checks by their Name tag.
    Tags.of(this.healthCheck).add('Name', `${props.recordName} ${props.failover} (${Stack.of(this).region})`);
    this.record = new route53.ARecord(this, 'Record', {
      zone: props.zone,
      recordName: props.recordName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer, { evaluateTargetHealth: true })),
      failover: props.failover,
      setIdentifier: props.setIdentifier ?? Stack.of(this).region,
      healthCheck: this.healthCheck,
      comment: `${props.failover} of ${props.recordName}: this Region's load balancer while its health check passes (docs/adr/0081)`,
    });
  }

  /**
   * `HealthCheckStatus` of the health check: 1 healthy, 0 unhealthy, by minute. Route 53 publishes
   * it in us-east-1 only, so an alarm on it must live in a us-east-1 stack (docs/adr/0082).
   */
  public metricHealthCheckStatus(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Route53',
      metricName: 'HealthCheckStatus',
      dimensionsMap: { HealthCheckId: this.healthCheck.healthCheckId },
      statistic: 'Minimum',
      period: Duration.minutes(1),
      region: ROUTE53_METRICS_REGION,
      ...props,
    });
  }

  private validate(props: HaFailoverEndpointProps, interval: Duration, threshold: number): void {
    const problems: string[] = [];
    const zoneName = props.zone.zoneName;
    if (!Token.isUnresolved(zoneName) && !Token.isUnresolved(props.recordName) && !isInZone(props.recordName, zoneName)) {
      problems.push(
        `recordName '${props.recordName}' is not in the zone '${zoneName}'; Route 53 only answers for names inside the zone: use a name ending in '.${zoneName}'`,
      );
    }
    const seconds = interval.toSeconds();
    if (Token.isUnresolved(seconds) || !(ROUTE53_HEALTH_CHECK.requestIntervals as readonly number[]).includes(seconds)) {
      problems.push(`requestInterval is ${seconds} s; Route 53 accepts 10 or 30 seconds`);
    }
    if (
      !Number.isInteger(threshold) ||
      threshold < ROUTE53_HEALTH_CHECK.minFailureThreshold ||
      threshold > ROUTE53_HEALTH_CHECK.maxFailureThreshold
    ) {
      problems.push(`failureThreshold is ${threshold}; Route 53 accepts a whole number from 1 to 10`);
    }
    const path = props.healthCheckPath;
    if (path !== undefined && !path.startsWith('/')) {
      problems.push(`healthCheckPath '${path}' must start with '/', e.g. '/health'`);
    }
    ValidationError.throwIfAny(`HaFailoverEndpoint '${this.node.id}': invalid props`, problems, this);
  }
}
