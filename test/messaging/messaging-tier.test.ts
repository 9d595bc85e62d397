import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  analyzeAzLoss,
  CAPACITY_PLAN_METADATA,
  checkEnvironment,
  defaultWorkloadUserData,
  HaAlerting,
  HaMonitoring,
  HaNetwork,
  HaQueue,
  HaWebTier,
  HaWorkerService,
  MANAGED_METADATA,
  PLACEHOLDER_ACCOUNT,
  QUEUE_CONSUMER_METADATA,
} from '../../lib';
import { alarmNamed as alarmByName } from '../support/alarm-by-name';
import { THREE_AZS } from '../support/fixtures';
import { modelOf, modelOfStacks } from '../support/model';
import { testApp, testStack } from '../support/test-app';

/** The messaging tier as the default app will wire it: the web tier's default service produces, a worker service drains. */
function synthMessagingTier() {
  const stack = testStack();
  const network = new HaNetwork(stack, 'Network', { availabilityZones: THREE_AZS });
  const alerting = new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
  const orders = new HaQueue(stack, 'Orders', {
    queueLabel: 'orders',
    alarmTopic: alerting.topic,
    alarmNamePrefix: 'test-messaging',
    processingTimeout: Duration.seconds(30),
    maxMessageAge: Duration.minutes(5),
    backlogGrowthAlarmAfter: Duration.minutes(15),
  });
  const web = new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    notificationTopic: alerting.topic,
    // The default service answers POST /orders by sending the order to the queue.
    userData: defaultWorkloadUserData('default', 8080, '/health', { queueUrl: orders.queue.queueUrl, region: stack.region }),
  });
  orders.grantSend(web.defaultService.role);
  const workers = new HaWorkerService(stack, 'OrderWorkers', {
    network,
    queue: orders,
    serviceName: 'order-worker',
    capacity: { baseline: 2, maximum: 12 },
    alarmTopic: alerting.topic,
    alarmNamePrefix: 'test-messaging',
    averageProcessingTime: Duration.seconds(2),
  });
  new HaMonitoring(stack, 'Monitoring', { environmentName: 'test', alarmTopic: alerting.topic, network, web });
  const template = Template.fromStack(stack);
  return { stack, orders, workers, web, template, json: structuredClone(template.toJSON()) };
}

describe('messaging tier in one stack over three AZs', () => {
  const { template, json, workers } = synthMessagingTier();
  const queueId = Object.keys(json.Resources).find((id) => json.Resources[id].Metadata?.[QUEUE_CONSUMER_METADATA])!;
  const dlqId = Object.entries<string>(json.Metadata[MANAGED_METADATA]).find(([, kind]) => kind === 'dead-letter-queue')![0];
  const keyOf = (id: string) => json.Resources[id].Properties.KmsMasterKeyId;

  test('the queue redrives to its dead-letter queue after maxReceiveCount receives', () => {
    expect(json.Resources[queueId].Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 5,
    });
    // Only this queue may use the DLQ, named by an ARN built from its name (no cycle through generated ARNs).
    const allow = json.Resources[dlqId].Properties.RedriveAllowPolicy;
    expect(allow.redrivePermission).toBe('byQueue');
    expect(JSON.stringify(allow.sourceQueueArns)).toContain(json.Resources[queueId].Properties.QueueName);
    expect(json.Resources[dlqId].Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  test('both queues are encrypted with the same rotating customer-managed key and refuse plain HTTP', () => {
    const key = keyOf(queueId);
    expect(key).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    expect(keyOf(dlqId)).toEqual(key);
    expect(json.Resources[key['Fn::GetAtt'][0]]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('the visibility timeout is 6x the declared processing timeout, which the template records', () => {
    expect(json.Resources[queueId].Properties.VisibilityTimeout).toBe(180);
    expect(json.Resources[queueId].Metadata[QUEUE_CONSUMER_METADATA]).toEqual({ processingTimeoutSeconds: 30 });
  });

  test('alarms on the oldest message, the DLQ and a growing backlog, each named, tagged and routed to the topic', () => {
    const alarmNamed = (name: string) => alarmByName(template, name);
    expect(alarmNamed('test-messaging-orders-oldest-message-age')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Namespace: 'AWS/SQS',
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    expect(alarmNamed('test-messaging-orders-dlq-not-empty')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      EvaluationPeriods: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    });
    expect(alarmNamed('test-messaging-orders-backlog-growing')).toMatchObject({ EvaluationPeriods: 15, DatapointsToAlarm: 15 });
    for (const name of [
      'orders-oldest-message-age',
      'orders-dlq-not-empty',
      'orders-backlog-growing',
      'order-worker-failure-rate',
      'order-worker-below-minimum',
    ]) {
      const props = alarmNamed(`test-messaging-${name}`);
      expect(props.AlarmActions).toHaveLength(1);
      expect(props.OKActions).toEqual(props.AlarmActions);
      expect(props.Tags).toEqual(expect.arrayContaining([{ Key: 'ha:tier', Value: 'messaging' }]));
    }
  });

  test('the worker group spreads over the three AZs, balanced-only, with its capacity plan, and drains on termination', () => {
    const [groupId, group] = Object.entries<any>(template.findResources('AWS::AutoScaling::AutoScalingGroup')).find(
      ([id]) => json.Metadata[MANAGED_METADATA][id] === 'worker-group',
    )!;
    const zones = group.Properties.VPCZoneIdentifier.map((ref: { Ref: string }) => json.Resources[ref.Ref].Properties.AvailabilityZone);
    expect(zones.sort()).toEqual(THREE_AZS);
    expect(group.Properties).toMatchObject({
      MinSize: '3',
      MaxSize: '12',
      AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-only' },
    });
    expect(group.Properties.TargetGroupARNs).toBeUndefined();
    expect(group.Metadata[CAPACITY_PLAN_METADATA]).toMatchObject({ baseline: 2, perAz: 1, minimum: 3 });
    // Staged instance refresh that rolls back when the workers' failure-rate alarm fires.
    expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toMatchObject({
      Strategy: 'Rolling',
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, CheckpointPercentages: [20, 50, 100] },
    });
    expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms).toEqual([
      { Ref: expect.stringMatching(/^OrderWorkersFailureRateAlarm/) },
    ]);
    template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', {
      AutoScalingGroupName: { Ref: groupId },
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      DefaultResult: 'CONTINUE',
      HeartbeatTimeout: 20 + 30 + 30,
    });
  });

  test('the worker group scales on backlog per instance: visible messages / in-service instances, target latency / time per message', () => {
    const [groupId] = Object.entries<any>(json.Metadata[MANAGED_METADATA]).find(([, kind]) => kind === 'worker-group')!;
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      AutoScalingGroupName: { Ref: groupId },
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        // 150 s acceptable latency (half the 5-minute age bound) / 2 s per message.
        TargetValue: 75,
        CustomizedMetricSpecification: {
          Metrics: [
            Match.objectLike({
              Id: 'visible',
              ReturnData: false,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/SQS',
                  MetricName: 'ApproximateNumberOfMessagesVisible',
                  Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
                },
                Stat: 'Sum',
              },
            }),
            Match.objectLike({
              Id: 'inService',
              MetricStat: Match.objectLike({
                Metric: Match.objectLike({
                  MetricName: 'GroupInServiceInstances',
                  Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: groupId } }],
                }),
              }),
            }),
            { Id: 'backlogPerInstance', Expression: 'visible / inService', Label: 'Backlog per instance', ReturnData: true },
          ],
        },
      },
    });
    expect(workers.targetBacklogPerInstance).toBe(75);
  });

  test('the web default service is told the queue URL', () => {
    const launchTemplates = Object.values<any>(template.findResources('AWS::EC2::LaunchTemplate')).map((t) =>
      JSON.stringify(t.Properties.LaunchTemplateData.UserData),
    );
    expect(
      launchTemplates.filter((u) => u.includes('/opt/ha-app/server.py') && u.includes('QUEUE_URL=') && u.includes(queueId)),
    ).toHaveLength(1);
  });

  test('the producer may send and the workers may consume, through their own policies; the key policy names neither', () => {
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p.Properties.PolicyDocument));
    expect(policies.some((p) => p.includes('sqs:SendMessage') && p.includes('kms:GenerateDataKey'))).toBe(true);
    expect(
      policies.some(
        (p) => p.includes('sqs:ReceiveMessage') && p.includes('sqs:DeleteMessage') && p.includes('sqs.us-east-1.amazonaws.com'),
      ),
    ).toBe(true);
    const key = json.Resources[keyOf(queueId)['Fn::GetAtt'][0]];
    expect(JSON.stringify(key.Properties.KeyPolicy)).not.toMatch(/InstanceRole/);
  });

  test('the guarantee engine reports no error on the whole stack', () => {
    const errors = checkEnvironment(modelOf(json)).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  test.each(THREE_AZS)('the AZ-loss report lists the workers, which keep their baseline when %s is lost', (az) => {
    const workersImpact = analyzeAzLoss(modelOf(json), az).filter((i) => i.kind === 'worker');
    expect(workersImpact).toEqual([
      expect.objectContaining({
        survives: true,
        detail: `keeps 2 of 3 instances without scaling at worst (balanced-only, up to 1 in ${az}; baseline 2)`,
      }),
    ]);
  });
});

describe('messaging tier across stacks, as the default app may split it', () => {
  const app = testApp();
  const env = { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' };
  const base = new Stack(app, 'test-Network', { env });
  const queues = new Stack(app, 'test-Messaging', { env });
  const workerStack = new Stack(app, 'test-Workers', { env });
  const webStack = new Stack(app, 'test-Web', { env });
  const network = new HaNetwork(base, 'Network', { availabilityZones: THREE_AZS });
  const alerting = new HaAlerting(base, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
  const orders = new HaQueue(queues, 'Orders', { queueLabel: 'orders', alarmTopic: alerting.topic, alarmNamePrefix: 'test-messaging' });
  const web = new HaWebTier(webStack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    allowInsecureHttp: true,
    notificationTopic: alerting.topic,
    userData: defaultWorkloadUserData('default', 8080, '/health', { queueUrl: orders.queue.queueUrl, region: 'us-east-1' }),
  });
  orders.grantSend(web.defaultService.role);
  new HaWorkerService(workerStack, 'OrderWorkers', {
    network,
    queue: orders,
    serviceName: 'order-worker',
    capacity: { baseline: 2, maximum: 12 },
    alarmTopic: alerting.topic,
  });
  const model = modelOfStacks([base, queues, workerStack, webStack]);

  test('the queue stack depends on nothing but the network/alerting stack: producers and consumers reference it, never the reverse', () => {
    expect(queues.dependencies).toEqual([base]);
    expect(workerStack.dependencies.sort((a, b) => a.stackName.localeCompare(b.stackName))).toEqual(
      [queues, base].sort((a, b) => a.stackName.localeCompare(b.stackName)),
    );
    expect(webStack.dependencies).toContain(queues);
  });

  test('the messaging, static-stability and cross-stack checks pass, reading facts across the four stacks', () => {
    const judged = checkEnvironment(model).filter((f) => f.severity === 'error' && /^HA-(MSG|WEB-001|CFN)/.test(f.checkId));
    expect(judged).toEqual([]);
    expect(analyzeAzLoss(model, 'us-east-1a').filter((i) => i.kind === 'worker')).toEqual([
      expect.objectContaining({ stack: 'test-Workers', survives: true }),
    ]);
  });
});
