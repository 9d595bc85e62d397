import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HaQueue, HaQueueProps, HaWorkerService, HaWorkerServiceProps, IMDSV2_REQUIRED, STATIC_STABILITY } from '../../lib';
import { stackWithNetwork } from '../support/fixtures';
import { alarmNamed, firesOn } from '../support/alarm-by-name';
import { alarmFires, Series } from '../support/metric-math';
import { modelOf } from '../support/model';

function synthWorkers(props: Partial<HaWorkerServiceProps> = {}, queueProps: Partial<HaQueueProps> = {}, zones?: string[]) {
  const { stack, network } = stackWithNetwork(zones);
  const topic = new sns.Topic(stack, 'Topic');
  const queue = new HaQueue(stack, 'Orders', { queueLabel: 'orders', alarmTopic: topic, ...queueProps });
  const workers = new HaWorkerService(stack, 'Workers', {
    network,
    queue,
    serviceName: 'order-worker',
    capacity: { baseline: 4, maximum: 20 },
    alarmTopic: topic,
    alarmNamePrefix: 'prod-messaging',
    ...props,
  });
  return { stack, workers, template: Template.fromStack(stack) };
}

describe('HaWorkerService', () => {
  const { template, workers } = synthWorkers();

  test('provisions ceil(baseline / (AZs - 1)) per AZ: baseline 4 over 3 AZs gives MinSize 6, and keeps 4 when any AZ is lost (HA-WEB-001)', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '6', MaxSize: '20' });
    expect(workers.capacityPlan).toMatchObject({ perAz: 2, minimum: 6, remainingAfterAzLoss: 4, survivesLossOfOneAz: true });
    expect(STATIC_STABILITY.check(modelOf(template.toJSON()))).toEqual([]);
  });

  test('launches with IMDSv2 only, no public IP, encrypted volumes and no ingress (HA-SEC-003 passes)', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) })],
      }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'order-worker workers: no ingress, HTTPS out',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    expect(IMDSV2_REQUIRED.check(modelOf(template.toJSON()))).toEqual([]);
  });

  test('a bad build rolls back: the failure-rate alarm fires when received messages are not deleted (metric math on synthetic data)', () => {
    const alarm = alarmNamed(template, 'prod-messaging-order-worker-failure-rate');
    const run = (received: Series, deleted: Series) =>
      firesOn(alarm, { NumberOfMessagesReceived: received, NumberOfMessagesDeleted: deleted });
    expect(run([100, 100, 100], [98, 100, 99])).toBe(false);
    expect(run([100, 100, 100], [50, 40, 60])).toBe(true);
    // Idle minutes publish zeros (or nothing): no failure, no division by zero.
    expect(run([0, 0, 0], [0, 0, 0])).toBe(false);
    expect(run([null, null, null], [null, null, null])).toBe(false);
    // Deletes of the previous minute's receives are no failure.
    expect(run([10, 100, 10], [60, 50, 60])).toBe(false);
  });

  test('the below-minimum alarm fires when fewer than the statically stable minimum serve for five minutes, or the group goes silent', () => {
    const alarm = alarmNamed(template, 'prod-messaging-order-worker-below-minimum');
    expect(alarm).toMatchObject({ Threshold: 6, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(alarmFires(alarm, [6, 6, 5, 5, 6])).toBe(false);
    expect(alarmFires(alarm, [5, 5, 5, 4, 4])).toBe(true);
    expect(alarmFires(alarm, [null, null, null, null, null])).toBe(true);
  });

  test('the backlog-per-instance metric divides the backlog by the instances in service', () => {
    const expression = workers.metricBacklogPerInstance().toMetricConfig().mathExpression!;
    expect(expression.expression).toBe('visible_order_worker / inService_order_worker');
  });

  test('custom user data replaces the default worker', () => {
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo my-worker');
    const { template: custom } = synthWorkers({ userData });
    const data = JSON.stringify(
      Object.values<any>(custom.findResources('AWS::EC2::LaunchTemplate'))[0].Properties.LaunchTemplateData.UserData,
    );
    expect(data).toContain('my-worker');
    expect(data).not.toContain('worker.py');
  });

  test.each<[string, Partial<HaWorkerServiceProps>, Partial<HaQueueProps>, RegExp]>([
    [
      'a maximum below the statically stable minimum',
      { capacity: { baseline: 4, maximum: 5 } },
      {},
      /capacity.maximum \(5\) is below the statically stable minimum \(6\)/,
    ],
    ['a zero baseline', { capacity: { baseline: 0, maximum: 5 } }, {}, /capacity.baseline is 0/],
    [
      'messages slower than the queue allows',
      { averageProcessingTime: Duration.seconds(40) },
      {},
      /averageProcessingTime \(40000 ms\) exceeds the queue's processingTimeout \(30000 ms\)/,
    ],
    [
      'a latency beyond the age alarm',
      { acceptableLatency: Duration.minutes(10) },
      {},
      /acceptableLatency \(600 s\) exceeds the queue's maxMessageAge \(300 s\)/,
    ],
    [
      'a latency shorter than one message',
      { acceptableLatency: Duration.seconds(1), averageProcessingTime: Duration.seconds(2) },
      {},
      /no backlog is acceptable/,
    ],
    ['a failure threshold over 100', { failureRateThresholdPercent: 150 }, {}, /failureRateThresholdPercent is 150/],
  ])('fails %s', (_name, props, queueProps, message) => {
    expect(() => synthWorkers(props, queueProps)).toThrow(message);
  });
});
