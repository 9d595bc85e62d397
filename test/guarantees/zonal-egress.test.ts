import { Template } from 'aws-cdk-lib/assertions';
import { HaNetwork, ZONAL_EGRESS } from '../../lib';
import { testStack } from '../support/test-app';
import { modelOf } from '../support/model';

function networkTemplate(): any {
  const stack = testStack();
  new HaNetwork(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b'] });
  return structuredClone(Template.fromStack(stack).toJSON());
}

describe('HA-NET-001 zonal egress', () => {
  test('passes a network with a NAT gateway per AZ', () => {
    expect(ZONAL_EGRESS.check(modelOf(networkTemplate()))).toEqual([]);
  });

  test("fails when a subnet's default route is pointed at another AZ's NAT gateway", () => {
    const template = networkTemplate();
    const resources = template.Resources;
    const natIds = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::NatGateway');
    const route = Object.values<any>(resources).find((r) => r.Type === 'AWS::EC2::Route' && r.Properties.NatGatewayId);
    const other = natIds.find((id) => id !== route.Properties.NatGatewayId.Ref)!;
    route.Properties.NatGatewayId = { Ref: other };

    const findings = ZONAL_EGRESS.check(modelOf(template));
    expect(findings).toHaveLength(1);
    expect(findings[0].logicalId).toMatch(/^NetworkVpcApplicationSubnet/);
    expect(findings[0].message).toMatch(/routes egress through NAT gateway .* Give every AZ its own NAT gateway/);
  });
});
