import { Duration } from 'aws-cdk-lib';
import {
  addEnvironments,
  environmentsOfAssembly,
  estimateCosts,
  estimateEnvironmentCost,
  EnvironmentProfile,
  HOURS_PER_MONTH,
  PLACEHOLDER_ACCOUNT,
  PROD,
  renderCostDocument,
  renderReadmeCostTable,
  UNIT_PRICES,
  UnitPrice,
} from '../../lib';
import { modelOf } from '../support/model';
import { testApp } from '../support/test-app';

/** A group of `min` instances of `instanceType`, launched from a template with one 20 GB gp3 root volume. */
function group(instanceType: string, min: number, desired?: number): Record<string, any> {
  return {
    Resources: {
      Template: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: {
            InstanceType: instanceType,
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }],
          },
        },
      },
      Group: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: {
          MinSize: String(min),
          MaxSize: '10',
          ...(desired !== undefined ? { DesiredCapacity: String(desired) } : {}),
          LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' }, Version: '1' },
        },
      },
    },
  };
}

const price = (usd: number, per: UnitPrice['per'] = 'hour'): UnitPrice => ({
  usd,
  per,
  source: { url: 'https://example.com/test-price', kind: 'secondary', read: '2026-11-29' },
});

test("every unit price names its source page, whether it is AWS's own, and the day it was read", () => {
  for (const [key, unit] of Object.entries(UNIT_PRICES)) {
    expect([key, unit.source.url]).toEqual([key, expect.stringMatching(/^https:\/\/[^ ]+$/)]);
    expect([key, unit.source.kind]).toEqual([key, expect.stringMatching(/^(official|secondary)$/)]);
    expect([key, unit.source.read]).toEqual([key, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    expect([key, unit.usd]).toEqual([key, expect.any(Number)]);
    expect(unit.usd).toBeGreaterThanOrEqual(0);
  }
});

describe('estimateEnvironmentCost', () => {
  test('an instance type with no sourced price is reported unpriced, loudly, and left out of the total', () => {
    const cost = estimateEnvironmentCost('test', modelOf(group('x2iedn.32xlarge', 2)));
    expect(cost.unpriced).toEqual(['unpriced: x2iedn.32xlarge x 2 (Stack1/Group)']);
    const instances = cost.lines.find((l) => l.service === 'EC2')!;
    expect(instances.monthlyUsd).toBeUndefined();
    // Only the two root volumes are in the total.
    expect(cost.monthlyUsd).toBe(2 * 20 * UNIT_PRICES['ebs:gp3'].usd);
    const withStandbyName = { ...cost, standbyOf: undefined };
    expect(renderReadmeCostTable([withStandbyName])).toContain('**unpriced: x2iedn.32xlarge x 2**');
    expect(renderCostDocument([withStandbyName])).toContain('- unpriced: x2iedn.32xlarge x 2 (Stack1/Group)');
  });

  test('a sourced price is multiplied by the baseline count and a 730-hour month', () => {
    const cost = estimateEnvironmentCost('test', modelOf(group('x2iedn.32xlarge', 2)), {
      ...UNIT_PRICES,
      'ec2:x2iedn.32xlarge': price(10),
    });
    expect(cost.unpriced).toEqual([]);
    expect(cost.lines.find((l) => l.service === 'EC2')!.monthlyUsd).toBe(2 * 10 * HOURS_PER_MONTH);
    expect(HOURS_PER_MONTH).toBe(730);
  });

  test('a group runs its DesiredCapacity when it sets one, else its MinSize', () => {
    const prices = { ...UNIT_PRICES, 'ec2:m7g.large': price(1) };
    const atDesired = estimateEnvironmentCost('test', modelOf(group('m7g.large', 2, 5)), prices);
    const atMin = estimateEnvironmentCost('test', modelOf(group('m7g.large', 2)), prices);
    expect(atDesired.lines.filter((l) => l.service !== 'CloudWatch').map((l) => [l.what, l.quantity])).toEqual([
      ['m7g.large instances', 5],
      ['gp3 volumes (/dev/xvda, 20 GB each)', 100],
    ]);
    expect(atMin.lines[0].quantity).toBe(2);
  });

  test("a Multi-AZ instance bills two instances and twice its storage; a replica bills one instance and its source's storage", () => {
    const cost = estimateEnvironmentCost(
      'test',
      modelOf({
        Resources: {
          Db: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', MultiAZ: true, AllocatedStorage: '50', StorageType: 'gp3' },
          },
          Replica: {
            Type: 'AWS::RDS::DBInstance',
            Properties: {
              DBInstanceClass: 'db.t4g.medium',
              StorageType: 'gp3',
              SourceDBInstanceIdentifier: { 'Fn::Join': ['', ['arn:aws:rds:us-east-1:123456789012:db:', { Ref: 'Db' }]] },
            },
          },
        },
      }),
    );
    expect(cost.lines.map((l) => [l.what, l.quantity, l.monthlyUsd])).toEqual([
      ['postgres db.t4g.medium writer', 2, 2 * 0.065 * 730],
      ['gp3 storage (50 GB x 2)', 100, 100 * 0.115],
      ['postgres db.t4g.medium read replica', 1, 0.065 * 730],
      ['gp3 storage (50 GB)', 50, 50 * 0.115],
    ]);
  });

  test('a replica whose source is outside the templates is unpriced for its storage, with the reason', () => {
    const cost = estimateEnvironmentCost(
      'test',
      modelOf({
        Resources: {
          Replica: {
            Type: 'AWS::RDS::DBInstance',
            Properties: {
              DBInstanceClass: 'db.t4g.medium',
              StorageType: 'gp3',
              DBParameterGroupName: { Ref: 'Params' },
              SourceDBInstanceIdentifier: 'arn:aws:rds:us-east-1:123456789012:db:primary',
            },
          },
          Params: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres17' } },
        },
      }),
    );
    // The engine is read from the parameter group's family.
    expect(cost.lines[0]).toMatchObject({ what: 'postgres db.t4g.medium read replica', monthlyUsd: 0.065 * 730 });
    expect(cost.unpriced).toEqual([
      'unpriced: storage of Stack1/Replica (a replica whose source (and so its allocated storage) is outside these templates)',
    ]);
  });

  test('an Aurora member bills its instance; its cluster volume is usage-based and the cluster itself is named as not assessed', () => {
    const cost = estimateEnvironmentCost(
      'test',
      modelOf({
        Resources: {
          Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
          Writer: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r7g.large', DBClusterIdentifier: { Ref: 'Cluster' } },
          },
        },
      }),
    );
    expect(cost.lines.map((l) => [l.what, l.unpriced ?? l.excluded])).toEqual([
      ['aurora-postgresql db.r7g.large writer', 'unpriced: db.r7g.large (aurora-postgresql) x 1 (Stack1/Writer)'],
      ['Aurora cluster storage', 'Aurora storage is billed per GB used and per I/O'],
    ]);
    expect(cost.notAssessed).toEqual(['AWS::RDS::DBCluster x 1']);
  });

  test('a metric-math alarm is billed per metric it reads, a period under 60 s as high resolution, a composite at its own price', () => {
    const metric = (id: string, period = 60) => ({
      Id: id,
      MetricStat: { Metric: { MetricName: id, Namespace: 'AWS/X' }, Period: period, Stat: 'Sum' },
    });
    const cost = estimateEnvironmentCost(
      'test',
      modelOf({
        Resources: {
          Math: {
            Type: 'AWS::CloudWatch::Alarm',
            Properties: { Metrics: [metric('a'), metric('b'), metric('c'), { Id: 'e', Expression: '100*a/(b+c)' }] },
          },
          Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPU', Namespace: 'AWS/EC2', Period: 60 } },
          Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPU', Namespace: 'AWS/EC2', Period: 10 } },
          Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmRule: 'ALARM(Plain)' } },
        },
      }),
    );
    expect(cost.lines.map((l) => [l.what, l.quantity, l.monthlyUsd])).toEqual([
      ['alarm metrics, standard resolution', 4, 4 * 0.1],
      ['alarm metrics, high resolution', 1, 0.3],
      ['composite alarms', 1, 0.5],
    ]);
  });

  test('a billed resource with no sourced price (a Route 53 health check) is unpriced, and a type nobody assessed is named', () => {
    const cost = estimateEnvironmentCost(
      'test',
      modelOf({
        Resources: {
          Check: { Type: 'AWS::Route53::HealthCheck', Properties: {} },
          Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
          Role: { Type: 'AWS::IAM::Role', Properties: {} },
        },
      }),
    );
    expect(cost.unpriced).toEqual(['unpriced: route53:HealthCheck x 1 (1 x AWS::Route53::HealthCheck)']);
    expect(cost.notAssessed).toEqual(['AWS::DynamoDB::Table x 1']);
    expect(renderCostDocument([cost])).toContain(
      '**Resource types not assessed** (neither priced nor known to be free): AWS::DynamoDB::Table x 1.',
    );
  });
});

/** Prod with a warm standby in us-west-2 at half capacity, its primary already deployed (as test/stacks/standby-stage.test.ts builds it). */
function prodWithStandby(): EnvironmentProfile {
  return {
    ...PROD,
    secondaryRegion: {
      region: 'us-west-2',
      availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      capacityPercent: 50,
      vpcCidr: '10.40.0.0/16',
      sourceDatabaseInstanceArn: `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-data-databaseinstance-abc123`,
      maxReplicaLag: Duration.minutes(2),
    },
  };
}

describe('a profile with a secondary region', () => {
  const app = testApp();
  addEnvironments(app, { profiles: [prodWithStandby()] });
  const costs = estimateCosts(environmentsOfAssembly(app.synth().directory));
  const [primary, standby] = costs;

  test('the standby Stage is priced as its own environment, marked as the standby of its primary', () => {
    expect(costs.map((c) => [c.name, c.region, c.standbyOf])).toEqual([
      ['prod', 'us-east-1', undefined],
      ['prod-us-west-2', 'us-west-2', 'prod'],
    ]);
    expect(standby.monthlyUsd).toBeGreaterThan(0);
    expect(standby.monthlyUsd).toBeLessThan(primary.monthlyUsd);
    expect(standby.notAssessed).toEqual([]);
  });

  test("the standby's web tier runs half the primary's baseline, and its replica is a line of its own", () => {
    const instances = (c: typeof primary) => c.lines.filter((l) => l.service === 'EC2').reduce((n, l) => n + l.quantity, 0);
    // Primary: Web 9 + api 6 + 3 workers. Standby: baselines ceil(6 x 50 %) = 3 and ceil(4 x 50 %) = 2, each held
    // statically stable over 3 AZs (ceil(baseline / 2) per AZ): 6 and 3 instances, and the order workers'
    // group at its standby capacity (docs/adr/0086).
    expect(instances(primary)).toBe(18);
    expect(
      standby.lines
        .filter((l) => l.service === 'EC2')
        .map((l) => [l.what, l.quantity, l.monthlyUsd])
        .sort((a, b) => Number(b[1]) - Number(a[1])),
    ).toEqual([
      ['m7g.large instances', 6, 6 * UNIT_PRICES['ec2:m7g.large'].usd * HOURS_PER_MONTH],
      ['m7g.large instances', 3, 3 * UNIT_PRICES['ec2:m7g.large'].usd * HOURS_PER_MONTH],
      ['m7g.large instances', 3, 3 * UNIT_PRICES['ec2:m7g.large'].usd * HOURS_PER_MONTH],
    ]);
    expect(instances(standby)).toBe(12);
    expect(standby.lines.filter((l) => l.service === 'RDS').map((l) => l.what)).toEqual(['postgres db.r7g.xlarge read replica', 'storage']);
    // Multi-AZ like its primary: two instances of the primary's class.
    expect(standby.lines.find((l) => l.service === 'RDS')).toMatchObject({ quantity: 2, note: 'Multi-AZ: primary + standby' });
    expect(standby.unpriced).toContain(
      'unpriced: storage of prod-us-west-2-StandbyData/Replica (a replica whose source (and so its allocated storage) is outside these templates)',
    );
  });

  test('the README table gives the standby a row of its own, priced at us-east-1 rates, and the document says so', () => {
    const table = renderReadmeCostTable(costs);
    expect(table).toContain('| prod-us-west-2 (standby of prod) | us-west-2, priced at us-east-1 rates |');
    expect(renderCostDocument(costs)).toContain('## prod-us-west-2 (standby of prod)');
    expect(renderCostDocument(costs)).toContain('A standby in another Region is priced at us-east-1 rates, an approximation');
  });
});
