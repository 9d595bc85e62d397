import { EnvironmentModel } from './environment-model';
import { ResourceRef } from './resolved';

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
}

const LAG_METRICS: Record<string, { dimension: string; scale: number }> = {
  ReplicaLag: { dimension: 'DBInstanceIdentifier', scale: 1 },
  AuroraGlobalDBReplicationLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
  AuroraGlobalDBRPOLag: { dimension: 'DBClusterIdentifier', scale: 1000 },
};

/**
 * Whether a metric-math alarm returns the lag itself, or something at least as large: the metric's
 * id, `MAX([ids])`, or `IF(id < 0, N, id)` with N above the threshold (HaCrossRegionReplica's form:
 * MySQL reports -1 when replication stops). Any other expression (`lag * 0`, `MIN(...)`) may hide
 * the lag, so the alarm does not bound it.
 */
function returnsTheLag(metrics: any[], threshold: number): boolean {
  const ids = metrics.filter((m) => m?.MetricStat).map((m) => String(m.Id));
  const returned = metrics.filter((m) => m?.ReturnData !== false);
  if (returned.length !== 1) {
    return false;
  }
  const [r] = returned;
  if (r.MetricStat) {
    return true;
  }
  const expression = String(r.Expression ?? '').replace(/\s+/g, '');
  const max = /^MAX\(\[([A-Za-z0-9_,]+)\]\)$/.exec(expression);
  if (ids.includes(expression) || (max && max[1].split(',').every((id) => ids.includes(id)))) {
    return true;
  }
  const guard = /^IF\(([A-Za-z0-9_]+)<0,([\d.]+),([A-Za-z0-9_]+)\)$/.exec(expression);
  return !!guard && guard[1] === guard[3] && ids.includes(guard[1]) && Number(guard[2]) > threshold;
}

/**
 * The alarms on one replica's (or secondary cluster's) replication lag that fire when it is too
 * high: a plain metric alarm, or a metric-math alarm whose every metric is that lag and whose
 * returned value is the lag (`returnsTheLag`), compared `GreaterThan(OrEqualTo)Threshold`.
 */
export function lagAlarmsOf(model: EnvironmentModel, replica: ResourceRef): LagAlarmFacts[] {
  const found: LagAlarmFacts[] = [];
  for (const alarm of model.resources('AWS::CloudWatch::Alarm')) {
    const props = alarm.resource.Properties ?? {};
    const metrics: Array<{ name: unknown; dimensions: unknown; period: unknown }> =
      props.MetricName !== undefined
        ? [{ name: props.MetricName, dimensions: props.Dimensions, period: props.Period }]
        : (Array.isArray(props.Metrics) ? props.Metrics : [])
            .filter((m: any) => m?.MetricStat)
            .map((m: any) => ({
              name: m.MetricStat.Metric?.MetricName,
              dimensions: m.MetricStat.Metric?.Dimensions,
              period: m.MetricStat.Period,
            }));
    const kinds = metrics.map((m) => LAG_METRICS[String(m.name)]);
    if (metrics.length === 0 || kinds.some((k) => k === undefined)) {
      continue;
    }
    const watchesReplica = metrics.every((m, i) => {
      const dims = Array.isArray(m.dimensions) ? m.dimensions : [];
      const dim = dims.find((d: any) => d?.Name === kinds[i].dimension);
      const target = dim ? model.resolve(alarm.stack, dim.Value) : undefined;
      return target?.kind === 'resource' && target.ref.resource === replica.resource;
    });
    const threshold = model.resolve(alarm.stack, props.Threshold);
    const periods = model.resolve(alarm.stack, props.EvaluationPeriods);
    const period = model.resolve(alarm.stack, metrics[0].period);
    const numbers = [threshold, periods, period].map((v) => (v.kind === 'literal' ? Number(v.value) : NaN));
    if (!watchesReplica || numbers.some((n) => !Number.isFinite(n))) {
      continue;
    }
    const operator = model.resolve(alarm.stack, props.ComparisonOperator);
    const firesWhenHigh =
      operator.kind === 'literal' && ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold'].includes(String(operator.value));
    if (!firesWhenHigh || (props.MetricName === undefined && !returnsTheLag(props.Metrics, numbers[0]))) {
      continue;
    }
    const missing = model.resolve(alarm.stack, props.TreatMissingData);
    found.push({
      alarm,
      thresholdSeconds: numbers[0] / kinds[0].scale,
      windowSeconds: numbers[1] * numbers[2],
      missingDataBreaches: missing.kind === 'literal' && missing.value === 'breaching',
    });
  }
  return found;
}
