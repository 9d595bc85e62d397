import { EnvironmentModel, placementOf, StackTemplate } from '../../../lib';

function stack(stackName: string, template: StackTemplate['template']): StackTemplate {
  return { stackName, artifactId: stackName, template };
}

const network = stack('lab-Network', {
  Resources: {
    SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'us-east-1a' } },
    NatA: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'SubnetA' } } },
  },
  Outputs: { SubnetA: { Value: { Ref: 'SubnetA' }, Export: { Name: 'lab-SubnetA' } } },
});

const workloads = stack('lab-Data', {
  Resources: {
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } },
    MemberA: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, AvailabilityZone: 'us-east-1a' } },
    MemberB: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, AvailabilityZone: 'us-east-1b' } },
    Cache: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: {
        NumNodeGroups: 2,
        NodeGroupConfiguration: [
          { PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'] },
          { PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1d'] },
        ],
      },
    },
    Zoned: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: 2, AvailabilityZones: ['us-east-1a', 'us-east-1b'] } },
    InSubnet: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { MinSize: 1, VPCZoneIdentifier: [{ 'Fn::ImportValue': 'lab-SubnetA' }] },
    },
    Elsewhere: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { MinSize: 1, VPCZoneIdentifier: [{ 'Fn::ImportValue': 'another-app-Subnet' }] },
    },
  },
});

describe('placementOf', () => {
  const placement = placementOf(new EnvironmentModel([network, workloads], 'us-east-1'), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
  const at = (zone: string) => placement.byZone[zone].map((r) => `${r.kind} ${r.logicalId}${r.role ? ` (${r.role})` : ''}`).sort();

  test('places groups, Aurora members, cache nodes by shard and NAT gateways in their AZs, following exports across stacks', () => {
    expect(at('us-east-1a')).toEqual([
      'cache-primary Cache (shard 1)',
      'database-reader MemberA (member of Cluster)',
      'nat-gateway NatA',
      'web-group InSubnet',
      'web-group Zoned',
    ]);
    expect(at('us-east-1b')).toEqual([
      'cache-primary Cache (shard 2)',
      'cache-replica Cache (shard 1 replica 1)',
      'database-reader MemberB (member of Cluster)',
      'web-group Zoned',
    ]);
    expect(at('us-east-1c')).toEqual([]);
  });

  test('lists an AZ a resource names outside the environment after the declared ones', () => {
    expect(placement.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
    expect(at('us-east-1d')).toEqual(['cache-replica Cache (shard 2 replica 1)']);
  });

  test('reports what it cannot place, with the reason, instead of guessing', () => {
    expect(placement.unplaced).toEqual([
      {
        stack: 'lab-Data',
        logicalId: 'Elsewhere',
        kind: 'web-group',
        why: 'no stack of this environment exports another-app-Subnet',
      },
    ]);
  });
});
