import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  ALARM_ACTIONS,
  AddServiceOptions,
  CAPACITY_PLAN_METADATA,
  HaWarnings,
  HaWebTier,
  HaWebTierProps,
  LoadBalancingAlgorithm,
  STATIC_STABILITY,
} from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

type TierOptions = Omit<HaWebTierProps, 'network' | 'capacity' | 'notificationTopic'> &
  Partial<Pick<HaWebTierProps, 'capacity' | 'notificationTopic'>>;

function synthTier(options: TierOptions = {}, withCertificate = true) {
  const { stack, network } = stackWithNetwork();
  const certificate = withCertificate ? acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN) : undefined;
  const web = new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 6, maximum: 30 },
    certificate,
    notificationTopic: options.notificationTopic ?? alarmTopic(stack),
    ...options,
  });
  return { stack, web, network, template: Template.fromStack(stack) };
}

/** The default tier, synthesized once for the tests that only read it (a test that adds to a tier builds its own). */
let defaultTier: ReturnType<typeof synthTier> | undefined;
function synthDefaultTier() {
  defaultTier ??= synthTier();
  return defaultTier;
}

function groups(template: Template) {
  return Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'));
}

describe('HaWebTier static stability', () => {
  test('provisions ceil(baseline / (AZs - 1)) per AZ: baseline 6 over 3 AZs gives MinSize 9', () => {
    const { template, web } = synthDefaultTier();
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '9', MaxSize: '30' });
    expect(web.capacityPlan).toMatchObject({
      perAz: 3,
      minimum: 9,
      headroomPercent: 50,
      remainingAfterAzLoss: 6,
      survivesLossOfOneAz: true,
    });
  });

  test("spreads instances over every AZ's application subnet", () => {
    const { template } = synthDefaultTier();
    const resources = template.toJSON().Resources;
    for (const group of groups(template)) {
      const zones = group.Properties.VPCZoneIdentifier.map((ref: { Ref: string }) => resources[ref.Ref].Properties.AvailabilityZone);
      expect(zones.sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    }
  });

  test('web tier keeps its baseline when any one AZ is lost (HA-WEB-001 passes)', () => {
    const { template } = synthDefaultTier();
    expect(STATIC_STABILITY.check(modelOf(template.toJSON()))).toEqual([]);
  });

  test('records the capacity plan in the template for the checks to read', () => {
    const { template } = synthDefaultTier();
    template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
      Metadata: { [CAPACITY_PLAN_METADATA]: { baseline: 6, perAz: 3, minimum: 9, availabilityZones: 3, survivesLossOfOneAz: true } },
    });
  });

  test('fails when the maximum is below the statically stable minimum, naming both numbers', () => {
    expect(() => synthTier({ capacity: { baseline: 6, maximum: 8 } })).toThrow(
      /capacity.maximum \(8\) is below the statically stable minimum \(9 = 3 per AZ x 3 AZs\) for a baseline of 6; raise maximum to at least 9/,
    );
  });
});

describe('HaWebTier health', () => {
  test('replaces instances that fail ELB health checks, after a grace period', () => {
    const { template } = synthTier({ healthCheckGracePeriod: Duration.minutes(4) });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { HealthCheckType: 'ELB', HealthCheckGracePeriod: 240 });
  });

  test('configures the target-group health check, deregistration delay and slow start', () => {
    const { template } = synthTier({
      healthCheck: {
        path: '/ready',
        interval: Duration.seconds(15),
        healthyThresholdCount: 4,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200-299',
      },
      deregistrationDelay: Duration.seconds(45),
      slowStart: Duration.seconds(60),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/ready',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 4,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200-299' },
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '45' },
        { Key: 'slow_start.duration_seconds', Value: '60' },
      ]),
    });
  });
});

describe('HaWebTier load balancing', () => {
  test.each([
    [LoadBalancingAlgorithm.ROUND_ROBIN, 'round_robin'],
    [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, 'least_outstanding_requests'],
    [LoadBalancingAlgorithm.AUTOMATIC_TARGET_WEIGHTS, 'weighted_random'],
  ])('%s sets the target group algorithm', (algorithm, value) => {
    const { template } = synthTier({ loadBalancingAlgorithm: algorithm });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'load_balancing.algorithm.type', Value: value }]),
    });
  });

  test('automatic target weights turn on anomaly mitigation', () => {
    const { template } = synthTier({ loadBalancingAlgorithm: LoadBalancingAlgorithm.AUTOMATIC_TARGET_WEIGHTS });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'load_balancing.algorithm.anomaly_mitigation', Value: 'on' }]),
    });
  });

  test('load-balancer cookie stickiness', () => {
    const { template } = synthTier({ stickiness: { cookieDuration: Duration.hours(1) } });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.type', Value: 'lb_cookie' },
        { Key: 'stickiness.lb_cookie.duration_seconds', Value: '3600' },
      ]),
    });
  });

  test('application cookie stickiness', () => {
    const { template } = synthTier({ stickiness: { cookieDuration: Duration.hours(1), applicationCookieName: 'SESSION' } });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'stickiness.type', Value: 'app_cookie' },
        { Key: 'stickiness.app_cookie.cookie_name', Value: 'SESSION' },
      ]),
    });
  });
});

describe('HaWebTier load balancer', () => {
  test('is internet-facing across the public subnets of every AZ, with HTTP/2, cross-zone, invalid headers dropped and zonal shift', () => {
    const { template } = synthDefaultTier();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    for (const [key, value] of [
      ['deletion_protection.enabled', 'true'],
      ['routing.http2.enabled', 'true'],
      ['routing.http.drop_invalid_header_fields.enabled', 'true'],
      ['load_balancing.cross_zone.enabled', 'true'],
      ['zonal_shift.config.enabled', 'true'],
      ['access_logs.s3.enabled', 'true'],
    ]) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: key, Value: value }]),
      });
    }
    const [alb] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(alb.Properties.Subnets).toHaveLength(3);
  });

  test('deletion protection can be turned off (dev)', () => {
    const { template } = synthTier({ deletionProtection: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  test('writes access logs to an encrypted, private, TLS-only bucket that expires them and survives stack deletion', () => {
    const { template } = synthTier({ accessLogRetention: Duration.days(30) });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })]) },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('serves HTTPS with a modern TLS policy and redirects HTTP to HTTPS', () => {
    const { template } = synthDefaultTier();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      Certificates: [{ CertificateArn: CERT_ARN }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
    });
  });

  test('without a certificate serves HTTP and warns', () => {
    const { template, stack } = synthTier({}, false);
    template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS' }, 0);
    Annotations.fromStack(stack).hasWarning('/TestStack/Web', Match.stringLikeRegexp(HaWarnings.HTTP_WITHOUT_TLS));
  });

  test('without a certificate in strict mode fails, unless HTTP is allowed explicitly', () => {
    expect(() => synthTier({ strict: true }, false)).toThrow(/no certificate was given.*allowInsecureHttp: true.*strict mode/s);
    const { stack } = synthTier({ strict: true, allowInsecureHttp: true }, false);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(HaWarnings.HTTP_WITHOUT_TLS));
  });
});

describe('HaWebTier scaling and deploys', () => {
  test('tracks requests per target and CPU, never below the static-stability minimum', () => {
    const { template } = synthTier({ targetRequestsPerMinute: 600, targetCpuUtilization: 50 });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 600,
      }),
    });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      TargetTrackingConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        TargetValue: 50,
      }),
    });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '9', DefaultInstanceWarmup: 180 });
  });

  test('launch template requires IMDSv2, encrypts a gp3 root volume and assigns no public IP', () => {
    const { template } = synthDefaultTier();
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required' }),
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) }],
        NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: false })],
      }),
    });
  });

  test('rolls out by instance refresh that keeps 100% healthy capacity and rolls back on the tier alarms', () => {
    const { template, web } = synthDefaultTier();
    const [group] = groups(template);
    expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toMatchObject({
      Strategy: 'Rolling',
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200 },
    });
    const alarmRefs = group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms.map(
      (a: { Ref: string }) => a.Ref,
    );
    const stack = web.loadBalancer.stack;
    expect(alarmRefs.sort()).toEqual(web.defaultService.alarms.map((a) => (stack.resolve(a.alarmName) as { Ref: string }).Ref).sort());
    expect(group.Properties.InstanceMaintenancePolicy).toEqual({ MinHealthyPercentage: 100, MaxHealthyPercentage: 200 });
  });

  test('alarms on the 5xx rate as a percentage (metric math) and on unhealthy hosts', () => {
    const { template } = synthTier({ alarmNamePrefix: 'prod-web', http5xxRateThresholdPercent: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-web-default-5xx-rate',
      Threshold: 2,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * FILL(errors_default, 0) / requests_default' })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-web-default-unhealthy-hosts',
      MetricName: 'UnHealthyHostCount',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('HaWebTier notifications', () => {
  test('every service alarm notifies the topic on ALARM and OK, and scaling events are sent to it', () => {
    const { stack, network } = stackWithNetwork();
    const topic = new sns.Topic(stack, 'Topic');
    topic.addSubscription(new subscriptions.EmailSubscription('oncall@corp.test'));
    new HaWebTier(stack, 'Web', { network, capacity: { baseline: 3, maximum: 9 }, allowInsecureHttp: true, notificationTopic: topic });
    const template = Template.fromStack(stack);
    expect(ALARM_ACTIONS.check(modelOf(template.toJSON()))).toEqual([]);
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      NotificationConfigurations: [Match.objectLike({ TopicARN: { Ref: Match.stringLikeRegexp('^Topic') } })],
    });
  });

  test('fails without a topic (a JavaScript caller), naming HaAlerting as the way to make one', () => {
    expect(() => synthTier({ notificationTopic: null as unknown as sns.ITopic })).toThrow(/notificationTopic is missing.*HaAlerting/);
  });

  test('a service added with addService inherits the tier instance type and health check unless it sets its own', () => {
    const { stack, network } = stackWithNetwork();
    const web = new HaWebTier(stack, 'Web', {
      network,
      capacity: { baseline: 3, maximum: 9 },
      allowInsecureHttp: true,
      notificationTopic: alarmTopic(stack),
      instanceType: new ec2.InstanceType('c7g.large'),
      healthCheck: { path: '/ready' },
    });
    web.addService('orders', { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 2, maximum: 6 } });
    web.addService('reports', {
      priority: 20,
      pathPatterns: ['/reports/*'],
      capacity: { baseline: 2, maximum: 6 },
      instanceType: new ec2.InstanceType('r7g.large'),
    });
    const template = Template.fromStack(stack);
    const types = Object.values(template.findResources('AWS::EC2::LaunchTemplate')).map(
      (t) => t.Properties.LaunchTemplateData.InstanceType,
    );
    expect(types.sort()).toEqual(['c7g.large', 'c7g.large', 'r7g.large']);
    template.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/ready' }, 3);
  });
});

describe('HaWebTier security', () => {
  test('puts instances in private subnets only', () => {
    const { template, network } = synthDefaultTier();
    const stack = network.vpc.stack;
    const privateIds = network.vpc.selectSubnets(network.applicationSubnets).subnetIds.map((id) => stack.resolve(id));
    for (const group of groups(template)) {
      expect(group.Properties.VPCZoneIdentifier).toEqual(privateIds);
    }
  });

  test('chains security groups: internet to listener ports, load balancer to the app port only', () => {
    const { template } = synthDefaultTier();
    const sgs = template.findResources('AWS::EC2::SecurityGroup');
    const albSg = Object.entries(sgs).find(([, sg]) => sg.Properties.GroupDescription.startsWith('Load balancer'))!;
    const appSg = Object.entries(sgs).find(([, sg]) => sg.Properties.GroupDescription.startsWith('default instances'))!;
    expect(
      albSg[1].Properties.SecurityGroupIngress.map((r: { CidrIp: string; FromPort: number }) => [r.CidrIp, r.FromPort]).sort(),
    ).toEqual([
      ['0.0.0.0/0', 443],
      ['0.0.0.0/0', 80],
    ]);
    expect(appSg[1].Properties.SecurityGroupIngress).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [appSg[0], 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [albSg[0], 'GroupId'] },
      FromPort: 8080,
      ToPort: 8080,
    });
    template.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { CidrIp: Match.anyValue() }, 0);
  });

  test('gives instances SSM Session Manager access and nothing broad; no SSH key', () => {
    const { template } = synthDefaultTier();
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
    const [roleId] = Object.keys(
      template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('^default instances') } }),
    );
    const instancePolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    expect(instancePolicies).toEqual([]);
    const [lt] = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(lt.Properties.LaunchTemplateData.KeyName).toBeUndefined();
  });
});

describe('HaWebTier services', () => {
  const orders: AddServiceOptions = { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 3, maximum: 12 } };

  test('a service gets its own listener rule, target group, Auto Scaling group, scaling and alarms', () => {
    const { stack, network } = stackWithNetwork();
    const web = new HaWebTier(stack, 'Web', {
      network,
      capacity: { baseline: 6, maximum: 30 },
      allowInsecureHttp: true,
      notificationTopic: alarmTopic(stack),
    });
    const service = web.addService('orders', orders);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/orders/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('Serviceorders') } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
    template.resourceCountIs('AWS::AutoScaling::ScalingPolicy', 4);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    // baseline 3 over 3 AZs: 2 per AZ.
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '6', MaxSize: '12' });
    expect(service.capacityPlan.minimum).toBe(6);
    expect(web.services.map((s) => s.capacityPlan.minimum)).toEqual([9, 6]);
    expect(web.alarms).toHaveLength(4);
    // As a client of other tiers the tier is its services' instances, never the load balancer.
    expect(web.connections.securityGroups).toEqual(web.services.map((s) => s.securityGroup));
    expect(web.connections.securityGroups).not.toContain(web.loadBalancer.connections.securityGroups[0]);
    expect(STATIC_STABILITY.check(modelOf(template.toJSON()))).toEqual([]);
  });

  test.each<[string, Partial<AddServiceOptions>, RegExp]>([
    ['no routing condition', { pathPatterns: undefined }, /give pathPatterns or hostHeaders/],
    ['a priority out of range', { priority: 0 }, /priority is 0; use a whole number from 1 to 50000/],
    [
      'a maximum below the stable minimum',
      { capacity: { baseline: 3, maximum: 5 } },
      /capacity.maximum \(5\) is below the statically stable minimum \(6/,
    ],
  ])('addService fails with %s', (_name, changes, message) => {
    const { web } = synthTier();
    expect(() => web.addService('orders', { ...orders, ...changes })).toThrow(message);
  });

  test('addService fails with a taken priority or name', () => {
    const { web } = synthTier();
    web.addService('orders', orders);
    expect(() => web.addService('orders', { ...orders, priority: 11 })).toThrow(/a service named 'orders' exists already/);
    expect(() => web.addService('carts', orders)).toThrow(/priority 10 is taken by service 'orders'/);
  });
});

describe('HaWebTier validation', () => {
  test.each<[string, TierOptions, RegExp]>([
    ['a zero baseline', { capacity: { baseline: 0, maximum: 4 } }, /capacity.baseline is 0/],
    ['a fractional maximum', { capacity: { baseline: 2, maximum: 7.5 } }, /capacity.maximum is 7.5/],
    ['a port out of range', { appPort: 70000 }, /appPort is 70000/],
    ['a relative health path', { healthCheck: { path: 'health' } }, /healthCheck.path 'health' must start with '\/'/],
    [
      'a threshold the ALB refuses',
      { healthCheck: { unhealthyThresholdCount: 1 } },
      /healthCheck.unhealthyThresholdCount is 1; the ALB accepts 2 to 10/,
    ],
    [
      'a timeout not below the interval',
      { healthCheck: { interval: Duration.seconds(5), timeout: Duration.seconds(5) } },
      /healthCheck.timeout is 5 s/,
    ],
    [
      'slow start with least outstanding requests',
      { slowStart: Duration.seconds(60), loadBalancingAlgorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS },
      /slow start with round robin only/,
    ],
    ['a slow start too short', { slowStart: Duration.seconds(10) }, /slowStart is 10 s; the ALB accepts 30 to 900 s/],
    ['a stickiness longer than 7 days', { stickiness: { cookieDuration: Duration.days(8) } }, /stickiness.cookieDuration is 691200 s/],
    ['a CPU target out of range', { targetCpuUtilization: 95 }, /targetCpuUtilization is 95; use 10 to 90/],
  ])('fails with %s', (_name, options, message) => {
    expect(() => synthTier(options)).toThrow(message);
  });

  test('errors name the service and the construct path', () => {
    expect(() => synthTier({ capacity: { baseline: 0, maximum: 4 } })).toThrow(
      /HaWebService 'default': invalid properties:[\s\S]*\[at TestStack\/Web\/Default\]/,
    );
  });
});
