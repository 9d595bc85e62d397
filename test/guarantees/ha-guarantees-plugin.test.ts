import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HaGuaranteesPlugin, HaNetwork, PLACEHOLDER_ACCOUNT } from '../../lib';
import { testApp } from '../support/test-app';

function appWithNetwork(natGateways: number) {
  const app = testApp();
  Validations.of(app).addPlugins(new HaGuaranteesPlugin());
  const stack = new Stack(app, 'Net', { env: { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' } });
  const network = new HaNetwork(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 2 });
  if (natGateways === 1) {
    // An escape hatch that HaNetwork's own validation cannot see: both AZs routed to one NAT gateway.
    const [first, second] = network.vpc.privateSubnets as ec2.PrivateSubnet[];
    const firstNat = (first.node.findChild('DefaultRoute') as ec2.CfnRoute).natGatewayId;
    (second.node.findChild('DefaultRoute') as ec2.CfnRoute).natGatewayId = firstNat;
  }
  return { app, stack };
}

describe('HaGuaranteesPlugin', () => {
  test('lets a template that keeps its guarantees synthesize', () => {
    expect(() => appWithNetwork(2).app.synth()).not.toThrow();
  });

  test('fails synthesis on a broken guarantee, naming the check, the resource and the fix', () => {
    expect(() => appWithNetwork(1).app.synth()).toThrow(
      /HA-NET-001: Subnet NetworkVpcApplicationSubnet2Subnet\w+ in us-east-1b routes egress through NAT gateway \w+ in us-east-1a[\s\S]*Suggested fix: Give every AZ its own NAT gateway[\s\S]*Acknowledge with 'cdk-ha-blueprint::HA-NET-001'/,
    );
  });

  test('an acknowledgement with a reason lets the deliberate choice through', () => {
    const { app, stack } = appWithNetwork(1);
    Validations.of(stack).acknowledge({ id: 'cdk-ha-blueprint::HA-NET-001', reason: 'test: a lab network that may lose egress' });
    expect(() => app.synth()).not.toThrow();
  });
});
