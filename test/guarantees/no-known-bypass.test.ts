import { availabilityReport, CfnTemplate, checkEnvironment, DatabaseEngine, DatabaseTopology, PROD } from '../../lib';
import { handWrittenEnvironment } from '../fixtures/hand-written-environment';
import { errorIdsAfter, modelOfTemplates, synthEnvironment } from '../support/model';

/**
 * Every bypass a reviewer found (issue 9), tried on prod's own synthesized templates: each single
 * mutation must fail the right check as an error. Shared edits are small named functions, so a
 * new bypass is one more row.
 */
const prod = synthEnvironment(PROD);
const aurora = synthEnvironment({
  ...PROD,
  // One Region, and so no Region-loss bound: the mutations here judge the AZ-level checks (the
  // Aurora Global Database standby is judged in test/stacks/standby-stage.test.ts).
  secondaryRegion: undefined,
  availability: { ...PROD.availability, region: undefined },
  data: { ...PROD.data, database: { ...PROD.data.database, engine: DatabaseEngine.POSTGRES, topology: DatabaseTopology.AURORA_CLUSTER } },
});

type Templates = Record<string, CfnTemplate & { Resources: Record<string, any> }>;
const resources = (templates: Templates, type: string) =>
  Object.values(templates).flatMap((t) => Object.entries<any>(t.Resources).filter(([, r]) => r.Type === type));
const replicas = (t: Templates) => resources(t, 'AWS::RDS::DBInstance').filter(([, r]) => r.Properties.SourceDBInstanceIdentifier);
const firstOf = (t: Templates, type: string) => resources(t, type)[0][1];
/** Removes a resource from whichever stack holds it. */
const remove = (t: Templates, logicalId: string) => Object.values(t).forEach((template) => delete template.Resources[logicalId]);
const stackHolding = (t: Templates, type: string) =>
  Object.values(t).find((template) => Object.values<any>(template.Resources).some((r) => r.Type === type))!;

const MUTATIONS: Array<[string, Templates | 'aurora', string, (t: Templates) => void]> = [
  [
    'every subnet moved to one AZ',
    prod as Templates,
    'HA-WEB-001',
    (t) => resources(t, 'AWS::EC2::Subnet').forEach(([, s]) => (s.Properties.AvailabilityZone = 'us-east-1a')),
  ],
  [
    'a group’s capacity-plan metadata removed',
    prod as Templates,
    'HA-WEB-001',
    (t) => delete firstOf(t, 'AWS::AutoScaling::AutoScalingGroup').Metadata,
  ],
  [
    'a group back on balanced-best-effort (capacity that holds only when balanced)',
    prod as Templates,
    'HA-WEB-001',
    (t) => delete firstOf(t, 'AWS::AutoScaling::AutoScalingGroup').Properties.AvailabilityZoneDistribution,
  ],
  [
    'both read replicas in the same AZ',
    prod as Templates,
    'HA-DATA-002',
    (t) => replicas(t).forEach(([, r]) => (r.Properties.AvailabilityZone = 'us-east-1b')),
  ],
  [
    'a read replica deleted',
    prod as Templates,
    'HA-DATA-002',
    (t) => {
      remove(t, replicas(t)[0][0]);
    },
  ],
  [
    'an Aurora reader with no AZ',
    'aurora',
    'HA-DATA-001',
    (t) => delete resources(t, 'AWS::RDS::DBInstance').find(([id]) => /Reader/.test(id))![1].Properties.AvailabilityZone,
  ],
  [
    'the database writer without its standby',
    prod as Templates,
    'HA-DATA-001',
    (t) => (firstOf(t, 'AWS::RDS::DBInstance').Properties.MultiAZ = 'false'),
  ],
  [
    'a cache replica placed beside its primary',
    prod as Templates,
    'HA-DATA-003',
    (t) => {
      const shard = firstOf(t, 'AWS::ElastiCache::ReplicationGroup').Properties.NodeGroupConfiguration[0];
      shard.ReplicaAvailabilityZones = shard.ReplicaAvailabilityZones.map(() => shard.PrimaryAvailabilityZone);
    },
  ],
  [
    'alarms with ActionsEnabled "false" (a string)',
    prod as Templates,
    'HA-MON-001',
    (t) => resources(t, 'AWS::CloudWatch::Alarm').forEach(([, a]) => (a.Properties.ActionsEnabled = 'false')),
  ],
  [
    'alarm actions that resolve to AWS::NoValue',
    prod as Templates,
    'HA-MON-001',
    (t) => (firstOf(t, 'AWS::CloudWatch::Alarm').Properties.AlarmActions = [{ Ref: 'AWS::NoValue' }]),
  ],
  [
    'an alarm topic nobody subscribes to',
    prod as Templates,
    'HA-MON-001',
    (t) => resources(t, 'AWS::SNS::Subscription').forEach(([id]) => remove(t, id)),
  ],
  [
    'port 22 open to 0.0.0.0/1 plus 128.0.0.0/1',
    prod as Templates,
    'HA-SEC-001',
    (t) => {
      const group = resources(t, 'AWS::EC2::SecurityGroup').find(([, g]) => g.Properties.SecurityGroupIngress)![1];
      for (const cidr of ['0.0.0.0/1', '128.0.0.0/1']) {
        group.Properties.SecurityGroupIngress.push({ CidrIp: cidr, IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
      }
    },
  ],
  [
    'a launch configuration that allows IMDSv1',
    prod as Templates,
    'HA-SEC-003',
    (t) =>
      (stackHolding(t, 'AWS::AutoScaling::AutoScalingGroup').Resources.Legacy = {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: { MetadataOptions: { HttpTokens: 'optional' } },
      }),
  ],
  [
    'a password literal inside Fn::Join',
    prod as Templates,
    'HA-SEC-002',
    (t) =>
      (firstOf(t, 'AWS::ElastiCache::ReplicationGroup').Properties.AuthToken = { 'Fn::Join': ['', ['correct-horse-', 'battery-staple']] }),
  ],
  [
    'a subnet reference that no longer resolves (an output removed from Network)',
    prod as Templates,
    'HA-WEB-001',
    (t) => {
      const outputs = stackHolding(t, 'AWS::EC2::Subnet').Outputs as Record<string, unknown>;
      for (const name of Object.keys(outputs).filter((n) => /ApplicationSubnet|Private/.test(n))) {
        delete outputs[name];
      }
    },
  ],
];

describe('no known bypass: each mutation of prod’s real templates fails its check', () => {
  test.each([
    ['prod', prod],
    ['prod on Aurora', aurora],
  ])('%s as synthesized passes every check', (_name, templates) => {
    expect(checkEnvironment(modelOfTemplates(templates))).toEqual([]);
  });

  const errorsAfter = errorIdsAfter;

  test.each(MUTATIONS.map(([name, templates, checkId, mutate]) => [name, checkId, templates, mutate] as const))(
    'prod’s templates with %s fail %s',
    (_name, checkId, templates, mutate) => {
      expect(errorsAfter(templates === 'aurora' ? (aurora as Templates) : templates, mutate)).toContain(checkId);
    },
  );

  const handWritten = () => {
    const { network, app } = handWrittenEnvironment();
    return { network, app } as Templates;
  };
  test('the hand-written environment passes every check', () => {
    expect(checkEnvironment(modelOfTemplates(handWritten()))).toEqual([]);
  });

  test.each(
    MUTATIONS.filter(([, templates]) => templates !== 'aurora').map(([name, , checkId, mutate]) => [name, checkId, mutate] as const),
  )('a hand-written environment with %s fails %s', (_name, checkId, mutate) => {
    expect(errorsAfter(handWritten(), mutate)).toContain(checkId);
  });

  test('every subnet in one AZ: the AZ-loss report no longer claims survival', () => {
    const copy = structuredClone(prod) as Templates;
    resources(copy, 'AWS::EC2::Subnet').forEach(([, s]) => (s.Properties.AvailabilityZone = 'us-east-1a'));
    const report = availabilityReport(modelOfTemplates(copy));
    expect(report.survivesAnyOneAzLoss).toBe(false);
    const lossOfA = report.losses.find((l) => l.availabilityZone === 'us-east-1a')!;
    expect(lossOfA.impacts.filter((i) => !i.survives).map((i) => i.kind)).toEqual(expect.arrayContaining(['web', 'load-balancer']));
  });

  test('stacks that disagree about their environment are judged by the strict defaults, and say so', () => {
    const copy = structuredClone(prod) as Templates;
    (copy['prod-Web'].Metadata as any)['cdk-ha-blueprint:environment'].strict = false;
    expect(checkEnvironment(modelOfTemplates(copy)).map((f) => f.checkId)).toEqual(['HA-ENV-001']);
  });
});
