import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, StateValue } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchEnvironmentStatus } from '../../lib/ops/alarm-status';
import { fetchAvailability } from '../../lib/ops/availability';
import { renderStatus } from '../../lib/ops/render-status';

const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });

function composites(users: StateValue, redundancy: StateValue) {
  return [
    { AlarmName: 'prod-users-impaired', StateValue: users, StateReason: '' },
    {
      AlarmName: 'prod-redundancy-lost',
      StateValue: redundancy,
      StateReason: redundancy === StateValue.ALARM ? 'prod-web-us-east-1b-5xx-outlier in ALARM' : '',
    },
  ];
}

const latencyAlarm = {
  AlarmName: 'prod-web-p99-latency',
  StateValue: StateValue.OK,
  Dimensions: [{ Name: 'LoadBalancer', Value: 'app/prod-Web/0123456789abcdef' }],
};

beforeEach(() => cloudwatch.reset());

describe('live status', () => {
  test('asks for both alarm types under the environment prefix, across pages', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ CompositeAlarms: composites(StateValue.OK, StateValue.OK), MetricAlarms: [latencyAlarm], NextToken: 'page-2' })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'prod-database-cpu', StateValue: StateValue.OK }] });
    const status = await fetchEnvironmentStatus(client, 'prod');
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toMatchObject({
      AlarmNamePrefix: 'prod-',
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(2);
    expect(status.alarms).toHaveLength(4);
    expect(status).toMatchObject({ verdict: 'healthy', loadBalancer: 'app/prod-Web/0123456789abcdef' });
  });

  test.each<[StateValue, StateValue, string]>([
    [StateValue.ALARM, StateValue.ALARM, 'impaired'],
    [StateValue.OK, StateValue.ALARM, 'degraded'],
    [StateValue.INSUFFICIENT_DATA, StateValue.OK, 'unknown'],
  ])('users-impaired %s and redundancy-lost %s make the verdict %s', async (users, redundancy, verdict) => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: composites(users, redundancy), MetricAlarms: [latencyAlarm] });
    expect((await fetchEnvironmentStatus(client, 'prod')).verdict).toBe(verdict);
  });

  test('an environment with no alarms (not deployed here) is unknown, and says so', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({});
    const status = await fetchEnvironmentStatus(client, 'prod');
    expect(status.verdict).toBe('unknown');
    expect(renderStatus(status)).toMatch(/no alarm named prod-\*: is the environment deployed to this account and region\?/);
  });

  test('availability is the share of requests not answered 5xx, from the load balancer', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'requests', Values: [200_000] },
        { Id: 'elb5xx', Values: [20] },
        { Id: 'target5xx', Values: [80] },
      ],
    });
    const to = new Date('2026-11-29T12:00:00Z');
    const measured = await fetchAvailability(client, 'app/prod-Web/0123456789abcdef', new Date('2026-11-28T12:00:00Z'), to);
    expect(measured).toMatchObject({ requests: 200_000, errors: 100, availabilityPercent: 99.95 });
    const input = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.MetricDataQueries!.map((q) => [q.Id, q.MetricStat!.Period, q.MetricStat!.Metric!.Dimensions])).toEqual(
      ['requests', 'elb5xx', 'target5xx'].map((id) => [id, 86400, [{ Name: 'LoadBalancer', Value: 'app/prod-Web/0123456789abcdef' }]]),
    );
  });

  test('renders the verdict, the availability and every alarm that is not OK', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves({ CompositeAlarms: composites(StateValue.OK, StateValue.ALARM), MetricAlarms: [latencyAlarm] });
    const status = await fetchEnvironmentStatus(client, 'prod');
    const text = renderStatus(status, {
      from: new Date(0),
      to: new Date(24 * 3_600_000),
      requests: 1000,
      errors: 1,
      availabilityPercent: 99.9,
    });
    expect(text).toBe(
      [
        'prod: DEGRADED',
        '  availability (last 24 h): 99.900% of 1000 requests (1 answered 5xx)',
        '  ALARM             prod-redundancy-lost: prod-web-us-east-1b-5xx-outlier in ALARM',
        '  2 of 3 alarms OK',
      ].join('\n'),
    );
  });
});
