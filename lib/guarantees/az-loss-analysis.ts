import { EnvironmentModel } from './model/environment-model';
import { cachesOf, groupAzLossCapacity, natEgressOfSubnets, targetGroupsOf, writersOf, zonesOfSubnets } from './model/facts';
import { isUnknown } from './model/resolved';

/** What losing one AZ does to one resource. */
export interface AzLossImpact {
  /** Name of the stack holding the resource. */
  readonly stack: string;
  /** Logical ID of the resource. */
  readonly logicalId: string;
  /** What the resource is, in a word: `web`, `worker`, `load-balancer`, `database`, `cache`, `egress`. */
  readonly kind: string;
  /** Whether the resource keeps doing its job (perhaps after a failover) without anyone acting; false when it cannot be proven. */
  readonly survives: boolean;
  /** What happens, in one sentence. */
  readonly detail: string;
}

/**
 * Failover times quoted in the report: RDS User Guide "Multi-AZ DB instance deployments"
 * (typically 60-120 s), Aurora User Guide "High availability for Amazon Aurora" (typically under
 * 30 s when a reader exists), ElastiCache User Guide "Minimizing downtime with Multi-AZ"
 * (typically under a minute). Read 2026-11.
 */
const FAILOVER = { rds: '60-120 s', aurora: 'about 30 s', cache: 'under a minute' };

/**
 * What losing one Availability Zone does to every HA-relevant resource of an environment: Auto
 * Scaling groups (on the worst distribution they allow), load balancers, databases, caches and
 * private subnets' egress, with every fact read through the environment model. A fact the model
 * cannot resolve is reported as not surviving, with the reason.
 *
 * @param availabilityZone the AZ assumed lost
 */
export function analyzeAzLoss(model: EnvironmentModel, availabilityZone: string): AzLossImpact[] {
  const impacts: AzLossImpact[] = [];
  const at = (ref: { stack: { stackName: string }; logicalId: string }, kind: string, survives: boolean, detail: string) =>
    impacts.push({ stack: ref.stack.stackName, logicalId: ref.logicalId, kind, survives, detail });

  for (const group of model.resources('AWS::AutoScaling::AutoScalingGroup')) {
    const capacity = groupAzLossCapacity(model, group);
    if (isUnknown(capacity)) {
      at(group, 'web', false, `cannot prove what is left: ${capacity.why}`);
      continue;
    }
    const { minSize, baseline, zones, worstInOneAz, balancedOnly, kind } = capacity;
    const lost = !zones.includes(availabilityZone) ? 0 : zones.length < 2 ? minSize : worstInOneAz;
    const left = minSize - lost;
    const distribution = balancedOnly ? 'balanced-only' : 'best-effort distribution';
    // Per-AZ state: with cross-zone off each AZ serves from its own instances, and leaves DNS below its threshold.
    const routing = targetGroupsOf(model, group)
      .map((tg) =>
        tg.azLocal
          ? `AZ-local routing${tg.dnsFailoverMinimumHealthy ? `, an AZ leaves DNS below ${tg.dnsFailoverMinimumHealthy} healthy` : ''}`
          : 'cross-zone routing',
      )
      .filter((v, i, all) => all.indexOf(v) === i);
    at(
      group,
      kind,
      left >= baseline,
      `keeps ${left} of ${minSize} instances without scaling at worst (${distribution}, up to ${lost} in ${availabilityZone}; baseline ${baseline})${routing.length ? `; ${routing.join('; ')}` : ''}`,
    );
  }

  for (const lb of model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const props = lb.resource.Properties ?? {};
    const zones = zonesOfSubnets(model, lb.stack, props.Subnets ?? props.SubnetMappings?.map?.((m: any) => m?.SubnetId));
    if (isUnknown(zones)) {
      at(lb, 'load-balancer', false, `cannot prove its nodes' AZs: ${zones.why}`);
      continue;
    }
    const left = [...new Set(zones)].filter((z) => z !== availabilityZone);
    at(
      lb,
      'load-balancer',
      left.length >= 1,
      left.length >= 1 ? `keeps nodes in ${left.join(', ')}` : `had every node in ${availabilityZone}`,
    );
  }

  for (const { writer, kind, multiAz, readers, role } of writersOf(model)) {
    const left = readers.filter((r) => r.zone !== availabilityZone);
    if (isUnknown(role)) {
      at(writer, 'database', false, `cannot prove what it does: ${role.why}`);
      continue;
    }
    const unknownZone = readers.find((r) => isUnknown(r.zone));
    if (kind === 'instance') {
      if (isUnknown(multiAz)) {
        at(writer, 'database', false, `cannot prove a standby: ${multiAz.why}`);
      } else {
        at(
          writer,
          'database',
          multiAz,
          multiAz
            ? `writer fails over to its standby if it was in ${availabilityZone} (${FAILOVER.rds}); ${left.length - (unknownZone ? 1 : 0)} of ${readers.length} read replicas keep serving`
            : `writer has no standby: if it was in ${availabilityZone}, writes stop until someone promotes a replica or restores a snapshot`,
        );
      }
      continue;
    }
    if (unknownZone) {
      at(writer, 'database', false, `cannot prove where its instances run: ${(unknownZone.zone as any).why}`);
      continue;
    }
    at(
      writer,
      'database',
      left.length >= 1,
      left.length >= 1
        ? role === 'global-secondary'
          ? `${left.length} of ${readers.length} instances of the global database's secondary remain: it keeps replicating, and keeps a reader to fail over to once promoted`
          : `${left.length} of ${readers.length} Aurora instances remain; a reader is promoted if the writer was lost (${FAILOVER.aurora})`
        : `every Aurora instance was in ${availabilityZone}: the cluster is down until a new instance starts`,
    );
  }

  for (const { group, multiAz, automaticFailover, shards } of cachesOf(model)) {
    if (isUnknown(shards) || isUnknown(multiAz) || isUnknown(automaticFailover)) {
      const why = [shards, multiAz, automaticFailover].find(isUnknown)!;
      at(group, 'cache', false, `cannot prove where its nodes run: ${why.why}`);
      continue;
    }
    const automatic = multiAz && automaticFailover;
    const unnamed = shards.some((s) => [s.primaryZone, ...s.replicaZones].some(isUnknown));
    const shardsLost = shards.filter((s) => [s.primaryZone, ...s.replicaZones].every((z) => z === availabilityZone)).length;
    const primariesLost = shards.filter((s) => s.primaryZone === availabilityZone).length;
    const survives = !unnamed && shards.length > 0 && shardsLost === 0 && (primariesLost === 0 || automatic);
    at(
      group,
      'cache',
      survives,
      unnamed
        ? 'cannot prove where its nodes run: a node has no AZ named'
        : survives
          ? `${primariesLost} of ${shards.length} shard primaries were in ${availabilityZone}${primariesLost > 0 ? `; replicas take over (${FAILOVER.cache})` : ''}`
          : `${shardsLost > 0 ? `${shardsLost} shard(s) had every node in ${availabilityZone}` : 'primaries in that AZ do not fail over automatically'}: their keys are unavailable`,
    );
  }

  for (const { subnet, subnetZone, natGatewayZone } of natEgressOfSubnets(model)) {
    if (isUnknown(subnetZone) || isUnknown(natGatewayZone)) {
      at(subnet, 'egress', false, `cannot prove its egress path: ${(isUnknown(subnetZone) ? subnetZone : (natGatewayZone as any)).why}`);
    } else if (subnetZone !== availabilityZone) {
      // A subnet in the lost AZ is lost with it anyway.
      const survives = natGatewayZone !== availabilityZone;
      at(
        subnet,
        'egress',
        survives,
        survives ? `keeps egress through its NAT gateway in ${natGatewayZone}` : `loses egress: its NAT gateway is in ${availabilityZone}`,
      );
    }
  }
  return impacts;
}

/** The AZs an environment uses: those it declares, else those its subnets name, sorted. */
export function availabilityZonesOf(model: EnvironmentModel): string[] {
  if (model.settings.availabilityZones.length > 0) {
    return [...model.settings.availabilityZones].sort();
  }
  const zones = new Set<string>();
  for (const subnet of model.resources('AWS::EC2::Subnet')) {
    const zone = model.resolve(subnet.stack, subnet.resource.Properties?.AvailabilityZone);
    if (zone.kind === 'literal' && typeof zone.value === 'string') {
      zones.add(zone.value);
    }
  }
  return [...zones].sort();
}
