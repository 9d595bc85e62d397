import { CacheFacts, DatabaseFacts, EstimateInput, LoadBalancerFacts, WebGroupFacts } from './estimate-input';
import { availabilityZonesOf } from '../az-loss-analysis';
import { EnvironmentModel } from '../model/environment-model';
import { cachesOf, groupAzLossCapacity, natEgressOfSubnets, resolvesNumber, writersOf, zonesOfSubnets } from '../model/facts';
import { isUnknown, StackTemplate } from '../model/resolved';

/**
 * ALB target-group health-check defaults, used when a template leaves them unset: 30 s interval,
 * 2 failed checks (Elastic Load Balancing User Guide, "Health checks for Application Load
 * Balancer target groups", read 2026-11).
 */
const ALB_DEFAULT_HEALTH_CHECK = { intervalSeconds: 30, unhealthyThreshold: 2 };

/**
 * The facts the availability estimate needs, read from the environment model, or the reason one
 * of them cannot be read (the estimate is then not proven, and the check says so).
 */
export function estimateInputOf(model: EnvironmentModel): EstimateInput | { unknown: string } {
  const availabilityZones = availabilityZonesOf(model).length;
  const webGroups: WebGroupFacts[] = [];
  for (const group of model.resources('AWS::AutoScaling::AutoScalingGroup')) {
    const capacity = groupAzLossCapacity(model, group);
    if (isUnknown(capacity)) {
      return { unknown: capacity.why };
    }
    const props = group.resource.Properties ?? {};
    const grace = numberOr(model, group.stack, props.HealthCheckGracePeriod, 0);
    webGroups.push({
      name: group.logicalId,
      availabilityZones: capacity.zones.length,
      baseline: capacity.baseline,
      instancesLeftAfterAzLoss: capacity.remaining,
      healthCheckGraceSeconds: grace,
      instanceWarmupSeconds: numberOr(model, group.stack, props.DefaultInstanceWarmup, grace),
    });
  }

  let loadBalancer: LoadBalancerFacts | undefined;
  for (const lb of model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const zones = zonesOfSubnets(model, lb.stack, lb.resource.Properties?.Subnets);
    if (isUnknown(zones)) {
      return { unknown: zones.why };
    }
    // The slowest target group decides how long a dead instance keeps receiving requests.
    const detection = model.resources('AWS::ElasticLoadBalancingV2::TargetGroup').map((tg) => {
      const p = tg.resource.Properties ?? {};
      return {
        interval: numberOr(model, tg.stack, p.HealthCheckIntervalSeconds, ALB_DEFAULT_HEALTH_CHECK.intervalSeconds),
        threshold: numberOr(model, tg.stack, p.UnhealthyThresholdCount, ALB_DEFAULT_HEALTH_CHECK.unhealthyThreshold),
      };
    });
    const slowest = detection.reduce((worst, d) => (d.interval * d.threshold > worst.interval * worst.threshold ? d : worst), {
      interval: ALB_DEFAULT_HEALTH_CHECK.intervalSeconds,
      threshold: ALB_DEFAULT_HEALTH_CHECK.unhealthyThreshold,
    });
    const candidate = {
      availabilityZones: new Set(zones).size,
      healthCheckIntervalSeconds: slowest.interval,
      unhealthyThresholdCount: slowest.threshold,
    };
    // With several load balancers, the one in the fewest AZs bounds the estimate.
    loadBalancer = !loadBalancer || candidate.availabilityZones < loadBalancer.availabilityZones ? candidate : loadBalancer;
  }

  // An alarm on the metric itself, or on the MAX of several of them (one per replica), bounds the lag.
  const watches = (props: Record<string, any>, metricNames: string[]) => {
    if (metricNames.includes(String(props.MetricName))) {
      return true;
    }
    const metrics: any[] = Array.isArray(props.Metrics) ? props.Metrics : [];
    const stats = metrics.filter((m) => m?.MetricStat);
    const returned = metrics.find((m) => m?.ReturnData !== false && m?.Expression);
    return (
      stats.length > 0 &&
      stats.every((m) => metricNames.includes(m.MetricStat.Metric?.MetricName)) &&
      /^MAX\(\[[A-Za-z0-9_,\s]*\]\)$/.test(String(returned?.Expression ?? '').trim())
    );
  };
  const lagAlarm = (metricNames: string[], scale = 1) => {
    const thresholds = model
      .resources('AWS::CloudWatch::Alarm')
      .filter((a) => watches(a.resource.Properties ?? {}, metricNames))
      .map((a) => numberOr(model, a.stack, a.resource.Properties?.Threshold, NaN) / scale)
      .filter((t) => Number.isFinite(t));
    return thresholds.length > 0 ? Math.max(...thresholds) : undefined;
  };
  const databases: DatabaseFacts[] = writersOf(model).map(({ writer, kind, multiAz, readers }) => {
    const engine = String(
      model.resolve(writer.stack, writer.resource.Properties?.Engine).kind === 'literal'
        ? (model.resolve(writer.stack, writer.resource.Properties?.Engine) as any).value
        : '',
    );
    return {
      name: writer.logicalId,
      kind:
        kind === 'cluster'
          ? engine.startsWith('aurora')
            ? 'aurora'
            : 'rds-multi-az-cluster'
          : multiAz === true
            ? 'rds-multi-az-instance'
            : 'rds-single-az',
      readers: kind === 'cluster' ? Math.max(readers.length - 1, 0) : readers.length,
      replicaLagAlarmSeconds: lagAlarm(['ReplicaLag']) ?? lagAlarm(['AuroraReplicaLag', 'AuroraReplicaLagMaximum'], 1000),
    };
  });
  const caches: CacheFacts[] = cachesOf(model).map(({ group, multiAz, automaticFailover, shards }) => ({
    name: group.logicalId,
    multiAzAutomaticFailover: multiAz === true && automaticFailover === true,
    replicasPerShard: isUnknown(shards) || shards.length === 0 ? 0 : Math.min(...shards.map((s) => s.replicaZones.length)),
    replicationLagAlarmSeconds: lagAlarm(['ReplicationLag']),
  }));
  const egress = natEgressOfSubnets(model);
  return {
    availabilityZones,
    loadBalancer,
    webGroups,
    databases,
    caches,
    natGatewayPerAz: egress.every((e) => !isUnknown(e.subnetZone) && e.subnetZone === e.natGatewayZone),
  };
}

function numberOr(model: EnvironmentModel, stack: StackTemplate, value: unknown, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = resolvesNumber(model, stack, value, 'value');
  return isUnknown(n) ? fallback : n;
}
