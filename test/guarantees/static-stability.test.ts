import { Template } from 'aws-cdk-lib/assertions';
import { HaWebTier, STATIC_STABILITY } from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';

function webTemplate(): any {
  const { stack, network } = stackWithNetwork();
  new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    notificationTopic: alarmTopic(stack),
  });
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
    expect(finding.logicalId).toBe('WebAutoScalingGroupASG148BE4DD');
    expect(finding.message).toMatch(
      /MinSize 6 over 3 AZs with balanced-only so one AZ may hold 2: losing it leaves 4, below its baseline of 6. Raise MinSize to 9/,
    );
  });

  test('fails when the group is confined to one subnet', () => {
    const template = webTemplate();
    const group = theGroup(template);
    group.Properties.VPCZoneIdentifier = group.Properties.VPCZoneIdentifier.slice(0, 1);
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(/runs in 1 AZ\(s\) \(us-east-1a\); losing one loses the group/);
  });

  test('cannot prove a group the library made once its capacity plan is removed (the baseline does not fall to 1)', () => {
    const template = webTemplate();
    delete theGroup(template).Metadata;
    expect(STATIC_STABILITY.check(modelOf(template)).map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^cannot prove static stability for WebAutoScalingGroupASG148BE4DD: .*capacityPlan metadata \(the baseline\) is missing/,
      ),
    ]);
  });

  test('judges a foreign group (no plan, not recorded as managed) on the worst distribution it allows', () => {
    const template = webTemplate();
    delete template.Metadata;
    const group = theGroup(template);
    delete group.Metadata;
    group.Properties.MinSize = '3';
    expect(STATIC_STABILITY.check(modelOf(template))).toEqual([]);
    // balanced-best-effort: an AZ that cannot launch pushes 2 into the other two, 1 each; losing one leaves 1.
    delete group.Properties.AvailabilityZoneDistribution;
    group.Properties.MinSize = '2';
    expect(STATIC_STABILITY.check(modelOf(template))).toEqual([]);
    group.Properties.MinSize = '1';
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(
      /MinSize 1 over 3 AZs with balanced-best-effort, .* so one AZ may hold 1: losing it leaves 0, below its baseline of 1/,
    );
  });

  test('fails a group whose capacity holds only when balanced (balanced-best-effort, 5/4/0)', () => {
    const template = webTemplate();
    const group = theGroup(template);
    delete group.Properties.AvailabilityZoneDistribution;
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(
      /MinSize 9 over 3 AZs with balanced-best-effort, which fills the other AZs when one cannot launch, so one AZ may hold 5: losing it leaves 4, below its baseline of 6/,
    );
  });

  test('fails a group whose subnets all sit in one AZ, although it lists three of them', () => {
    const template = webTemplate();
    for (const subnet of Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::Subnet')) {
      subnet.Properties.AvailabilityZone = 'us-east-1a';
    }
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(/runs in 1 AZ\(s\) \(us-east-1a\)/);
  });

  test('fails a planned group that was deleted from the template', () => {
    const template = webTemplate();
    const [id] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::AutoScaling::AutoScalingGroup')!;
    delete template.Resources[id];
    expect(STATIC_STABILITY.check(modelOf(template))[0].message).toMatch(/which this library made, is missing from the template/);
  });
});
