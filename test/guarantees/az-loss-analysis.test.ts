import { Template } from 'aws-cdk-lib/assertions';
import {
  analyzeAzLoss,
  availabilityReport,
  availabilityZonesOf,
  HaCache,
  HaDatabase,
  HaNetwork,
  HaWebTier,
  renderAvailabilityReport,
} from '../../lib';
import { alarmTopic, THREE_AZS } from '../support/fixtures';
import { modelOf } from '../support/model';
import { testStack } from '../support/test-app';

function template(natGateways = 3): any {
  const stack = testStack();
  const network = new HaNetwork(stack, 'Network', { availabilityZones: THREE_AZS, natGateways });
  new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    notificationTopic: alarmTopic(stack),
  });
  new HaDatabase(stack, 'Db', { network });
  new HaCache(stack, 'Cache', { network });
  return structuredClone(Template.fromStack(stack).toJSON());
}

const byKind = (impacts: ReturnType<typeof analyzeAzLoss>, kind: string) => impacts.filter((i) => i.kind === kind);

describe('AZ-loss analysis', () => {
  const healthy = template();

  test('names the AZs a template spreads over', () => {
    expect(availabilityZonesOf(modelOf(healthy))).toEqual(THREE_AZS);
  });

  test.each(THREE_AZS)('everything survives losing %s', (az) => {
    const impacts = analyzeAzLoss(modelOf(healthy), az);
    expect(impacts.filter((i) => !i.survives)).toEqual([]);
    expect(new Set(impacts.map((i) => i.kind))).toEqual(new Set(['web', 'load-balancer', 'database', 'cache', 'egress']));
    expect(byKind(impacts, 'web')[0].detail).toBe(
      `keeps 6 of 9 instances without scaling at worst (balanced-only, up to 3 in ${az}; baseline 6); AZ-local routing, an AZ leaves DNS below 2 healthy`,
    );
  });

  test('counts the read replicas left in other AZs', () => {
    expect(byKind(analyzeAzLoss(modelOf(healthy), 'us-east-1a'), 'database')[0].detail).toMatch(/1 of 2 read replicas keep serving/);
    expect(byKind(analyzeAzLoss(modelOf(healthy), 'us-east-1c'), 'database')[0].detail).toMatch(/2 of 2 read replicas keep serving/);
  });

  test('fails what a broken template would lose: a lowered MinSize, a single-AZ writer, a one-AZ cache, a shared NAT', () => {
    const broken = template(1);
    const resources = Object.values<any>(broken.Resources);
    resources.find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup').Properties.MinSize = '6';
    resources.find((r) => r.Type === 'AWS::RDS::DBInstance' && !r.Properties.SourceDBInstanceIdentifier).Properties.MultiAZ = false;
    resources.find((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup').Properties.NodeGroupConfiguration[0].ReplicaAvailabilityZones = [
      'us-east-1a',
      'us-east-1a',
    ];
    const failed = analyzeAzLoss(modelOf(broken), 'us-east-1a').filter((i) => !i.survives);
    expect(failed.map((i) => [i.kind, i.detail])).toEqual(
      expect.arrayContaining([
        [
          'web',
          'keeps 4 of 6 instances without scaling at worst (balanced-only, up to 2 in us-east-1a; baseline 6); AZ-local routing, an AZ leaves DNS below 2 healthy',
        ],
        ['database', expect.stringMatching(/writer has no standby/)],
        ['cache', expect.stringMatching(/1 shard\(s\) had every node in us-east-1a/)],
        ['egress', 'loses egress: its NAT gateway is in us-east-1a'],
      ]),
    );
  });

  test('the report gives a verdict per environment and one line per resource, failures first', () => {
    const report = availabilityReport(modelOf(template(1)));
    expect(report.survivesAnyOneAzLoss).toBe(false);
    const text = renderAvailabilityReport(report);
    expect(text.split('\n')[0]).toBe('(templates): does NOT survive the loss of every single AZ (us-east-1a, us-east-1b, us-east-1c)');
    expect(text).toMatch(/ {2}losing us-east-1a:\n {4}FAIL egress {8}Stack1\/NetworkVpcApplicationSubnet2Subnet\w+: loses egress/);
    expect(availabilityReport(modelOf(healthy)).survivesAnyOneAzLoss).toBe(true);
  });
});
