import { Duration } from 'aws-cdk-lib';
import { AvailabilityPolicy, AWS_SLA, DEV, estimateAvailability, EstimateInput, PROD, STAGING } from '../../lib';

/**
 * Prod as shipped (lib/config/profiles.ts, lib/web/ha-web-service.ts defaults), by hand:
 * 3 AZs; an ALB in 3 AZs checking every 10 s, out after 2 failures; the default service
 * (baseline 6: 3 per AZ, 9 in all, 6 left after an AZ) and api (baseline 4: 2 per AZ, 6 in all,
 * 4 left), 3 min grace and warmup; RDS PostgreSQL Multi-AZ instance with 2 read replicas, replica
 * lag alarmed at 10 s; one cache shard with 2 replicas, Multi-AZ, ReplicationLag alarmed at 5 s;
 * a NAT gateway per AZ.
 */
const PROD_TOPOLOGY: EstimateInput = {
  availabilityZones: 3,
  loadBalancer: { availabilityZones: 3, healthCheckIntervalSeconds: 10, unhealthyThresholdCount: 2 },
  webGroups: [
    {
      name: 'default',
      availabilityZones: 3,
      baseline: 6,
      instancesLeftAfterAzLoss: 6,
      healthCheckGraceSeconds: 180,
      instanceWarmupSeconds: 180,
    },
    {
      name: 'api',
      availabilityZones: 3,
      baseline: 4,
      instancesLeftAfterAzLoss: 4,
      healthCheckGraceSeconds: 180,
      instanceWarmupSeconds: 180,
    },
  ],
  databases: [{ name: 'main', kind: 'rds-multi-az-instance', readers: 2, replicaLagAlarmSeconds: 10 }],
  caches: [{ name: 'cache', multiAzAutomaticFailover: true, replicasPerShard: 2, replicationLagAlarmSeconds: 5 }],
  natGatewayPerAz: true,
};

const mode = (estimate: ReturnType<typeof estimateAvailability>, name: string) => estimate.failureModes.find((m) => m.mode === name)!;

describe('estimateAvailability', () => {
  test('the composite is the serial product of the tier SLAs', () => {
    const estimate = estimateAvailability(PROD_TOPOLOGY, PROD.availability);
    expect(estimate.tiers.map((t) => [t.tier, t.percent])).toEqual([
      ['load balancer', 99.99],
      ['web', 99.99],
      ['database', 99.95],
      ['cache', 99.99],
    ]);
    expect(estimate.compositePercent).toBeCloseTo(100 * 0.9999 * 0.9999 * 0.9995 * 0.9999, 10);
    // Adding a tier multiplies; removing all leaves 100%.
    const twoCaches = estimateAvailability(
      { ...PROD_TOPOLOGY, caches: [...PROD_TOPOLOGY.caches, { ...PROD_TOPOLOGY.caches[0], name: 'b' }] },
      PROD.availability,
    );
    expect(twoCaches.compositePercent).toBeCloseTo(estimate.compositePercent * 0.9999, 10);
    const nothing = estimateAvailability(
      { ...PROD_TOPOLOGY, loadBalancer: undefined, webGroups: [], databases: [], caches: [] },
      PROD.availability,
    );
    expect(nothing.compositePercent).toBe(100);
  });

  test('EC2 counts once for all web groups, under the Region-Level SLA', () => {
    const estimate = estimateAvailability(PROD_TOPOLOGY, PROD.availability);
    expect(estimate.tiers.filter((t) => t.tier === 'web')).toEqual([
      expect.objectContaining({ name: 'default, api', percent: AWS_SLA.ec2RegionLevel.percent }),
    ]);
  });

  test("prod's shipped topology meets prod's policy", () => {
    const estimate = estimateAvailability(PROD_TOPOLOGY, PROD.availability);
    expect(estimate.violations).toEqual([]);
    expect(estimate.compositePercent).toBeGreaterThanOrEqual(PROD.availability.targetAvailabilityPercent);
    expect(mode(estimate, 'instance')).toMatchObject({ rtoSeconds: 20, rpoSeconds: 0 });
    expect(mode(estimate, 'az')).toMatchObject({ rtoSeconds: 120, rpoSeconds: 0 });
    expect(mode(estimate, 'databasePrimary')).toMatchObject({ rtoSeconds: 120, rpoSeconds: 0 });
    // AWS publishes no ElastiCache failover time: unknown, and prod's policy does not bound it.
    expect(mode(estimate, 'cachePrimary')).toMatchObject({ rtoSeconds: undefined, rpoSeconds: 5 });
  });

  test('RDS Multi-AZ instance caps the composite near 99.92% when the target exceeds it, and the fix is Aurora', () => {
    const policy: AvailabilityPolicy = { ...PROD.availability, targetAvailabilityPercent: 99.95 };
    const estimate = estimateAvailability(PROD_TOPOLOGY, policy);
    expect(estimate.compositePercent).toBeCloseTo(99.92, 2);
    expect(estimate.cappedBy).toMatchObject({ tier: 'database', name: 'main', percent: 99.95 });
    expect(estimate.violations).toHaveLength(1);
    expect(estimate.violations[0]).toMatchObject({ tier: 'database main', measure: 'availability', estimate: '99.920%', policy: '99.95%' });
    expect(estimate.violations[0].fix).toContain('Aurora');
    expect(estimate.violations[0].message).toContain('caps it at 99.95%');

    // With Aurora and a reader, the same target is met.
    const aurora = estimateAvailability({ ...PROD_TOPOLOGY, databases: [{ name: 'main', kind: 'aurora', readers: 2 }] }, policy);
    expect(aurora.compositePercent).toBeCloseTo(99.96, 2);
    expect(aurora.violations).toEqual([]);
  });

  test('a single-AZ database makes AZ-loss RTO unknown and RPO 5 minutes, both violating prod', () => {
    const estimate = estimateAvailability(
      { ...PROD_TOPOLOGY, databases: [{ name: 'main', kind: 'rds-single-az', readers: 0 }] },
      PROD.availability,
    );
    expect(mode(estimate, 'az')).toMatchObject({ rtoSeconds: undefined, rpoSeconds: 300 });
    const az = estimate.violations.filter((v) => v.failureMode === 'az');
    expect(az.map((v) => [v.tier, v.measure, v.estimate, v.policy])).toEqual([
      ['database main (rds-single-az)', 'rto', 'unknown', 'at most 5 min'],
      ['database main (rds-single-az)', 'rpo', '5 min', 'at most 0 s'],
    ]);
    expect(az[0].fix).toContain('Multi-AZ');
    // And it caps the composite at the single-instance SLA.
    expect(estimate.cappedBy).toMatchObject({ percent: AWS_SLA.rdsSingleInstance.percent });
  });

  test('a web tier that is not statically stable has no AZ-loss RTO to promise', () => {
    const estimate = estimateAvailability(
      { ...PROD_TOPOLOGY, webGroups: [{ ...PROD_TOPOLOGY.webGroups[0], instancesLeftAfterAzLoss: 4 }] },
      PROD.availability,
    );
    const v = estimate.violations.find((x) => x.tier === 'web default');
    expect(v).toMatchObject({ failureMode: 'az', measure: 'rto', estimate: 'unknown' });
    expect(v!.fix).toContain('static stability');
  });

  test('a shared NAT gateway leaves AZ loss without a bounded RTO', () => {
    const estimate = estimateAvailability({ ...PROD_TOPOLOGY, natGatewayPerAz: false }, PROD.availability);
    expect(estimate.violations.map((v) => v.tier)).toEqual(['network NAT gateways']);
  });

  test('instance-loss RTO is the ALB detection time, checked against the bound', () => {
    const slow = { ...PROD_TOPOLOGY, loadBalancer: { availabilityZones: 3, healthCheckIntervalSeconds: 30, unhealthyThresholdCount: 5 } };
    const estimate = estimateAvailability(slow, PROD.availability);
    expect(mode(estimate, 'instance').rtoSeconds).toBe(150);
    expect(estimate.violations.filter((v) => v.failureMode === 'instance')).toHaveLength(2); // both web groups
  });

  test('a cache bound needs a measured failover: unknown fails closed, a measurement passes', () => {
    const policy: AvailabilityPolicy = {
      ...PROD.availability,
      cachePrimary: { maxRto: Duration.seconds(60), maxRpo: Duration.seconds(10) },
    };
    const unmeasured = estimateAvailability(PROD_TOPOLOGY, policy);
    expect(unmeasured.violations).toEqual([expect.objectContaining({ tier: 'cache cache', measure: 'rto', estimate: 'unknown' })]);
    expect(unmeasured.violations[0].fix).toContain('TestFailover');
    const measured = estimateAvailability(
      { ...PROD_TOPOLOGY, caches: [{ ...PROD_TOPOLOGY.caches[0], measuredFailoverSeconds: 25 }] },
      policy,
    );
    expect(measured.violations).toEqual([]);
  });

  test('fewer AZs than the policy demands is a violation per tier', () => {
    const estimate = estimateAvailability(PROD_TOPOLOGY, { ...PROD.availability, minAvailabilityZones: 4 });
    expect(estimate.violations.filter((v) => v.measure === 'availabilityZones').map((v) => v.tier)).toEqual([
      'environment',
      'load balancer alb',
      'web default',
      'web api',
    ]);
  });

  test('staging and dev meet their own, looser policies with their shipped topologies', () => {
    const staging: EstimateInput = {
      ...PROD_TOPOLOGY,
      webGroups: [
        { ...PROD_TOPOLOGY.webGroups[0], baseline: 3, instancesLeftAfterAzLoss: 4 },
        { ...PROD_TOPOLOGY.webGroups[1], baseline: 2, instancesLeftAfterAzLoss: 2 },
      ],
      databases: [{ name: 'main', kind: 'rds-multi-az-instance', readers: 2, replicaLagAlarmSeconds: 30 }],
    };
    expect(estimateAvailability(staging, STAGING.availability).violations).toEqual([]);
    const dev: EstimateInput = {
      availabilityZones: 2,
      loadBalancer: { availabilityZones: 2, healthCheckIntervalSeconds: 10, unhealthyThresholdCount: 2 },
      webGroups: [
        {
          name: 'default',
          availabilityZones: 2,
          baseline: 1,
          instancesLeftAfterAzLoss: 1,
          healthCheckGraceSeconds: 180,
          instanceWarmupSeconds: 180,
        },
        {
          name: 'api',
          availabilityZones: 2,
          baseline: 1,
          instancesLeftAfterAzLoss: 1,
          healthCheckGraceSeconds: 180,
          instanceWarmupSeconds: 180,
        },
      ],
      databases: [{ name: 'main', kind: 'rds-multi-az-instance', readers: 1, replicaLagAlarmSeconds: 30 }],
      caches: [{ name: 'cache', multiAzAutomaticFailover: true, replicasPerShard: 1, replicationLagAlarmSeconds: 5 }],
      natGatewayPerAz: false,
    };
    const devEstimate = estimateAvailability(dev, DEV.availability);
    expect(devEstimate.violations).toEqual([]);
    // Dev's one NAT gateway still shows: AZ-loss RTO is unknown, which dev's policy does not bound.
    expect(mode(devEstimate, 'az').rtoSeconds).toBeUndefined();
  });
});
