import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchAvailability } from '../../lib/ops/availability';
import { fetchEndpointHealth } from '../../lib/ops/endpoint-health';
import { elbQuery, getMetricData } from '../../lib/ops/metric-data';
import { fetchZones } from '../../lib/ops/zones';

/** Readings CloudWatch hands back that must not be believed as they stand: unit level of adversary round 4, defects 4-8. */

const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
beforeEach(() => cloudwatch.reset());

const LB = 'app/prod-Web/0123456789abcdef';
const FROM = new Date('2026-10-30T12:00:00Z');
const TO = new Date('2026-11-29T12:00:00Z');
const queries: MetricDataQuery[] = ['a', 'b'].map((id) => elbQuery(id, 'RequestCount', 'Sum', 3600, { LoadBalancer: LB }));

describe('getMetricData: what CloudWatch did not fully return', () => {
  test.each(['InternalError', 'Forbidden', 'PartialData', 'SomethingNew'])(
    'a last page answered %s is incomplete, the other query not',
    async (status) => {
      cloudwatch.on(GetMetricDataCommand).resolves({
        MetricDataResults: [
          { Id: 'a', StatusCode: status as never, Values: [1], Messages: [{ Code: 'Detail', Value: 'why' }] },
          { Id: 'b', StatusCode: 'Complete', Values: [2] },
        ],
      });
      const data = await getMetricData(client, queries, FROM, TO);
      expect([...data.incomplete.keys()]).toEqual(['a']);
      expect(data.incomplete.get('a')).toContain(`${status} (Detail why)`);
    },
  );

  test('PartialData followed through its NextToken to a Complete page is the whole series', async () => {
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(async (input) =>
        input.NextToken
          ? { MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [1] })) }
          : { MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: 'PartialData', Values: [2] })), NextToken: 't' },
      );
    const data = await getMetricData(client, queries, FROM, TO);
    expect([data.incomplete.size, data.series.get('a')!.values]).toEqual([0, [2, 1]]);
  });

  test('an InternalError page followed by a Complete one is still incomplete: that page lacks its datapoints', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input) =>
      input.NextToken
        ? { MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [1] })) }
        : {
            MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: q.Id === 'a' ? 'InternalError' : 'PartialData', Values: [] })),
            NextToken: 't',
          },
    );
    const data = await getMetricData(client, queries, FROM, TO);
    expect([...data.incomplete.keys()]).toEqual(['a']);
  });

  test('a query CloudWatch returned no result for is incomplete, not an empty series', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'a', StatusCode: 'Complete', Values: [1] }] });
    const data = await getMetricData(client, queries, FROM, TO);
    expect([...data.incomplete]).toEqual([['b', 'GetMetricData returned no result for b']]);
  });

  test('a Messages entry on the response makes every query of the call incomplete', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [1] })),
      Messages: [{ Code: 'MaxMetricsExceeded', Value: 'Maximum number of allowed metrics exceeded' }],
    });
    const data = await getMetricData(client, queries, FROM, TO);
    expect(data.incomplete.get('b')).toBe(
      'CloudWatch answered GetMetricData with MaxMetricsExceeded: Maximum number of allowed metrics exceeded',
    );
    expect(data.incomplete.size).toBe(2);
  });

  test('new NextTokens still coming after 50 pages: incomplete, and no 51st call', async () => {
    let page = 0;
    cloudwatch.on(GetMetricDataCommand).callsFake(async () => ({
      MetricDataResults: queries.map((q) => ({ Id: q.Id, StatusCode: 'PartialData', Values: [1] })),
      NextToken: String(++page),
    }));
    const data = await getMetricData(client, queries, FROM, TO);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(50);
    expect(data.incomplete.get('a')).toContain('pages pending after 50');
  });

  test('the availability over an incomplete count has neither a percentage nor a budget, and says why', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'requests', StatusCode: 'Complete', Values: [1000] },
        { Id: 'elb5xx', StatusCode: 'Complete', Values: [] },
        { Id: 'target5xx', StatusCode: 'InternalError', Values: [] },
      ],
    });
    const result = await fetchAvailability(client, LB, 99.9, FROM, TO);
    expect([result.requests, result.errors, result.availabilityPercent, result.budgetRemainingPercent]).toEqual([
      1000,
      0,
      undefined,
      undefined,
    ]);
    expect(result.unmeasured).toMatch(/^the availability over the last 30 days is unknown: .*InternalError for target5xx/);
  });

  test('an AZ with incomplete data is unmeasured and no yardstick: the others are not judged against its partial counts', async () => {
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input) => ({
      MetricDataResults: input.MetricDataQueries!.map((q: MetricDataQuery) => {
        const [kind, z] = q.Id!.split('_');
        // AZ 0 returned 200 ELB 5xx but failed to return its target 5xx; AZ 1 has 10% 5xx, AZ 2 none.
        const value =
          kind === 'requests'
            ? 1000
            : kind === 'healthy'
              ? 3
              : kind === 'target5xx' && z === '1'
                ? 100
                : kind === 'elb5xx' && z === '0'
                  ? 200
                  : 0;
        return { Id: q.Id, StatusCode: z === '0' && kind === 'target5xx' ? 'InternalError' : 'Complete', Values: [value] };
      }),
    }));
    const web = { loadBalancer: LB, targetGroups: ['targetgroup/tg/1'], availabilityZones: [] };
    const zones = await fetchZones(client, web, ['us-east-1a', 'us-east-1b', 'us-east-1c'], new Date(TO.getTime() - 3 * 3_600_000), TO, 5);
    expect([zones[0].errorRatePercent, zones[0].healthyHosts, zones[0].outlierReasons]).toEqual([undefined, undefined, []]);
    expect(zones[0].unmeasured).toMatch(/^us-east-1a over the last 3 h is unknown/);
    // Judged against AZ c alone (0%); with a's partial count (200 of 1000) among the others it would be 10% against 10%.
    expect(zones[1].outlierReasons).toEqual(['5xx rate 10.00% against 0.00% in the other AZs']);
    expect(zones[2].unmeasured).toBeUndefined();
  });
});

describe('fetchEndpointHealth: an alarm is believed for what it watches, not for its name', () => {
  const route53 = (name: string, id: string, state: 'OK' | 'ALARM' = 'OK') => ({
    AlarmName: name,
    StateValue: state,
    StateReason: 'r',
    Namespace: 'AWS/Route53',
    MetricName: 'HealthCheckStatus',
    Dimensions: [{ Name: 'HealthCheckId', Value: id }],
  });
  const names = ['prod-endpoint-health', 'prod-us-west-2-endpoint-health'];

  test('two alarms on distinct health checks are both believed', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [route53(names[0], 'hc-1'), route53(names[1], 'hc-2', 'ALARM')] });
    const readings = await fetchEndpointHealth(client, names);
    expect(readings.map((r) => [r.health, r.healthCheckId])).toEqual([
      ['healthy', 'hc-1'],
      ['unhealthy', 'hc-2'],
    ]);
  });

  test('the later of two alarms on one health check is unknown, even in ALARM', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [route53(names[0], 'hc-1'), route53(names[1], 'hc-1', 'ALARM')] });
    const readings = await fetchEndpointHealth(client, names);
    expect(readings.map((r) => [r.health, r.state])).toEqual([
      ['healthy', 'OK'],
      ['unknown', 'ALARM'],
    ]);
    expect(readings[1].reason).toBe(
      "it watches health check hc-1, as prod-endpoint-health does: this Region's own health check is watched by no alarm",
    );
  });

  test.each([
    [
      'another namespace',
      { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [] },
      'it watches AWS/EC2 CPUUtilization with no HealthCheckId',
    ],
    [
      'no HealthCheckId dimension',
      { Dimensions: [{ Name: 'Region', Value: 'us-east-1' }] },
      'it watches AWS/Route53 HealthCheckStatus with no HealthCheckId',
    ],
    ['a metric-math alarm', { Namespace: undefined, MetricName: undefined, Dimensions: undefined }, 'it watches a metric-math expression'],
  ])('an alarm on %s is unknown, with why', async (_, override, reason) => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [route53(names[0], 'hc-1'), { ...route53(names[1], 'hc-2'), ...override }] });
    const readings = await fetchEndpointHealth(client, names);
    expect(readings[1]).toMatchObject({ health: 'unknown', state: 'OK' });
    expect(readings[1].reason).toContain(reason);
  });
});
