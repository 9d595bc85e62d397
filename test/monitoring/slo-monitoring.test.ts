import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ALARM_ACTIONS,
  BURN_RATE_POLICIES,
  burnRate,
  burnRateThreshold,
  budgetRemainingPercent,
  errorBudgetRatio,
  HaAlerting,
  HaMonitoring,
  HaWebTier,
  ServiceLevelObjective,
} from '../../lib';
import { stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';

function build(slo: ServiceLevelObjective = { availabilityPercent: 99.95, window: Duration.days(30) }) {
  const { stack, network } = stackWithNetwork();
  const alerting = new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
  const web = new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    notificationTopic: alerting.topic,
  });
  const mon = new HaMonitoring(stack, 'Monitoring', { environmentName: 'test', alarmTopic: alerting.topic, web, slo });
  return { stack, mon, template: Template.fromStack(stack) };
}

const alarmNamed = (template: Template, name: string) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }))[0];
const compositeNamed = (template: Template, name: string) =>
  Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: name } }))[0];

/**
 * Evaluates an alarm's metric-math expression as CloudWatch would for one datapoint, with the
 * given sums for its metrics (by id prefix: elb5xx, target5xx, requests). FILL(x, 0) is x or 0.
 */
function evaluate(alarm: any, sums: { elb5xx?: number; target5xx?: number; requests: number }): number {
  const expression: string = alarm.Properties.Metrics.find((m: any) => m.Expression).Expression;
  const ids: string[] = alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.Id);
  const value = (id: string) => (sums as Record<string, number | undefined>)[id.split('_')[0]] ?? 0;
  const js = expression.replace(/FILL\((\w+), 0\)/g, '$1').replace(/\b[a-z][A-Za-z0-9]*_\w+\b/g, (id) => {
    expect(ids).toContain(id);
    return String(value(id));
  });
  expect(js).toMatch(/^[\d\s.()+\-*/]+$/);
  return Function(`return (${js});`)();
}

describe('error-budget arithmetic', () => {
  test('a 30-day SLO pages at 14.4x over 1 h and 5 min, and tickets at 6x over 6 h and 30 min (SRE Workbook)', () => {
    expect(BURN_RATE_POLICIES.map((p) => [p.name, p.longWindowMinutes, p.shortWindowMinutes, burnRateThreshold(p, 30)])).toEqual([
      ['fast', 60, 5, 14.4],
      ['slow', 360, 30, 6],
    ]);
  });

  test('a 7-day SLO keeps the budget shares, so its burn rates are lower', () => {
    expect(BURN_RATE_POLICIES.map((p) => burnRateThreshold(p, 7))).toEqual([3.36, 1.4]);
  });

  test('burn rate and budget remaining on synthetic counts', () => {
    expect(errorBudgetRatio(99.95)).toBe(0.0005);
    // 0.05% errors spend a 99.95% budget exactly: burn rate 1, nothing left.
    expect(burnRate(50, 100_000, 99.95)).toBeCloseTo(1, 12);
    expect(budgetRemainingPercent(50, 100_000, 99.95)).toBeCloseTo(0, 9);
    // 1.5% errors burn it 30 times over: 2900% overspent.
    expect(budgetRemainingPercent(1_500, 100_000, 99.95)).toBeCloseTo(-2900, 9);
    expect(budgetRemainingPercent(10, 100_000, 99.95)).toBeCloseTo(80, 9);
    expect(burnRate(0, 0, 99.95)).toBeUndefined();
  });
});

describe('SloMonitoring', () => {
  const { template, mon, stack } = build();

  test.each([
    ['test-slo-burn-rate-1h', 3600, 14.4],
    ['test-slo-burn-rate-5m', 300, 14.4],
    ['test-slo-burn-rate-6h', 21600, 6],
    ['test-slo-burn-rate-30m', 1800, 6],
  ])('%s computes the burn rate over one period of %i s against %d', (name, period, threshold) => {
    const alarm = alarmNamed(template, name);
    expect(alarm.Properties).toMatchObject({
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [expect.anything()],
      OKActions: [expect.anything()],
    });
    expect(alarm.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'ha:tier', Value: 'slo' }]));
    const stats = alarm.Properties.Metrics.filter((m: any) => m.MetricStat);
    expect(stats.map((m: any) => [m.MetricStat.Metric.MetricName, m.MetricStat.Period, m.MetricStat.Stat]).sort()).toEqual(
      [
        ['HTTPCode_ELB_5XX_Count', period, 'Sum'],
        ['HTTPCode_Target_5XX_Count', period, 'Sum'],
        ['RequestCount', period, 'Sum'],
      ].sort(),
    );
  });

  test('the burn-rate expression is the error ratio over the budget ratio, on synthetic counts', () => {
    const oneHour = alarmNamed(template, 'test-slo-burn-rate-1h');
    // 0.72% of requests failing is exactly 14.4 x 0.05%: the threshold is reached.
    expect(evaluate(oneHour, { elb5xx: 200, target5xx: 520, requests: 100_000 })).toBeCloseTo(14.4, 9);
    expect(evaluate(oneHour, { elb5xx: 200, target5xx: 519, requests: 100_000 })).toBeLessThan(14.4);
    // The ALB publishes no 5xx datapoint when there are none: FILL makes that zero burn, not no data.
    expect(evaluate(oneHour, { requests: 100_000 })).toBe(0);
    // 1.5% 5xx: a 30x burn, past both pairs' thresholds.
    expect(evaluate(alarmNamed(template, 'test-slo-burn-rate-6h'), { target5xx: 1_500, requests: 100_000 })).toBeCloseTo(30, 9);
  });

  test.each([
    ['test-error-budget-fast-burn', 'test-slo-burn-rate-1h', 'test-slo-burn-rate-5m'],
    ['test-error-budget-slow-burn', 'test-slo-burn-rate-6h', 'test-slo-burn-rate-30m'],
  ])('%s fires only when both %s and %s are in ALARM', (name, long, short) => {
    const composite = compositeNamed(template, name);
    expect(composite.Properties).toMatchObject({ AlarmActions: [expect.anything()], OKActions: [expect.anything()] });
    const logicalId = (alarmName: string) =>
      Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: alarmName } }))[0];
    expect(composite.Properties.AlarmRule).toEqual({
      'Fn::Join': [
        '',
        ['(ALARM("', { 'Fn::GetAtt': [logicalId(long), 'Arn'] }, '") AND ALARM("', { 'Fn::GetAtt': [logicalId(short), 'Arn'] }, '"))'],
      ],
    });
  });

  test('fast burn is part of users-impaired; slow burn is a ticket and is not', () => {
    const rule = JSON.stringify(compositeNamed(template, 'test-users-impaired').Properties.AlarmRule);
    const id = (alarm: any) => Stack.of(stack).getLogicalId(alarm.node.defaultChild as CfnElement);
    expect(rule).toContain(`"${id(mon.slo!.fastBurn)}"`);
    expect(rule).not.toContain(`"${id(mon.slo!.slowBurn)}"`);
    expect(JSON.stringify(compositeNamed(template, 'test-redundancy-lost').Properties.AlarmRule)).not.toContain(id(mon.slo!.slowBurn));
  });

  test('every SLO alarm notifies on ALARM and on OK', () => {
    const slo = Object.keys(template.toJSON().Resources).filter((logical) => logical.startsWith('MonitoringSlo'));
    expect(slo).toHaveLength(6);
    const problems = ALARM_ACTIONS.check(modelOf(template.toJSON()));
    expect(problems.filter((p) => p.logicalId.startsWith('MonitoringSlo'))).toEqual([]);
  });

  test('the dashboard shows the budget remaining and the availability over the SLO window, under the alarms', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain('Error budget remaining (%, last 30 days)');
    expect(body).toContain('100 * (1 - (FILL(elb5xx_slo, 0) + FILL(target5xx_slo, 0)) / requests_slo / 0.0005)');
    expect(body).toContain('\\"start\\":\\"-P30D\\"');
    expect(body.indexOf('Error budget remaining')).toBeLessThan(body.indexOf('Web tier'));
  });

  test('fails with an SLO but no web tier to count requests on', () => {
    const { stack } = stackWithNetwork();
    const alerting = new HaAlerting(stack, 'Alerting');
    expect(
      () =>
        new HaMonitoring(stack, 'Monitoring', {
          environmentName: 'test',
          alarmTopic: alerting.topic,
          slo: { availabilityPercent: 99.9, window: Duration.days(30) },
        }),
    ).toThrow(/HaMonitoring: slo counts the web tier's requests; give web as well, or drop slo/);
  });

  test.each<[string, ServiceLevelObjective, RegExp]>([
    [
      'a percentage of 100',
      { availabilityPercent: 100, window: Duration.days(30) },
      /slo.availabilityPercent is 100; give a percentage above 0/,
    ],
    [
      'a window in hours',
      { availabilityPercent: 99.9, window: Duration.hours(36) },
      /slo.window is 36 hours; give whole days from 1 to 90/,
    ],
    [
      'an SLO whose fast burn needs more than 100% errors',
      { availabilityPercent: 90, window: Duration.days(30) },
      /the fast-burn alarm \(14.4x\) could never fire below 93.06%/,
    ],
  ])('fails with %s', (_name, slo, message) => {
    expect(() => build(slo)).toThrow(message);
  });
});
