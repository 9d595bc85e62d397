import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ALARM_ACTIONS,
  ENVIRONMENT_METADATA,
  PER_AZ_COVERAGE,
  HaAlerting,
  HaCache,
  HaDatabase,
  HaMonitoring,
  HaMonitoringProps,
  HaWebTier,
} from '../../lib';
import { stackWithNetwork, THREE_AZS } from '../support/fixtures';
import { modelOf } from '../support/model';

/** The template as one environment over three AZs, as HaStage declares them. */
function modelWithAzs(template: any) {
  return modelOf({
    ...template,
    Metadata: { ...template.Metadata, [ENVIRONMENT_METADATA]: { name: 'test', availabilityZones: THREE_AZS } },
  });
}

function buildAll(monitoring: Partial<HaMonitoringProps> = {}) {
  const { stack, network } = stackWithNetwork();
  const alerting = new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
  const web = new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    alarmNamePrefix: 'test-web',
    notificationTopic: alerting.topic,
  });
  web.addService('api', { priority: 10, pathPatterns: ['/api/*'], capacity: { baseline: 2, maximum: 8 } });
  const database = new HaDatabase(stack, 'Db', { network });
  const cache = new HaCache(stack, 'Cache', { network });
  const mon = new HaMonitoring(stack, 'Monitoring', {
    environmentName: 'test',
    alarmTopic: alerting.topic,
    network,
    web,
    database,
    cache,
    ...monitoring,
  });
  return { stack, web, database, cache, alerting, mon };
}

function synthAll(monitoring: Partial<HaMonitoringProps> = {}) {
  const built = buildAll(monitoring);
  return { ...built, template: Template.fromStack(built.stack) };
}

const alarmNamed = (template: Template, name: string) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }))[0];

describe('HaMonitoring', () => {
  const { template, mon, web } = synthAll();

  test('every alarm it creates notifies the topic on ALARM and on OK', () => {
    const monitoringOnly = Object.keys(template.toJSON().Resources).filter((id) => id.startsWith('Monitoring'));
    expect(monitoringOnly.length).toBeGreaterThan(30);
    const problems = ALARM_ACTIONS.check(modelOf(template.toJSON()));
    expect(problems.filter((p) => p.logicalId.startsWith('Monitoring'))).toEqual([]);
  });

  test.each([
    ['test-web-5xx-rate', 'web'],
    ['test-web-p99-latency', 'web'],
    ['test-web-rejected-connections', 'web'],
    ['test-web-default-below-baseline', 'web'],
    ['test-web-api-below-stable-minimum', 'web'],
    ['test-web-api-in-service-below-minimum', 'web'],
    ['test-database-cpu', 'database'],
    ['test-database-freeable-memory', 'database'],
    ['test-database-free-storage', 'database'],
    ['test-database-connections', 'database'],
    ['test-database-read-latency', 'database'],
    ['test-database-write-latency', 'database'],
    ['test-database-disk-queue', 'database'],
    ['test-database-replica-1-lag', 'database'],
    ['test-database-replica-2-lag', 'database'],
    ['test-cache-engine-cpu', 'cache'],
    ['test-cache-memory', 'cache'],
    ['test-cache-evictions', 'cache'],
    ['test-cache-replication-lag', 'cache'],
    ['test-cache-connections', 'cache'],
    ['test-cache-nodes-reporting', 'cache'],
    ['test-cache-token-rotation-errors', 'cache'],
    ['test-network-nat-us-east-1a-port-allocation-errors', 'network'],
    ['test-network-nat-us-east-1c-packets-dropped', 'network'],
  ])('alarm %s exists, tagged with tier %s', (name, tier) => {
    const alarm = alarmNamed(template, name);
    expect(alarm).toBeDefined();
    expect(alarm.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'ha:tier', Value: tier }]));
  });

  test('the 5xx alarm is a percentage by metric math, not a raw count', () => {
    const alarm = alarmNamed(template, 'test-web-5xx-rate');
    expect(alarm.Properties.Metrics.find((m: any) => m.Expression).Expression).toMatch(
      /^100 \* \(FILL\(elb5xx_all, 0\) \+ FILL\(target5xx_all, 0\)\) \/ requests_all$/,
    );
  });

  test('per-AZ outlier alarms watch every AZ, comparing it with the others', () => {
    expect(PER_AZ_COVERAGE.check(modelWithAzs(template.toJSON()))).toEqual([]);
    for (const az of THREE_AZS) {
      const outlier = alarmNamed(template, `test-web-${az}-5xx-outlier`);
      expect(outlier.Properties.Metrics.filter((m: any) => m.MetricStat)).toHaveLength(6); // within the 10-metric alarm limit
      expect(alarmNamed(template, `test-web-${az}-latency-outlier`)).toBeDefined();
    }
  });

  test('handles missing data deliberately: no healthy-host data is breaching, no request data is not', () => {
    expect(alarmNamed(template, 'test-web-default-below-baseline').Properties.TreatMissingData).toBe('breaching');
    expect(alarmNamed(template, 'test-database-replica-1-lag').Properties.TreatMissingData).toBe('breaching');
    expect(alarmNamed(template, 'test-cache-nodes-reporting').Properties.TreatMissingData).toBe('breaching');
    expect(alarmNamed(template, 'test-web-5xx-rate').Properties.TreatMissingData).toBe('notBreaching');
    expect(alarmNamed(template, 'test-database-cpu').Properties.TreatMissingData).toBe('notBreaching');
  });

  test('a failed AUTH-token rotation step notifies at once, and joins neither composite', () => {
    const alarm = alarmNamed(template, 'test-cache-token-rotation-errors');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^CacheTokenRotationFunction/) } }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [expect.anything()],
      OKActions: [expect.anything()],
    });
    const ids = [...mon.symptomAlarms, ...mon.redundancyAlarms].map((a) => (a as any).node.id);
    expect(ids).not.toContain('test-cache-token-rotation-errors');
  });

  test('the users-impaired composite combines the symptoms, including each service 5xx alarm', () => {
    expect(mon.symptomAlarms).toEqual(expect.arrayContaining(web.services.map((s) => s.http5xxRateAlarm)));
    const [composite] = Object.values(
      template.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: 'test-users-impaired' } }),
    );
    expect(composite.Properties).toMatchObject({ AlarmActions: [expect.anything()], OKActions: [expect.anything()] });
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    expect(rule).toContain(') OR ALARM(');
    for (const service of web.services) {
      const logicalId = Stack.of(service).getLogicalId(service.http5xxRateAlarm.node.defaultChild as CfnElement);
      expect(rule).toContain(`"${logicalId}"`);
    }
    expect(rule.match(/ALARM\(/g)!.length).toBe(mon.symptomAlarms.length);
  });

  test('the redundancy-lost composite combines AZ outliers, replica lag, nodes down and hosts below the stable minimum', () => {
    const names = mon.redundancyAlarms.map((a) => (a as any).node.id);
    expect(names).toEqual(
      expect.arrayContaining([
        'test-web-us-east-1b-5xx-outlier',
        'test-database-replica-2-lag',
        'test-cache-nodes-reporting',
        'test-web-default-below-stable-minimum',
      ]),
    );
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'test-redundancy-lost' });
  });

  test('a dashboard shows alarms, golden signals per tier and each AZ', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard.Properties.DashboardName).toBe('test-availability');
    const body = JSON.stringify(
      template.toJSON().Resources[Object.keys(template.findResources('AWS::CloudWatch::Dashboard'))[0]].Properties.DashboardBody,
    );
    for (const title of ['Alarms', '5xx rate by AZ', 'p99 latency by AZ', 'Replica lag', 'Engine CPU and memory']) {
      expect(body).toContain(title);
    }
  });

  test('thresholds come from the props', () => {
    const { template: custom } = synthAll({ thresholds: { web5xxRatePercent: 1.5, replicaLagSeconds: 7, cacheMemoryPercent: 70 } });
    expect(alarmNamed(custom, 'test-web-5xx-rate').Properties.Threshold).toBe(1.5);
    expect(alarmNamed(custom, 'test-database-replica-1-lag').Properties.Threshold).toBe(7);
    expect(alarmNamed(custom, 'test-cache-memory').Properties.Threshold).toBe(70);
  });

  test.each<[string, Partial<HaMonitoringProps>, RegExp]>([
    ['an environment name that cannot prefix alarm names', { environmentName: 'Prod env' }, /environmentName 'Prod env' must be/],
    ['a negative threshold', { thresholds: { databaseConnections: -1 } }, /thresholds.databaseConnections is -1/],
    ['a percentage above 100', { thresholds: { cacheCpuPercent: 120 } }, /thresholds.cacheCpuPercent is 120; a percentage is at most 100/],
    [
      'no request-volume guard',
      { thresholds: { azOutlierMinimumRequests: 0.5 } },
      /thresholds.azOutlierMinimumRequests is 0.5; give a whole number/,
    ],
  ])('fails with %s', (_name, props, message) => {
    expect(() => buildAll(props)).toThrow(message);
  });
});

describe('per-AZ alarm coverage', () => {
  test("fails when the alarms about one AZ are removed, although other AZs' alarms still read its metrics as a comparison", () => {
    const { template } = synthAll();
    const json = structuredClone(template.toJSON());
    for (const [id, r] of Object.entries<any>(json.Resources)) {
      if (
        r.Type === 'AWS::CloudWatch::Alarm' &&
        (r.Properties.Tags ?? []).some((t: any) => t.Key === 'ha:availability-zone' && t.Value === 'us-east-1b')
      ) {
        delete json.Resources[id];
      }
    }
    expect(JSON.stringify(json)).toContain('"us-east-1b"');
    expect(PER_AZ_COVERAGE.check(modelWithAzs(json)).map((p) => p.message)).toEqual([
      expect.stringMatching(/^No alarm watches us-east-1b by its own metrics/),
    ]);
  });
});
