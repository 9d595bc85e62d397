import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TargetGroupMetrics } from '../../lib';
import { testStack } from '../support/test-app';

function albWithTargetGroup(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Tg', { vpc, port: 80 });
  loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  return { loadBalancer, targetGroup };
}

describe('TargetGroupMetrics', () => {
  test('dimensions are the LoadBalancerFullName and TargetGroupFullName attributes, not a split listener ARN', () => {
    const stack = testStack();
    const { loadBalancer, targetGroup } = albWithTargetGroup(stack);
    const metric = TargetGroupMetrics.of(targetGroup, loadBalancer).requestCount();
    expect(stack.resolve(metric.dimensions)).toEqual({
      LoadBalancer: { 'Fn::GetAtt': [stack.getLogicalId(loadBalancer.node.defaultChild as CfnElement), 'LoadBalancerFullName'] },
      TargetGroup: { 'Fn::GetAtt': [stack.getLogicalId(targetGroup.node.defaultChild as CfnElement), 'TargetGroupFullName'] },
    });
    // aws-cdk-lib's own derives LoadBalancer from the listener ARN: the shape HA-CFN-001 rejects across stacks.
    expect(JSON.stringify(stack.resolve(targetGroup.metrics.requestCount().dimensions))).toContain('Fn::Split');
  });

  test("keeps aws-cdk-lib's metric names and default statistics", () => {
    const stack = testStack();
    const { loadBalancer, targetGroup } = albWithTargetGroup(stack);
    const ours = TargetGroupMetrics.of(targetGroup, loadBalancer);
    const theirs = targetGroup.metrics;
    const pairs = [
      [ours.requestCount(), theirs.requestCount()],
      [ours.ipv6RequestCount(), theirs.ipv6RequestCount()],
      [ours.healthyHostCount(), theirs.healthyHostCount()],
      [ours.unhealthyHostCount(), theirs.unhealthyHostCount()],
      [ours.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), theirs.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)],
      [ours.requestCountPerTarget(), theirs.requestCountPerTarget()],
      [ours.targetConnectionErrorCount(), theirs.targetConnectionErrorCount()],
      [ours.targetResponseTime(), theirs.targetResponseTime()],
      [ours.targetTLSNegotiationErrorCount(), theirs.targetTLSNegotiationErrorCount()],
    ];
    for (const [a, b] of pairs) {
      expect([a.namespace, a.metricName, a.statistic, a.period.toSeconds()]).toEqual([
        b.namespace,
        b.metricName,
        b.statistic,
        b.period.toSeconds(),
      ]);
    }
  });
});

describe('TargetGroupMetrics.inZone', () => {
  test('adds the AvailabilityZone dimension and keeps the full names', () => {
    const stack = testStack();
    const { loadBalancer, targetGroup } = albWithTargetGroup(stack);
    const metric = TargetGroupMetrics.of(targetGroup, loadBalancer).inZone('us-east-1a').healthyHostCount({ statistic: 'Minimum' });
    expect(Object.keys(stack.resolve(metric.dimensions))).toEqual(['LoadBalancer', 'TargetGroup', 'AvailabilityZone']);
    expect(stack.resolve(metric.dimensions).AvailabilityZone).toBe('us-east-1a');
    expect(JSON.stringify(stack.resolve(metric.dimensions))).not.toContain('Fn::Split');
    expect(metric.statistic).toBe('Minimum');
  });
});
