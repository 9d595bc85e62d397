import { Duration, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory, AlarmSpec, Meaning } from './alarm-spec';
import { MonitoringThresholds } from './monitoring-thresholds';
import { ValidationError } from '../errors';
import { qualifiedMetricId } from '../private/metric-ids';
import { HaWebService } from '../web/ha-web-service';
import { HaWebTier } from '../web/ha-web-tier';

const { GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;

/**
 * Stands in for the p99 of an AZ that reports none (no traffic), so that the fastest-other-AZ
 * comparison ignores it; far above any real latency, in seconds.
 */
const NO_LATENCY_SENTINEL_SECONDS = 1_000_000;

/** CloudWatch allows at most 10 metrics (MetricStat) in one alarm (CloudWatch User Guide, "Limits that apply to alarms based on metric math expressions", read 2026-11). */
const MAX_METRICS_PER_ALARM = 10;

/**
 * Tag naming the AZ a per-AZ alarm judges. Its metrics may name other AZs too (the outliers
 * compare with them), so the tag, not the dimensions, says whose alarm it is.
 */
export const AVAILABILITY_ZONE_TAG = 'ha:availability-zone';

/** Properties of {@link ZonalMonitoring}. */
export interface ZonalMonitoringProps {
  /** The web tier, whose target groups are AZ-local (docs/adr/0010). */
  readonly web: HaWebTier;
  /** Thresholds, defaults applied. */
  readonly thresholds: Required<MonitoringThresholds>;
  /** Creates, names and routes each alarm (HaMonitoring's). */
  readonly alarm: AlarmFactory;
  /**
   * Where a service's per-AZ alarms go (HaMonitoring's: its own stack when it has one).
   *
   * @default - wherever the factory puts alarms
   */
  readonly serviceScope?: (service: HaWebService) => Construct | undefined;
}

/**
 * Per-AZ detection: each AZ compared with the others, and each service's healthy hosts per AZ
 * against its share.
 *
 * It relies on AZ-local target groups: with cross-zone load balancing off, a load-balancer
 * node in one AZ serves only that AZ's targets, so the load balancer's `AvailabilityZone`
 * metrics describe the AZ. (With cross-zone on, every node spreads over every AZ's targets, and
 * one AZ failing 30 % of requests shows as about 10 % everywhere: no outlier.)
 *
 * - `<env>-web-<az>-5xx-outlier`: the AZ's 5xx rate minus the other AZs' pooled rate, when the AZ
 *   had more than `azOutlierMinimumRequests` requests in the minute (else 0).
 * - `<env>-web-<az>-latency-outlier`: the AZ's p99 minus the fastest other AZ's p99, with the same
 *   volume guard. Either one says: consider a zonal shift away from the AZ (zonal autoshift may
 *   already have done so).
 * - `<env>-web-<service>-<az>-below-share`: the service's healthy hosts in the AZ below its
 *   per-AZ share; losing another AZ now would leave less than the baseline.
 */
export class ZonalMonitoring {
  /** The per-AZ 5xx-outlier alarms, by AZ. */
  public readonly http5xxOutlierAlarms: Record<string, cloudwatch.Alarm> = {};
  /** The per-AZ latency-outlier alarms, by AZ. */
  public readonly latencyOutlierAlarms: Record<string, cloudwatch.Alarm> = {};
  /** The healthy-host alarms, one per service per AZ. */
  public readonly healthyHostAlarms: cloudwatch.Alarm[] = [];

  private readonly web: HaWebTier;
  private readonly thresholds: Required<MonitoringThresholds>;

  constructor(props: ZonalMonitoringProps) {
    const alarm = (az: string, spec: AlarmSpec) => {
      const created = props.alarm(spec);
      Tags.of(created).add(AVAILABILITY_ZONE_TAG, az);
      return created;
    };
    this.web = props.web;
    this.thresholds = props.thresholds;
    const zones = this.web.availabilityZones;
    if (zones.length + 1 > MAX_METRICS_PER_ALARM) {
      throw new ValidationError(
        `ZonalMonitoring: the latency-outlier alarm reads every AZ's p99 and the AZ's requests (${zones.length + 1} metrics for ${zones.length} AZs); CloudWatch allows ${MAX_METRICS_PER_ALARM} per alarm. Use at most ${MAX_METRICS_PER_ALARM - 1} AZs`,
        this.web,
      );
    }
    const t = this.thresholds;
    for (const az of zones) {
      this.http5xxOutlierAlarms[az] = alarm(az, {
        tier: 'web',
        name: `${az}-5xx-outlier`,
        description: `${az}'s 5xx rate is ${t.azOutlier5xxPercentagePoints} points above the other AZs' (with more than ${t.azOutlierMinimumRequests} requests a minute in ${az}): a gray failure in one AZ. Consider a zonal shift away from ${az}.`,
        metric: this.metricHttp5xxOutlier(az),
        threshold: t.azOutlier5xxPercentagePoints,
        comparison: ABOVE,
        missing: NOT_BREACHING,
        meaning: Meaning.REDUNDANCY,
      });
      this.latencyOutlierAlarms[az] = alarm(az, {
        tier: 'web',
        name: `${az}-latency-outlier`,
        description: `${az}'s p99 latency is ${t.azOutlierLatencySeconds} s above the fastest other AZ's (with more than ${t.azOutlierMinimumRequests} requests a minute in ${az}): a gray failure in one AZ. Consider a zonal shift away from ${az}.`,
        metric: this.metricLatencyOutlier(az),
        threshold: t.azOutlierLatencySeconds,
        comparison: ABOVE,
        missing: NOT_BREACHING,
        meaning: Meaning.REDUNDANCY,
      });
    }
    for (const service of this.web.services) {
      const plan = service.capacityPlan;
      const scope = props.serviceScope?.(service);
      for (const az of zones) {
        this.healthyHostAlarms.push(
          alarm(az, {
            tier: 'web',
            name: `${service.serviceName}-${az}-below-share`,
            scope,
            description: `${service.serviceName}: fewer healthy hosts in ${az} than its share of ${plan.perAz}; losing another AZ now would leave less than the baseline of ${plan.baseline}. Below ${plan.peakSharePerAz}, ${az} leaves DNS.`,
            metric: service.metricHealthyHostCountInZone(az),
            threshold: plan.perAz,
            comparison: BELOW,
            missing: BREACHING, // no healthy-host datapoints: no healthy hosts to count
            meaning: Meaning.REDUNDANCY,
            evaluationPeriods: 5,
            datapointsToAlarm: 5, // replacements take minutes; alarm on a lasting shortfall
          }),
        );
      }
    }
  }

  /**
   * One AZ's 5xx rate minus the pooled rate of all other AZs, in percentage points; 0 while the AZ
   * has `azOutlierMinimumRequests` requests a minute or fewer, or the other AZs have none. Built
   * from sums (6 metrics whatever the AZ count); every denominator is guarded, so no datapoint
   * ever divides by zero.
   */
  public metricHttp5xxOutlier(az: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const id = (base: string) => qualifiedMetricId(base, az);
    const [e, t, r, ea, ta, ra] = [id('elb'), id('target'), id('req'), id('elbAll'), id('targetAll'), id('reqAll')];
    const sum = (metricName: string, zone?: string) => this.web.metricLoadBalancer(metricName, 'Sum', zone);
    const zoneRequests = `FILL(${r}, 0)`;
    const otherRequests = `(FILL(${ra}, 0) - ${zoneRequests})`;
    const zoneErrors = `(FILL(${e}, 0) + FILL(${t}, 0))`;
    const otherErrors = `(FILL(${ea}, 0) + FILL(${ta}, 0) - ${zoneErrors})`;
    const zoneRate = `100 * ${zoneErrors} / IF(${zoneRequests} > 0, ${zoneRequests}, 1)`;
    const otherRate = `100 * ${otherErrors} / IF(${otherRequests} > 0, ${otherRequests}, 1)`;
    return new cloudwatch.MathExpression({
      // Nested IFs rather than AND: IF is the documented core of metric math's conditionals.
      expression: `IF(${zoneRequests} > ${this.thresholds.azOutlierMinimumRequests}, IF(${otherRequests} > 0, ${zoneRate} - ${otherRate}, 0), 0)`,
      usingMetrics: {
        [e]: sum('HTTPCode_ELB_5XX_Count', az),
        [t]: sum('HTTPCode_Target_5XX_Count', az),
        [r]: sum('RequestCount', az),
        [ea]: sum('HTTPCode_ELB_5XX_Count'),
        [ta]: sum('HTTPCode_Target_5XX_Count'),
        [ra]: sum('RequestCount'),
      },
      label: `${az} 5xx rate above other AZs (points)`,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * One AZ's p99 target response time minus the fastest other AZ's, in seconds; 0 while the AZ
   * has `azOutlierMinimumRequests` requests a minute or fewer. An AZ without traffic reports no
   * p99 and is left out of the comparison. (The whole load balancer's p99 would not do: one slow
   * AZ in three carries a third of the requests, so it sets the fleet's p99 too.)
   */
  public metricLatencyOutlier(az: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const zoneP99 = qualifiedMetricId('p99', az);
    const zoneRequests = qualifiedMetricId('req', az);
    const others = this.web.availabilityZones.filter((other) => other !== az);
    const usingMetrics: Record<string, cloudwatch.IMetric> = {
      [zoneP99]: this.web.metricTargetResponseTimeP99(az),
      [zoneRequests]: this.web.metricLoadBalancer('RequestCount', 'Sum', az),
    };
    const otherIds = others.map((other) => {
      const filled = qualifiedMetricId('fill', other);
      const raw = qualifiedMetricId('p99', other);
      usingMetrics[filled] = new cloudwatch.MathExpression({
        expression: `FILL(${raw}, ${NO_LATENCY_SENTINEL_SECONDS})`,
        usingMetrics: { [raw]: this.web.metricTargetResponseTimeP99(other) },
        period: Duration.minutes(1),
      });
      return filled;
    });
    const fastestOther = otherIds.length === 1 ? otherIds[0] : `MIN([${otherIds.join(', ')}])`;
    return new cloudwatch.MathExpression({
      expression: `IF(FILL(${zoneRequests}, 0) > ${this.thresholds.azOutlierMinimumRequests}, FILL(${zoneP99}, 0) - ${fastestOther}, 0)`,
      usingMetrics,
      label: `${az} p99 above the fastest other AZ (s)`,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Dashboard rows: per-AZ error rate, latency and requests side by side, then each service's
   * healthy hosts per AZ against its share (and the DNS-failover line below it).
   *
   * @param services the services to show a graph for (default: every service of the tier)
   */
  public widgets(services: HaWebService[] = this.web.services): cloudwatch.IWidget[][] {
    const web = this.web;
    const zones = web.availabilityZones;
    const graph = (title: string, left: cloudwatch.IMetric[]) =>
      new cloudwatch.GraphWidget({ title, left, leftAnnotations: [], width: 8, height: 6 });
    const rows: cloudwatch.IWidget[][] = [
      [
        new cloudwatch.TextWidget({
          markdown: '## Per AZ: one line leaving the others is a gray failure; answer with a zonal shift (or let zonal autoshift do it)',
          width: 24,
          height: 1,
        }),
      ],
      [
        graph(
          '5xx rate by AZ (%)',
          zones.map((az) => web.metricHttp5xxRate(az)),
        ),
        graph(
          'p99 latency by AZ (s)',
          zones.map((az) => web.metricTargetResponseTimeP99(az, { label: az })),
        ),
        graph(
          'Requests by AZ',
          zones.map((az) => web.metricLoadBalancer('RequestCount', 'Sum', az, { label: az })),
        ),
      ],
    ];
    const perService = services.map((service) => this.serviceWidget(service));
    for (let i = 0; i < perService.length; i += 3) {
      rows.push(perService.slice(i, i + 3));
    }
    return rows;
  }

  /** One service's healthy hosts per AZ against its share, and the line below which an AZ leaves DNS. */
  public serviceWidget(service: HaWebService): cloudwatch.GraphWidget {
    const plan = service.capacityPlan;
    return new cloudwatch.GraphWidget({
      title: `${service.serviceName}: healthy hosts per AZ vs share`,
      left: this.web.availabilityZones.map((az) => service.metricHealthyHostCountInZone(az, { label: az })),
      leftAnnotations: [
        { value: plan.perAz, label: `share per AZ (${plan.perAz})`, color: '#2ca02c' },
        { value: plan.peakSharePerAz, label: `below: AZ leaves DNS (${plan.peakSharePerAz})`, color: '#d62728' },
      ],
      width: 8,
      height: 6,
    });
  }
}
