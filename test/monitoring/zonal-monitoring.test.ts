import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AVAILABILITY_ZONE_TAG,
  DEFAULT_THRESHOLDS,
  HaStage,
  HaWebTier,
  PLACEHOLDER_ACCOUNT,
  PROD,
  STAGING,
  ZonalMonitoring,
} from '../../lib';
import { alarmFires, evaluateAlarmMetrics, evaluateExpression, Series, TemplateMetricStat } from '../support/metric-math';
import { testApp } from '../support/test-app';

/** Requests, 5xx answers (by the targets) and p99 latency of one AZ in each minute; undefined: no traffic at all. */
interface ZoneTraffic {
  readonly requests: number;
  readonly errors: number;
  readonly p99: number;
}
type Scenario = Record<string, ZoneTraffic | undefined>;

const MINUTES = 5;
const steady = (value: number | null): Series => Array(MINUTES).fill(value);

/**
 * The load balancer's metrics under a scenario, as CloudWatch would publish them with AZ-local
 * target groups: a zone's metrics are its own traffic; without an AZ dimension, the sums (and for
 * p99 the slowest AZ, a lower bound of the fleet's p99). No traffic: no datapoints.
 */
function source(scenario: Scenario) {
  return (stat: TemplateMetricStat): Series => {
    const az = stat.Metric.Dimensions?.find((d) => d.Name === 'AvailabilityZone')?.Value as string | undefined;
    const zones = (az ? [scenario[az]] : Object.values(scenario)).filter((z): z is ZoneTraffic => z !== undefined && z.requests > 0);
    if (zones.length === 0) {
      return steady(null);
    }
    switch (stat.Metric.MetricName) {
      case 'RequestCount':
        return steady(zones.reduce((sum, z) => sum + z.requests, 0));
      case 'HTTPCode_Target_5XX_Count':
        return steady(zones.reduce((sum, z) => sum + z.errors, 0));
      case 'HTTPCode_ELB_5XX_Count':
        return steady(null); // the load balancer itself answers no 5xx here: published only when non-zero
      case 'TargetResponseTime':
        return steady(Math.max(...zones.map((z) => z.p99)));
      default:
        throw new Error(`scenario has no ${stat.Metric.MetricName}`);
    }
  };
}

const app = testApp();
const stages = [PROD, STAGING].map((profile) => new HaStage(app, profile.name, { profile, account: PLACEHOLDER_ACCOUNT }));
const observability = (stage: HaStage) => Template.fromStack(stage.observabilityStack as Stack).toJSON();

function alarmsOf(template: any): Record<string, any> {
  return Object.fromEntries(
    Object.values<any>(template.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => [r.Properties.AlarmName, r.Properties]),
  );
}

const prod = alarmsOf(observability(stages[0]));
const ZONES = PROD.availabilityZones;
const outlierNames = (kind: string) => ZONES.map((az) => `prod-web-${az}-${kind}-outlier`);

/** The alarms (of those named) that are in ALARM after five minutes of the scenario. */
function firing(names: string[], scenario: Scenario): string[] {
  return names.filter((name) => {
    const alarm = prod[name];
    expect(alarm).toBeDefined();
    return alarmFires(alarm, evaluateAlarmMetrics(alarm, source(scenario), MINUTES));
  });
}

const healthy: ZoneTraffic = { requests: 1000, errors: 5, p99: 0.2 };
const [a, b, c] = ZONES;

describe("prod's per-AZ 5xx outlier alarms, evaluated from the template", () => {
  test('one AZ failing 30% of requests fires that AZ’s alarm and no other', () => {
    const scenario = { [a]: healthy, [b]: { requests: 1000, errors: 300, p99: 0.2 }, [c]: healthy };
    expect(firing(outlierNames('5xx'), scenario)).toEqual([`prod-web-${b}-5xx-outlier`]);
  });

  test('2 errors in 20 requests fires nothing: the AZ is under the request-volume guard', () => {
    const scenario = { [a]: { requests: 20, errors: 2, p99: 0.2 }, [b]: { requests: 1000, errors: 0, p99: 0.2 }, [c]: healthy };
    expect(firing(outlierNames('5xx'), scenario)).toEqual([]);
    expect(firing(['prod-web-5xx-rate'], scenario)).toEqual([]);
  });

  test('every AZ at 30% fires the fleet alarm and no outlier', () => {
    const bad = { requests: 1000, errors: 300, p99: 0.2 };
    const scenario = { [a]: bad, [b]: bad, [c]: bad };
    expect(firing(outlierNames('5xx'), scenario)).toEqual([]);
    expect(firing(['prod-web-5xx-rate'], scenario)).toEqual(['prod-web-5xx-rate']);
  });

  test('an AZ with no traffic (shifted away) fires nothing, and the others are not compared with it', () => {
    const scenario = { [a]: undefined, [b]: healthy, [c]: healthy };
    expect(firing(outlierNames('5xx'), scenario)).toEqual([]);
    expect(firing(outlierNames('latency'), scenario)).toEqual([]);
  });

  test('all traffic in one AZ, with errors, is the fleet alarm’s and no outlier (nothing to compare with)', () => {
    const scenario = { [a]: { requests: 1000, errors: 300, p99: 0.2 }, [b]: undefined, [c]: undefined };
    expect(firing(outlierNames('5xx'), scenario)).toEqual([]);
    expect(firing(['prod-web-5xx-rate'], scenario)).toEqual(['prod-web-5xx-rate']);
  });
});

describe("prod's per-AZ latency outlier alarms, evaluated from the template", () => {
  test('one slow AZ fires that AZ’s alarm and no other', () => {
    const scenario = { [a]: healthy, [b]: healthy, [c]: { requests: 1000, errors: 5, p99: 2.5 } };
    expect(firing(outlierNames('latency'), scenario)).toEqual([`prod-web-${c}-latency-outlier`]);
  });

  test('a slow AZ under the request-volume guard fires nothing', () => {
    const scenario = { [a]: healthy, [b]: healthy, [c]: { requests: 20, errors: 0, p99: 2.5 } };
    expect(firing(outlierNames('latency'), scenario)).toEqual([]);
  });

  test('every AZ equally slow fires no outlier', () => {
    const slow = { requests: 1000, errors: 5, p99: 2.5 };
    expect(firing(outlierNames('latency'), { [a]: slow, [b]: slow, [c]: slow })).toEqual([]);
  });
});

describe.each(stages.map((stage) => [stage.stageName, stage]))('%s per-AZ alarms', (name, stage) => {
  const template = observability(stage);
  const alarms = alarmsOf(template);
  const zones = stage.profile.availabilityZones;
  const threshold = stage.profile.monitoring.thresholds.azOutlierMinimumRequests!;

  test.each(zones)('the 5xx and latency outliers of %s carry a request-volume term from the profile', (az) => {
    for (const kind of ['5xx', 'latency']) {
      const alarm = alarms[`${name}-web-${az}-${kind}-outlier`];
      const returned = alarm.Metrics.find((m: any) => m.ReturnData !== false);
      expect(returned.Expression).toMatch(new RegExp(`^IF\\(.*> ${threshold}[ ),]`));
      // Just over the guard, with a clear outlier, it fires; at the guard it does not.
      const outlier = (requests: number): Scenario =>
        Object.fromEntries(
          zones.map((zone) => [zone, zone === az ? { requests, errors: requests * 0.5, p99: 5 } : { requests: 1000, errors: 0, p99: 0.1 }]),
        );
      const fires = (scenario: Scenario) => alarmFires(alarm, evaluateAlarmMetrics(alarm, source(scenario), MINUTES));
      expect(fires(outlier(threshold + 2))).toBe(true);
      expect(fires(outlier(threshold))).toBe(false);
    }
  });

  test('one healthy-host alarm per target group per AZ, against the service’s share, feeding redundancy-lost', () => {
    const services = stage.webStack.web.services;
    const perAz = Object.values(alarms).filter(
      (p) => p.MetricName === 'HealthyHostCount' && p.Dimensions.some((d: any) => d.Name === 'AvailabilityZone'),
    );
    expect(perAz).toHaveLength(services.length * zones.length);
    for (const service of services) {
      for (const az of zones) {
        const alarm = alarms[`${name}-web-${service.serviceName}-${az}-below-share`];
        expect(alarm).toMatchObject({
          Threshold: service.capacityPlan.perAz,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
        });
        expect(alarm.Dimensions).toEqual(
          expect.arrayContaining([
            { Name: 'AvailabilityZone', Value: az },
            { Name: 'TargetGroup', Value: expect.anything() },
          ]),
        );
        expect(alarm.Tags).toEqual(expect.arrayContaining([{ Key: AVAILABILITY_ZONE_TAG, Value: az }]));
      }
    }
    const composite = Object.values<any>(template.Resources).find((r) => r.Properties?.AlarmName === `${name}-redundancy-lost`);
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    const belowShare = Object.entries<any>(template.Resources).filter(([, r]) => /-below-share$/.test(r.Properties?.AlarmName ?? ''));
    for (const [logicalId] of belowShare) {
      expect(rule).toContain(logicalId);
    }
  });

  test('the dashboard shows each service’s healthy hosts per AZ against its share', () => {
    const body = JSON.stringify(Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard').Properties);
    for (const service of stage.webStack.web.services) {
      expect(body).toContain(`${service.serviceName}: healthy hosts per AZ vs share`);
      expect(body).toContain(`share per AZ (${service.capacityPlan.perAz})`);
    }
  });
});

describe('ZonalMonitoring limits', () => {
  test('every expression fits CloudWatch: at most 10 metrics and 1024 characters per alarm', () => {
    for (const alarm of Object.values(prod).filter((p) => p.Metrics)) {
      expect(alarm.Metrics.filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(10);
      for (const query of alarm.Metrics.filter((m: any) => m.Expression)) {
        expect(query.Expression.length).toBeLessThanOrEqual(1024);
      }
    }
  });

  test('fails for more AZs than a latency-outlier alarm can read', () => {
    const zones = Array.from({ length: 10 }, (_, i) => `us-east-1${String.fromCharCode(97 + i)}`);
    const web = { availabilityZones: zones, services: [], node: { path: 'Test/Web' } } as unknown as HaWebTier;
    expect(() => new ZonalMonitoring({ web, thresholds: DEFAULT_THRESHOLDS, alarm: () => undefined as never })).toThrow(
      /\(11 metrics for 10 AZs\); CloudWatch allows 10 per alarm/,
    );
  });
});

describe('the metric-math evaluator', () => {
  const m = [1, 2, null, 4];
  test.each<[string, Series | number]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['-m + 1', [0, -1, null, -3]],
    ['FILL(m, 0) > 1 AND FILL(m, 0) < 4', [0, 1, 0, 0]],
    ['IF(FILL(m, 0) > 1, 10, 20)', [20, 10, 20, 10]],
    ['MIN([m, 3])', [1, 2, 3, 3]],
    ['MAX(m)', 4],
    ['NOT (m == 2) || 0', [1, 0, null, 1]],
  ])('%s', (expression, expected) => {
    expect(evaluateExpression(expression, { m }, 4)).toEqual(expected);
  });

  test('refuses a division by zero and an unknown id, so a bad formula cannot pass silently', () => {
    expect(() => evaluateExpression('1 / (m - 2)', { m }, 4)).toThrow(/division by zero/);
    expect(() => evaluateExpression('n + 1', { m }, 4)).toThrow(/unknown id 'n'/);
  });

  test('applies M of N and the missing-data treatment', () => {
    const alarm = { ComparisonOperator: 'GreaterThanThreshold', Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2 };
    expect(alarmFires(alarm, [0, 0, 9, 0, 9])).toBe(true);
    expect(alarmFires(alarm, [9, 9, 0, 0, 9])).toBe(false);
    expect(alarmFires({ ...alarm, TreatMissingData: 'breaching' }, [0, 0, null, 9])).toBe(true);
    expect(alarmFires({ ...alarm, TreatMissingData: 'notBreaching' }, [0, 0, null, 9])).toBe(false);
  });
});
