import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HaNetwork, HaNetworkProps, HaWarnings, ZONAL_EGRESS } from '../../lib';
import { testStack } from '../support/test-app';

import { THREE_AZS } from '../support/fixtures';
import { modelOf } from '../support/model';

function synthNetwork(props: HaNetworkProps = { availabilityZones: THREE_AZS }) {
  const stack = testStack();
  const network = new HaNetwork(stack, 'Network', props);
  return { stack, network, template: Template.fromStack(stack) };
}

/** The default three-AZ network, synthesized once for the tests that only read it. */
let defaultNetwork: ReturnType<typeof synthNetwork> | undefined;
function synthDefaultNetwork() {
  defaultNetwork ??= synthNetwork();
  return defaultNetwork;
}

function subnetsByKind(template: Template): Record<string, string[]> {
  const kinds: Record<string, string[]> = {};
  for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
    const tags: Array<{ Key: string; Value: string }> = subnet.Properties.Tags;
    const kind = tags.find((t) => t.Key === 'aws-cdk:subnet-name')!.Value;
    (kinds[kind] ??= []).push(subnet.Properties.AvailabilityZone);
  }
  return kinds;
}

describe('HaNetwork', () => {
  test('has an ingress, an application and a data subnet in every AZ', () => {
    const { template } = synthDefaultNetwork();
    const kinds = subnetsByKind(template);
    expect(Object.keys(kinds).sort()).toEqual(['Application', 'Data', 'Ingress']);
    for (const zones of Object.values(kinds)) {
      expect(zones.sort()).toEqual(THREE_AZS);
    }
  });

  test('has one NAT gateway per AZ by default, each in its own AZ', () => {
    const { template } = synthDefaultNetwork();
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    const resources = template.toJSON().Resources;
    const natZones = Object.values(template.findResources('AWS::EC2::NatGateway')).map(
      (nat) => resources[nat.Properties.SubnetId.Ref].Properties.AvailabilityZone,
    );
    expect(natZones.sort()).toEqual(THREE_AZS);
  });

  test("routes every application subnet's egress to the NAT gateway in its own AZ", () => {
    const { template } = synthDefaultNetwork();
    expect(ZONAL_EGRESS.check(modelOf(template.toJSON()))).toEqual([]);
    // The check judged something: every application subnet has a NAT default route.
    template.resourcePropertiesCountIs('AWS::EC2::Route', { NatGatewayId: Match.anyValue() }, 3);
  });

  test('sends all traffic to a KMS-encrypted flow log with the given retention', () => {
    const { template } = synthNetwork({ availabilityZones: THREE_AZS, flowLogRetention: logs.RetentionDays.ONE_MONTH });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('keeps S3 traffic on a gateway endpoint', () => {
    const { template } = synthDefaultNetwork();
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])]) }),
    });
  });

  test('spans the first three AZs of the region by default', () => {
    const stack = testStack();
    const network = new HaNetwork(stack, 'Network');
    expect(network.availabilityZones).toEqual(THREE_AZS);
  });

  test('exposes one subnet of each tier per AZ', () => {
    const { network } = synthDefaultNetwork();
    for (const selection of [network.ingressSubnets, network.applicationSubnets, network.dataSubnets]) {
      expect(network.vpc.selectSubnets(selection).availabilityZones.sort()).toEqual(THREE_AZS);
    }
  });

  test('warns that egress is no longer AZ-independent when NAT gateways are fewer than AZs', () => {
    const { stack, template } = synthNetwork({ availabilityZones: THREE_AZS, natGateways: 1 });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Network',
      Match.stringLikeRegexp(`natGateways is 1 for 3 AZs.*${HaWarnings.REDUCED_NAT_GATEWAYS}`),
    );
    expect(ZONAL_EGRESS.check(modelOf(template.toJSON()))).toHaveLength(2);
  });

  test('does not warn with one NAT gateway per AZ', () => {
    const { stack } = synthDefaultNetwork();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test.each<[string, HaNetworkProps, RegExp]>([
    [
      'fewer NAT gateways than AZs in strict mode',
      { availabilityZones: THREE_AZS, natGateways: 2, strict: true },
      /natGateways is 2 for 3 AZs.*strict mode/s,
    ],
    ['one AZ', { availabilityZones: ['us-east-1a'] }, /availabilityZones has 1 \(us-east-1a\); give at least 2/],
    ['a duplicated AZ', { availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'] }, /lists us-east-1a more than once/],
    ['an AZ outside the region', { availabilityZones: ['us-east-1a', 'eu-west-1b'] }, /eu-west-1b outside region us-east-1/],
    [
      'an AZ the account does not offer',
      { availabilityZones: ['us-east-1a', 'us-east-1z'], verifyAvailabilityZones: true },
      /us-east-1z, which the account does not offer/,
    ],
    ['no NAT gateway', { availabilityZones: THREE_AZS, natGateways: 0 }, /natGateways is 0; use a whole number from 1 to 3/],
    ['more NAT gateways than AZs', { availabilityZones: THREE_AZS, natGateways: 4 }, /natGateways is 4/],
    ['a malformed CIDR', { availabilityZones: THREE_AZS, vpcCidr: '10.0.0/16' }, /vpcCidr '10.0.0\/16' is not an IPv4 CIDR block/],
    [
      'a VPC block larger than AWS allows',
      { availabilityZones: THREE_AZS, vpcCidr: '10.0.0.0/8' },
      /prefix \/8; AWS allows VPC blocks from \/16/,
    ],
    [
      'a CIDR too small for the subnets',
      { availabilityZones: THREE_AZS, vpcCidr: '10.0.0.0/22', subnetCidrMask: 24 },
      /holds 1024 addresses but 9 subnets of \/24 \(3 kinds x 3 AZs\) need 2304; set subnetCidrMask to 26 \(the largest subnets that fit\), or set vpcCidr to a \/20 block such as '10.0.0.0\/20'/,
    ],
    [
      'a token for the NAT gateway count',
      { availabilityZones: THREE_AZS, natGateways: Token.asNumber({ Ref: 'Nats' }) },
      /natGateways must be a number known at synth time; tokens/,
    ],
    ['a subnet mask too small for AWS', { availabilityZones: THREE_AZS, subnetCidrMask: 29 }, /subnetCidrMask is 29/],
  ])('fails with %s', (_name, props, message) => {
    expect(() => synthNetwork(props)).toThrow(message);
  });

  test('explicit AZs need no context lookup, so a fresh app synthesizes offline', () => {
    const app = new App();
    const stack = new Stack(app, 'Fresh', { env: { account: '111122223333', region: 'eu-west-1' } });
    new HaNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  test('verifying explicit AZs asks for the lookup', () => {
    const app = new App();
    const stack = new Stack(app, 'Fresh', { env: { account: '111122223333', region: 'eu-west-1' } });
    new HaNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], verifyAvailabilityZones: true });
    expect(app.synth().manifest.missing?.map((m) => m.provider)).toEqual(['availability-zones']);
  });

  test.each([
    ['10.0.0.0/22', 24, 3],
    ['10.1.4.0/22', 23, 2],
    ['172.16.0.0/24', 24, 3],
  ])('the advice for %s with /%i subnets over %i AZs works when followed, either way', (vpcCidr, subnetCidrMask, azs) => {
    const availabilityZones = THREE_AZS.slice(0, azs);
    let message = '';
    try {
      synthNetwork({ availabilityZones, vpcCidr, subnetCidrMask });
    } catch (e) {
      message = (e as Error).message;
    }
    const mask = /subnetCidrMask to (\d+)/.exec(message);
    const block = /vpcCidr to a \/\d+ block such as '([^']+)'/.exec(message);
    expect(mask ?? block).not.toBeNull();
    if (mask) {
      expect(() => synthNetwork({ availabilityZones, vpcCidr, subnetCidrMask: Number(mask[1]) })).not.toThrow();
    }
    if (block) {
      expect(() => synthNetwork({ availabilityZones, vpcCidr: block[1], subnetCidrMask })).not.toThrow();
    }
  });

  test('errors name the construct path', () => {
    expect(() => synthNetwork({ availabilityZones: ['us-east-1a'] })).toThrow(/\[at TestStack\/Network\]/);
  });
});
