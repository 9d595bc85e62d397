import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOnAlarmAndOk } from './alarm-actions';
import { BURN_RATE_POLICIES, BurnRatePolicy, burnRateThreshold, errorBudgetRatio } from './error-budget';
import { ValidationError } from '../errors';
import { qualifiedMetricId } from '../private/metric-ids';
import { HaWebTier } from '../web/ha-web-tier';

/**
 * An availability service-level objective on the web tier's requests.
 */
export interface ServiceLevelObjective {
  /**
   * Percentage of requests the load balancer must answer without a 5xx (its own or a target's),
   * e.g. `99.95`. The rest is the error budget.
   */
  readonly availabilityPercent: number;
  /** The rolling window the objective holds over, in whole days (the SRE Workbook's policy is tuned for 30). */
  readonly window: Duration;
}

/** Properties of {@link SloMonitoring}. */
export interface SloMonitoringProps {
  /** Environment name; the first part of every alarm name (`prod-slo-burn-rate-1h`). */
  readonly environmentName: string;
  /** Topic that receives every ALARM and OK transition. */
  readonly alarmTopic: sns.ITopic;
  /** The web tier whose load balancer's requests the objective counts. */
  readonly web: HaWebTier;
  /** The objective. */
  readonly slo: ServiceLevelObjective;
}

/** Longest SLO window accepted: CloudWatch keeps 5-minute data for 63 days; a budget over more reacts too slowly to steer releases. */
const MAX_WINDOW_DAYS = 90;
const HOUR = Duration.hours(1);

/**
 * Multi-window, multi-burn-rate alarms on an availability SLO, and the dashboard widgets that
 * show the budget (SRE Workbook, "Alerting on SLOs").
 *
 * For each pair of windows a metric alarm per window computes the burn rate,
 * `5xx / requests / (1 - SLO)`, over that window (one period, CloudWatch's default sliding
 * evaluation window), and a composite alarm fires when **both** are at or above the pair's
 * burn rate: the long window proves the burn is big enough to matter, the short one that it is
 * still going on.
 *
 * - `<env>-error-budget-fast-burn` (1 h and 5 min, 14.4x for 30 days): users are hurt now; it
 *   belongs in `<env>-users-impaired`.
 * - `<env>-error-budget-slow-burn` (6 h and 30 min, 6x): ticket level; the budget will not last
 *   the window at this pace. Kept out of users-impaired.
 */
export class SloMonitoring extends Construct {
  /** The four burn-rate metric alarms, `<env>-slo-burn-rate-<window>`. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** `<env>-error-budget-fast-burn`: page. */
  public readonly fastBurn: cloudwatch.CompositeAlarm;
  /** `<env>-error-budget-slow-burn`: ticket. */
  public readonly slowBurn: cloudwatch.CompositeAlarm;
  /** Dashboard rows: budget remaining and availability over the SLO window, burn rates against their thresholds. */
  public readonly widgets: cloudwatch.IWidget[][];

  /** Both composites, fast burn first. */
  public get composites(): cloudwatch.CompositeAlarm[] {
    return [this.fastBurn, this.slowBurn];
  }

  private readonly props: SloMonitoringProps;
  private readonly windowDays: number;

  constructor(scope: Construct, id: string, props: SloMonitoringProps) {
    super(scope, id);
    this.props = props;
    this.windowDays = this.validate();

    const [fast, slow] = BURN_RATE_POLICIES;
    this.fastBurn = this.burnRatePair(
      'FastBurn',
      fast,
      `users are hurt now: at this pace the ${this.windowDays}-day error budget of the ${props.slo.availabilityPercent}% SLO is gone in ${this.daysToExhaustion(fast)} days`,
    );
    this.slowBurn = this.burnRatePair(
      'SlowBurn',
      slow,
      `ticket: the ${this.windowDays}-day error budget of the ${props.slo.availabilityPercent}% SLO will not last the window (gone in ${this.daysToExhaustion(slow)} days at this pace)`,
    );
    this.widgets = this.buildWidgets();
  }

  /**
   * The burn rate over one window, by metric math on the load balancer's own counts: the share
   * of requests answered 5xx divided by the share the SLO allows.
   */
  public metricBurnRate(window: Duration): cloudwatch.MathExpression {
    const label = formatWindow(window);
    const web = this.props.web;
    const [elb, target, requests] = ['elb5xx', 'target5xx', 'requests'].map((base) => qualifiedMetricId(base, label));
    return new cloudwatch.MathExpression({
      expression: `(FILL(${elb}, 0) + FILL(${target}, 0)) / ${requests} / ${errorBudgetRatio(this.props.slo.availabilityPercent)}`,
      usingMetrics: {
        [elb]: web.metricLoadBalancer('HTTPCode_ELB_5XX_Count', 'Sum', undefined, { period: window }),
        [target]: web.metricLoadBalancer('HTTPCode_Target_5XX_Count', 'Sum', undefined, { period: window }),
        [requests]: web.metricLoadBalancer('RequestCount', 'Sum', undefined, { period: window }),
      },
      label: `burn rate over ${label}`,
      // One datapoint is the whole window.
      period: window,
    });
  }

  private burnRatePair(id: string, policy: BurnRatePolicy, meaning: string): cloudwatch.CompositeAlarm {
    const env = this.props.environmentName;
    const threshold = burnRateThreshold(policy, this.windowDays);
    const [long, short] = [policy.longWindowMinutes, policy.shortWindowMinutes].map((minutes) =>
      this.burnRateAlarm(Duration.minutes(minutes), threshold),
    );
    const composite = new cloudwatch.CompositeAlarm(this, id, {
      compositeAlarmName: `${env}-error-budget-${policy.name}-burn`,
      alarmDescription: `${env}: the error budget burns at ${threshold}x or more over both ${formatWindow(Duration.minutes(policy.longWindowMinutes))} and ${formatWindow(Duration.minutes(policy.shortWindowMinutes))}; ${meaning}.`,
      alarmRule: cloudwatch.AlarmRule.allOf(long, short),
    });
    notifyOnAlarmAndOk(composite, this.props.alarmTopic, 'environment');
    return composite;
  }

  private burnRateAlarm(window: Duration, threshold: number): cloudwatch.Alarm {
    const name = `${this.props.environmentName}-slo-burn-rate-${formatWindow(window)}`;
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmName: name,
      alarmDescription: `The error budget of the ${this.props.slo.availabilityPercent}% SLO burns at ${threshold}x or more over the last ${formatWindow(window)}`,
      metric: this.metricBurnRate(window),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // One datapoint spanning the whole window, on CloudWatch's sliding evaluation window.
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // no requests, no budget spent
    });
    notifyOnAlarmAndOk(alarm, this.props.alarmTopic, 'slo');
    this.alarms.push(alarm);
    return alarm;
  }

  private daysToExhaustion(policy: BurnRatePolicy): string {
    return (this.windowDays / burnRateThreshold(policy, this.windowDays)).toFixed(1);
  }

  private buildWidgets(): cloudwatch.IWidget[][] {
    const { web, slo } = this.props;
    const budget = errorBudgetRatio(slo.availabilityPercent);
    const overWindow = (expression: string, label: string) =>
      new cloudwatch.MathExpression({
        expression,
        usingMetrics: {
          elb5xx_slo: web.metricLoadBalancer('HTTPCode_ELB_5XX_Count', 'Sum', undefined, { period: HOUR }),
          target5xx_slo: web.metricLoadBalancer('HTTPCode_Target_5XX_Count', 'Sum', undefined, { period: HOUR }),
          requests_slo: web.metricLoadBalancer('RequestCount', 'Sum', undefined, { period: HOUR }),
        },
        label,
        // The widgets set the period to their whole range; an hour is what a graph of it would show.
        period: HOUR,
      });
    const errorRatio = '(FILL(elb5xx_slo, 0) + FILL(target5xx_slo, 0)) / requests_slo';
    const [fast, slow] = BURN_RATE_POLICIES;
    return [
      [
        new cloudwatch.TextWidget({
          markdown: `## Availability SLO: ${slo.availabilityPercent}% of requests without a 5xx over ${this.windowDays} days`,
          width: 24,
          height: 1,
        }),
      ],
      [
        new cloudwatch.SingleValueWidget({
          title: `Error budget remaining (%, last ${this.windowDays} days)`,
          metrics: [overWindow(`100 * (1 - ${errorRatio} / ${budget})`, 'budget remaining (%)')],
          // The whole widget range is one period: the value is the window's, not the last 5 minutes'.
          start: `-P${this.windowDays}D`,
          setPeriodToTimeRange: true,
          width: 8,
          height: 6,
        }),
        new cloudwatch.SingleValueWidget({
          title: `Availability (%, last ${this.windowDays} days)`,
          metrics: [overWindow(`100 * (1 - ${errorRatio})`, 'availability (%)')],
          start: `-P${this.windowDays}D`,
          setPeriodToTimeRange: true,
          fullPrecision: true,
          width: 8,
          height: 6,
        }),
        new cloudwatch.GraphWidget({
          title: 'Burn rate (1 = budget lasts exactly the window)',
          left: [...new Set([fast.longWindowMinutes, slow.longWindowMinutes])].map((m) => this.metricBurnRate(Duration.minutes(m))),
          leftAnnotations: [fast, slow].map((p) => ({
            value: burnRateThreshold(p, this.windowDays),
            label: `${p.name} burn (${formatWindow(Duration.minutes(p.longWindowMinutes))})`,
          })),
          width: 8,
          height: 6,
        }),
      ],
    ];
  }

  /** @returns the window in whole days */
  private validate(): number {
    const { slo } = this.props;
    const problems: string[] = [];
    const pct = slo.availabilityPercent;
    const hours = slo.window.toHours({ integral: false });
    const days = hours / 24;
    if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) {
      problems.push(`slo.window is ${hours} hours; give whole days from 1 to ${MAX_WINDOW_DAYS} (30 is the usual choice)`);
    }
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct <= 0 || pct >= 100) {
      problems.push(`slo.availabilityPercent is ${pct}; give a percentage above 0 and below 100, e.g. 99.9`);
    } else if (Number.isInteger(days)) {
      // A burn rate the error ratio cannot reach (more than 100% errors) would make the fast alarm dead.
      const fastest = burnRateThreshold(BURN_RATE_POLICIES[0], days);
      const lowest = 100 - 100 / fastest;
      if (pct < lowest) {
        problems.push(
          `slo.availabilityPercent is ${pct}; with a ${days}-day window the fast-burn alarm (${fastest}x) could never fire below ${lowest.toFixed(2)}%; raise it`,
        );
      }
    }
    ValidationError.throwIfAny('SloMonitoring: invalid properties', problems, this);
    return days;
  }
}

/** `1h`, `5m`, `6h`, `30m`: the window in alarm names and labels. */
function formatWindow(window: Duration): string {
  const minutes = window.toMinutes();
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
