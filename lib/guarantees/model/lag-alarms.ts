import { alarmRouting, AlarmRouting } from './alarm-routing';
import { EnvironmentModel } from './environment-model';
import { replicaEngineOf } from './region-facts';
import { ResourceRef, StackTemplate } from './resolved';

/** Facts about the alarms on a replica's replication lag: what bounds a Region-loss RPO. */

/** An alarm on a database's replication lag, with what it lets through before it fires. */
export interface LagAlarmFacts {
  readonly alarm: ResourceRef;
  /** Threshold, in seconds (`AuroraGlobalDB*Lag` metrics are in milliseconds and are converted). */
  readonly thresholdSeconds: number;
  /** Period x EvaluationPeriods: how long the lag may sit above the threshold before the alarm fires. */
  readonly windowSeconds: number;
  /** Whether missing data counts as breaching: a replica that stops reporting then alarms. */
  readonly missingDataBreaches: boolean;
  /**
   * Whether someone hears it: actions enabled and `AlarmActions` reaching a topic of the
   * environment (the routing facts HA-MON-001 uses). An alarm nobody hears bounds nothing.
   */
  readonly routed: boolean;
}

/**
 * The lag metrics, all in the `AWS/RDS` namespace with exactly one dimension (RDS User Guide,
 * "Amazon CloudWatch metrics for Amazon RDS" and Aurora User Guide, "Instance-level metrics for
 * Amazon Aurora", read 2026-11). CloudWatch matches an alarm's metric by namespace, name and the
 * exact dimension set: another namespace or an extra dimension watches a metric nothing publishes.
 */
const NAMESPACE = 'AWS/RDS';
const LAG_METRICS: Record<string, { dimension: string; scale: number }> = {
  ReplicaLag: { dimension: 'DBInstanceIdentifier', scale: 1 },
  AuroraGlobalDBReplicationLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
  AuroraGlobalDBRPOLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
};

/** One metric an alarm reads: from the alarm itself, or from a `MetricStat` of its `Metrics`. */
interface ReadMetric {
  readonly namespace: unknown;
  readonly name: unknown;
  readonly dimensions: unknown;
  readonly period: unknown;
}

function metricsOf(props: Record<string, any>): ReadMetric[] {
  if (props.MetricName !== undefined) {
    return [{ namespace: props.Namespace, name: props.MetricName, dimensions: props.Dimensions, period: props.Period }];
  }
  return (Array.isArray(props.Metrics) ? props.Metrics : [])
    .filter((m: any) => m?.MetricStat)
    .map((m: any) => ({
      namespace: m.MetricStat.Metric?.Namespace,
      name: m.MetricStat.Metric?.MetricName,
      dimensions: m.MetricStat.Metric?.Dimensions,
      period: m.MetricStat.Period,
    }));
}

/** Whether one metric is the lag of `replica` exactly as RDS publishes it. */
function isLagOf(model: EnvironmentModel, stack: StackTemplate, metric: ReadMetric, replica: ResourceRef): boolean {
  const kind = LAG_METRICS[String(metric.name)];
  const namespace = model.resolve(stack, metric.namespace);
  if (!kind || namespace.kind !== 'literal' || namespace.value !== NAMESPACE) {
    return false;
  }
  const dims = Array.isArray(metric.dimensions) ? metric.dimensions : [];
  if (dims.length !== 1 || dims[0]?.Name !== kind.dimension) {
    return false;
  }
  const target = model.resolve(stack, dims[0].Value);
  return target.kind === 'resource' && target.ref.resource === replica.resource;
}

/**
 * Whether a returned expression maps a negative lag (MySQL's -1: replication stopped) to a value
 * above the threshold: `IF(id < 0, N, id)` or `IF(id >= 0, id, N)` with N above it (the property
 * HaCrossRegionReplica's `IF(lag < 0, threshold + 1, lag)` has).
 */
function guardsNegative(expression: string, ids: string[], threshold: number): boolean {
  const below = /^IF\(([A-Za-z0-9_]+)(<0|<=-1),(-?[\d.]+),([A-Za-z0-9_]+)\)$/.exec(expression);
  if (below) {
    return below[1] === below[4] && ids.includes(below[1]) && Number(below[3]) > threshold;
  }
  const above = /^IF\(([A-Za-z0-9_]+)(>=0|>-1),([A-Za-z0-9_]+),(-?[\d.]+)\)$/.exec(expression);
  return !!above && above[1] === above[3] && ids.includes(above[1]) && Number(above[4]) > threshold;
}

/**
 * What a metric-math alarm returns, when it is the lag itself, the lag scaled by a positive
 * constant (`lag / 1000`: milliseconds to seconds), or something at least as large: the metric's
 * id, `MAX([ids])`, or a guard of negative values (`guardsNegative`). The lag is multiplied by
 * `times` and divided by `over` (kept apart so that seconds stay exact). Any other expression (`lag * 0`, `MIN(...)`) may hide the lag: undefined.
 */
function returnedLag(metrics: any[], threshold: number): { guarded: boolean; times: number; over: number } | undefined {
  const ids = metrics.filter((m) => m?.MetricStat).map((m) => String(m.Id));
  const returned = metrics.filter((m) => m?.ReturnData !== false);
  if (returned.length !== 1) {
    return undefined;
  }
  const [r] = returned;
  if (r.MetricStat) {
    return { guarded: false, times: 1, over: 1 };
  }
  const expression = String(r.Expression ?? '').replace(/\s+/g, '');
  const max = /^MAX\(\[([A-Za-z0-9_,]+)\]\)$/.exec(expression);
  if (ids.includes(expression) || (max && max[1].split(',').every((id) => ids.includes(id)))) {
    return { guarded: false, times: 1, over: 1 };
  }
  const scaled = /^([A-Za-z0-9_]+)([/*])(\d+(\.\d+)?)$/.exec(expression);
  if (scaled && ids.includes(scaled[1]) && Number(scaled[3]) > 0) {
    const n = Number(scaled[3]);
    return { guarded: false, times: scaled[2] === '*' ? n : 1, over: scaled[2] === '/' ? n : 1 };
  }
  return guardsNegative(expression, ids, threshold) ? { guarded: true, times: 1, over: 1 } : undefined;
}

function isRouted(routing: AlarmRouting[], alarm: ResourceRef): boolean {
  const r = routing.find((a) => a.alarm.resource === alarm.resource);
  const actions = r?.actions.AlarmActions;
  return r?.actionsEnabled === true && actions !== undefined && 'topics' in actions && actions.topics.length > 0;
}

/**
 * Whether a DB instance's `ReplicaLag` may read -1 when replication stops: RDS for MySQL and
 * MariaDB report -1 when replication is not running (RDS User Guide, "Monitoring read
 * replication", read 2026-11). Only a replica provably of PostgreSQL (its `Engine`, or its
 * parameter group's `Family`) is spared the guard: an unknown engine fails closed.
 */
function mayReportMinusOne(model: EnvironmentModel, replica: ResourceRef): boolean {
  if (replica.resource.Type !== 'AWS::RDS::DBInstance') {
    return false;
  }
  return !replicaEngineOf(model, replica)?.startsWith('postgres');
}

/** Whether a routed alarm fires when `replica`'s `ReplicaLag` goes negative (`< 0`, or `<= -1`). */
function negativeLagAlarmed(model: EnvironmentModel, routing: AlarmRouting[], replica: ResourceRef): boolean {
  return model.resources('AWS::CloudWatch::Alarm').some((alarm) => {
    const props = alarm.resource.Properties ?? {};
    const metrics = metricsOf(props);
    if (props.MetricName === undefined || metrics.length !== 1 || !isLagOf(model, alarm.stack, metrics[0], replica)) {
      return false;
    }
    const operator = model.resolve(alarm.stack, props.ComparisonOperator);
    const threshold = model.resolve(alarm.stack, props.Threshold);
    const t = threshold.kind === 'literal' ? Number(threshold.value) : NaN;
    const fires =
      operator.kind === 'literal' &&
      ((operator.value === 'LessThanThreshold' && t > -1) || (operator.value === 'LessThanOrEqualToThreshold' && t >= -1));
    return fires && isRouted(routing, alarm);
  });
}

/**
 * The alarms on one replica's (or secondary cluster's) replication lag that fire when it is too
 * high: a plain metric alarm, or a metric-math alarm whose every metric is that lag and whose
 * returned value is the lag (`returnedLag`), compared `GreaterThan(OrEqualTo)Threshold`; each
 * metric must be the lag exactly as RDS publishes it (`isLagOf`). On a replica whose lag may read
 * -1 (`mayReportMinusOne`), an alarm counts only if it maps -1 above its threshold, or if a routed
 * alarm fires on a negative lag of that replica: else a stopped replication sits at -1, OK forever.
 */
export function lagAlarmsOf(model: EnvironmentModel, replica: ResourceRef): LagAlarmFacts[] {
  const routing = alarmRouting(model);
  const minusOne = mayReportMinusOne(model, replica);
  const negativeGuarded = minusOne && negativeLagAlarmed(model, routing, replica);
  const found: LagAlarmFacts[] = [];
  for (const alarm of model.resources('AWS::CloudWatch::Alarm')) {
    const props = alarm.resource.Properties ?? {};
    const metrics = metricsOf(props);
    if (metrics.length === 0 || !metrics.every((m) => isLagOf(model, alarm.stack, m, replica))) {
      continue;
    }
    const kind = LAG_METRICS[String(metrics[0].name)];
    const threshold = model.resolve(alarm.stack, props.Threshold);
    const periods = model.resolve(alarm.stack, props.EvaluationPeriods);
    const period = model.resolve(alarm.stack, metrics[0].period);
    const numbers = [threshold, periods, period].map((v) => (v.kind === 'literal' ? Number(v.value) : NaN));
    if (numbers.some((n) => !Number.isFinite(n))) {
      continue;
    }
    const operator = model.resolve(alarm.stack, props.ComparisonOperator);
    const firesWhenHigh =
      operator.kind === 'literal' && ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold'].includes(String(operator.value));
    const returned = props.MetricName !== undefined ? { guarded: false, times: 1, over: 1 } : returnedLag(props.Metrics, numbers[0]);
    if (!firesWhenHigh || !returned || (minusOne && !returned.guarded && !negativeGuarded)) {
      continue;
    }
    const missing = model.resolve(alarm.stack, props.TreatMissingData);
    found.push({
      alarm,
      // The alarm compares lag x times / over with the threshold: it fires above threshold x over / times, in the metric's unit.
      thresholdSeconds: (numbers[0] * returned.over) / returned.times / kind.scale,
      windowSeconds: numbers[1] * numbers[2],
      missingDataBreaches: missing.kind === 'literal' && missing.value === 'breaching',
      routed: isRouted(routing, alarm),
    });
  }
  return found;
}
