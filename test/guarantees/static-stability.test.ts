import { Template } from 'aws-cdk-lib/assertions';
import { HaWebTier, STATIC_STABILITY } from '../../lib';
import { stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';

function webTemplate(): any {
  const { stack, network } = stackWithNetwork();
  new HaWebTier(stack, 'Web', { network, capacity: { baseline: 6, maximum: 30 }, allowInsecureHttp: true });
  return structuredClone(Template.fromStack(stack).toJSON());
}

function theGroup(template: any): any {
  return Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
}

describe('HA-WEB-001 static stability', () => {
  test('passes a group provisioned by HaWebTier', () => {
    expect(STATIC_STABILITY.check(modelOf(webTemplate()))).toEqual([]);
  });

  test('fails when MinSize is lowered below what survives losing an AZ (an escape hatch, say)', () => {
    const template = webTemplate();
    theGroup(template).Properties.MinSize = '6';
    const [finding, ...rest] = STATIC_STABILITY.check(modelOf(template));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ checkId: 'HA-WEB-001', severity: 'error' });
    expect(finding.message).toMatch(/MinSize 6 over 3 AZs: losing one leaves 4, below its baseline of 6. Raise MinSize to 9/);
  });

  test('fails when the group is confined to one subnet', () => {
    const template = webTemplate();
    const group = theGroup(template);
    group.Properties.VPCZoneIdentifier = group.Properties.VPCZoneIdentifier.slice(0, 1);
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(/spans 1 subnet\(s\); losing that AZ loses the whole group/);
  });

  test('judges a group without a capacity plan by whether anything survives', () => {
    const template = webTemplate();
    const group = theGroup(template);
    delete group.Metadata;
    group.Properties.MinSize = '1';
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(
      /MinSize 1 over 3 AZs: losing one leaves 0, below its baseline of 1/,
    );
  });
});
