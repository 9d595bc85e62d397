import { groupAzLossCapacity, natEgressOfSubnets } from './template-facts';
import { CfnTemplate, referencedLogicalId, resourcesOfType } from './template-model';

/** What losing one AZ does to one resource. */
export interface AzLossImpact {
  /** Logical ID of the resource. */
  readonly logicalId: string;
  /** What the resource is, in a word: `web`, `database`, `cache`, `egress`. */
  readonly kind: string;
  /** Whether the resource keeps doing its job (perhaps after a failover) without anyone acting. */
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
 * What losing one Availability Zone does to every HA-relevant resource of a template: Auto
 * Scaling groups (worst case over their balanced AZs), databases, caches and private subnets'
 * egress. A pure function of the template, like the guarantee checks, so it can judge any
 * synthesized template.
 *
 * @param availabilityZone the AZ assumed lost
 */
export function analyzeAzLoss(template: CfnTemplate, availabilityZone: string): AzLossImpact[] {
  const impacts: AzLossImpact[] = [];

  for (const [logicalId, group] of resourcesOfType(template, 'AWS::AutoScaling::AutoScalingGroup')) {
    // Balanced groups put ceil(min / AZs) in the fullest AZ; which AZ that is is not knowable here.
    const { minSize, baseline, remaining } = groupAzLossCapacity(group);
    impacts.push({
      logicalId,
      kind: 'web',
      survives: remaining >= baseline,
      detail: `keeps ${remaining} of ${minSize} instances without scaling (baseline ${baseline})`,
    });
  }

  const instances = resourcesOfType(template, 'AWS::RDS::DBInstance');
  for (const [logicalId, instance] of instances) {
    const props = instance.Properties ?? {};
    if (props.SourceDBInstanceIdentifier || props.DBClusterIdentifier) {
      continue;
    }
    const replicas = instances.filter(([, r]) => referencedLogicalIdInJoin(r.Properties?.SourceDBInstanceIdentifier) === logicalId);
    const readersLeft = replicas.filter(([, r]) => r.Properties?.AvailabilityZone !== availabilityZone).length;
    const multiAz = props.MultiAZ === true || props.MultiAZ === 'true';
    impacts.push({
      logicalId,
      kind: 'database',
      survives: multiAz,
      detail: multiAz
        ? `writer fails over to its standby if it was in ${availabilityZone} (${FAILOVER.rds}); ${readersLeft} of ${replicas.length} read replicas keep serving`
        : `writer has no standby: if it was in ${availabilityZone}, writes stop until someone promotes a replica or restores a snapshot`,
    });
  }

  for (const [clusterId] of resourcesOfType(template, 'AWS::RDS::DBCluster')) {
    const members = instances.filter(([, i]) => referencedLogicalId(i.Properties?.DBClusterIdentifier) === clusterId);
    const left = members.filter(([, m]) => m.Properties?.AvailabilityZone !== availabilityZone).length;
    impacts.push({
      logicalId: clusterId,
      kind: 'database',
      survives: left >= 1,
      detail:
        left >= 1
          ? `${left} of ${members.length} Aurora instances remain; a reader is promoted if the writer was lost (${FAILOVER.aurora})`
          : `every Aurora instance was in ${availabilityZone}: the cluster is down until a new instance starts`,
    });
  }

  for (const [logicalId, group] of resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup')) {
    const props = group.Properties ?? {};
    const shards: Array<Record<string, any>> = props.NodeGroupConfiguration ?? [];
    const automatic = props.AutomaticFailoverEnabled === true && props.MultiAZEnabled === true;
    const shardsLost = shards.filter((s) =>
      [s.PrimaryAvailabilityZone, ...(s.ReplicaAvailabilityZones ?? [])].every((z) => z === availabilityZone),
    ).length;
    const primariesLost = shards.filter((s) => s.PrimaryAvailabilityZone === availabilityZone).length;
    const survives = shards.length > 0 && shardsLost === 0 && (primariesLost === 0 || automatic);
    impacts.push({
      logicalId,
      kind: 'cache',
      survives,
      detail: survives
        ? `${primariesLost} of ${shards.length} shard primaries were in ${availabilityZone}${primariesLost > 0 ? `; replicas take over (${FAILOVER.cache})` : ''}`
        : `${shardsLost > 0 ? `${shardsLost} shard(s) had every node in ${availabilityZone}` : 'primaries in that AZ do not fail over automatically'}: their keys are unavailable`,
    });
  }

  for (const { subnet, subnetZone, natGatewayZone } of natEgressOfSubnets(template)) {
    if (subnetZone === availabilityZone) {
      continue; // the subnet is lost with its AZ anyway
    }
    impacts.push({
      logicalId: subnet,
      kind: 'egress',
      survives: natGatewayZone !== availabilityZone,
      detail:
        natGatewayZone !== availabilityZone
          ? `keeps egress through its NAT gateway in ${natGatewayZone}`
          : `loses egress: its NAT gateway is in ${availabilityZone}`,
    });
  }
  return impacts;
}

/** The AZs a template names (subnets, instances, cache nodes), sorted. */
export function availabilityZonesNamed(template: CfnTemplate): string[] {
  const zones = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string' && key && /AvailabilityZone/.test(key)) {
      zones.add(value);
    } else if (Array.isArray(value)) {
      value.forEach((v) => visit(v, key));
    } else if (value && typeof value === 'object') {
      Object.entries(value).forEach(([k, v]) => visit(v, k));
    }
  };
  for (const resource of Object.values(template.Resources ?? {})) {
    visit(resource.Properties);
  }
  return [...zones].filter((z) => /^[a-z]{2}-[a-z-]+-\d+[a-z]$/.test(z)).sort();
}

/** A replica's source as written by aws-cdk-lib: a Join of an ARN prefix and the source's Ref. */
function referencedLogicalIdInJoin(value: unknown): string | undefined {
  const direct = referencedLogicalId(value);
  if (direct) {
    return direct;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  return join?.[1]?.map(referencedLogicalId).find((id) => id !== undefined);
}
