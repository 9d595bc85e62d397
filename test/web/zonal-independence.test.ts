import { CAPACITY_PLAN_METADATA, CLOUDWATCH_ALARM_DELAY, ROLLOUT_CHECKPOINTS, rollbackAlarmTimeToFire } from '../../lib';
import { defaultAppTemplates } from '../support/default-app';

// The default app's Web templates, synthesized once per run (test/support/default-app.ts).
const webTemplates = ['prod', 'staging'].map((name) => [name, defaultAppTemplates(name)[`${name}-Web`] as any] as const);

const ofType = (template: any, type: string) => Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
const attributes = (targetGroup: any) =>
  Object.fromEntries((targetGroup.Properties.TargetGroupAttributes ?? []).map((a: { Key: string; Value: string }) => [a.Key, a.Value]));

describe.each(webTemplates)('%s web tier: zonal independence', (_name, template) => {
  const groups = ofType(template, 'AWS::AutoScaling::AutoScalingGroup');

  test('every target group is AZ-local and leaves DNS below its share of peak load', () => {
    const targetGroups = ofType(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(targetGroups.length).toBeGreaterThanOrEqual(2);
    const plans = groups.map(([, g]) => g.Metadata[CAPACITY_PLAN_METADATA]);
    for (const [, targetGroup] of targetGroups) {
      const attrs = attributes(targetGroup);
      expect(attrs['load_balancing.cross_zone.enabled']).toBe('false');
      expect(attrs).toMatchObject({
        'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
        'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
        'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
      });
      const dnsCount = Number(attrs['target_group_health.dns_failover.minimum_healthy_targets.count']);
      expect(plans.map((p) => p.peakSharePerAz)).toContain(dnsCount);
    }
  });

  test('every group keeps a balanced distribution (balanced-only) and records its per-AZ share', () => {
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const [, group] of groups) {
      expect(group.Properties.AvailabilityZoneDistribution).toEqual({ CapacityDistributionStrategy: 'balanced-only' });
      const plan = group.Metadata[CAPACITY_PLAN_METADATA];
      expect(plan.perAz * plan.availabilityZones).toBe(Number(group.Properties.MinSize));
      expect(plan.peakSharePerAz).toBe(Math.ceil(plan.baseline / plan.availabilityZones));
    }
  });

  test("every group's refresh is staged, each stage baked longer than its rollback alarms take to fire", () => {
    for (const [, group] of groups) {
      const refresh = group.UpdatePolicy.AutoScalingInstanceRefresh;
      const preferences = refresh.Preferences;
      expect(preferences).toMatchObject({ MinHealthyPercentage: 100, CheckpointPercentages: ROLLOUT_CHECKPOINTS });
      expect(ROLLOUT_CHECKPOINTS.at(-1)).toBe(100);
      // Time to fire, read from the template's own rollback alarms: period x evaluation periods + delay.
      const alarmIds: string[] = preferences.AlarmSpecification.Alarms.map((a: { Ref: string }) => a.Ref);
      expect(alarmIds.length).toBeGreaterThan(0);
      for (const id of alarmIds) {
        const alarm = template.Resources[id].Properties;
        const period = alarm.Period ?? Math.max(...alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period));
        const timeToFire = period * alarm.EvaluationPeriods + CLOUDWATCH_ALARM_DELAY.toSeconds();
        expect(preferences.CheckpointDelay).toBeGreaterThanOrEqual(timeToFire);
        expect(preferences.BakeTime ?? refresh.BakeTime).toBeGreaterThanOrEqual(timeToFire);
      }
    }
  });
});

describe('rollbackAlarmTimeToFire', () => {
  test('is every evaluated period plus the CloudWatch delay', () => {
    expect(rollbackAlarmTimeToFire().toSeconds()).toBe(3 * 60 + CLOUDWATCH_ALARM_DELAY.toSeconds());
  });
});
