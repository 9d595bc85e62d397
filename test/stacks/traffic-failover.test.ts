import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  addEnvironments,
  DEV,
  endpointHealthAlarmName,
  EndpointHealthAlarm,
  EnvironmentProfile,
  HaFailoverEndpoint,
  HaStage,
  HaStandbyStage,
  PLACEHOLDER_ACCOUNT,
  PROD,
  STAGING,
  validateProfile,
} from '../../lib';
import { alarmFires } from '../support/metric-math';
import { testApp } from '../support/test-app';

// One synthesis of the default app (prod opts into its us-west-2 standby), shared below.
const app = testApp();
const [dev, staging, prod] = addEnvironments(app);
const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
const template = (stack: Stack | undefined) => Template.fromStack(stack!);
const only = (t: Template, type: string) => {
  const all = Object.values<any>(t.findResources(type));
  expect(all).toHaveLength(1);
  return all[0].Properties;
};

/** Prod with its failover record changed. */
function prodWithRecord(changes: Partial<NonNullable<EnvironmentProfile['web']['failoverRecord']>>): EnvironmentProfile {
  return { ...PROD, web: { ...PROD.web, failoverRecord: { ...PROD.web.failoverRecord!, ...changes } } };
}

describe('Route 53 failover between prod and its standby', () => {
  test('each Region has one failover alias record of the same name: PRIMARY in prod, SECONDARY in prod-us-west-2, each with its own health check', () => {
    const records = [prod.dnsStack, standby.dnsStack].map((stack) => only(template(stack), 'AWS::Route53::RecordSet'));
    expect(records.map((r) => [r.Name, r.Type, r.Failover, r.SetIdentifier, r.HostedZoneId, r.AliasTarget.EvaluateTargetHealth])).toEqual([
      ['app.example.com.', 'A', 'PRIMARY', 'us-east-1', 'Z0000000000PLACEHOLDER', true],
      ['app.example.com.', 'A', 'SECONDARY', 'us-west-2', 'Z0000000000PLACEHOLDER', true],
    ]);
    for (const [stack, record] of [
      [prod.dnsStack!, records[0]],
      [standby.dnsStack!, records[1]],
    ] as const) {
      // The record carries the health check of its own stack, not the other Region's.
      const [healthCheckId] = Object.keys(template(stack).findResources('AWS::Route53::HealthCheck'));
      expect(record.HealthCheckId).toEqual({ Ref: healthCheckId });
    }
  });

  test("each health check requests /health over HTTPS from its own Region's load balancer, every 30 s, 3 failures to flip", () => {
    for (const stage of [prod, standby] as Array<HaStage | HaStandbyStage>) {
      const config = only(template(stage.dnsStack), 'AWS::Route53::HealthCheck').HealthCheckConfig;
      expect(config).toEqual({
        Type: 'HTTPS',
        Port: 443,
        ResourcePath: '/health',
        RequestInterval: 30,
        FailureThreshold: 3,
        EnableSNI: false,
        Inverted: false,
        MeasureLatency: false,
        FullyQualifiedDomainName: {
          'Fn::GetStackOutput': {
            StackName: `${stage.stageName}-Web`,
            Region: stage.region,
            OutputName: expect.stringMatching(/^PublishOutputFnGetAttWebLoadBalancer.*DNSName/),
          },
        },
      });
    }
  });

  test("the record aliases its own Region's load balancer", () => {
    for (const stage of [prod, standby] as Array<HaStage | HaStandbyStage>) {
      const alias = only(template(stage.dnsStack), 'AWS::Route53::RecordSet').AliasTarget;
      expect(JSON.stringify(alias)).toContain(`"StackName":"${stage.stageName}-Web","Region":"${stage.region}"`);
    }
  });

  test("the listener the health check reaches is HTTPS with each Region's own certificate for the record name", () => {
    for (const stage of [prod, standby] as Array<HaStage | HaStandbyStage>) {
      const web = template(stage.webStack);
      web.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Port: 443 });
      web.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.example.com' });
      expect(Stack.of(stage.webStack).region).toBe(stage.region);
    }
  });

  test('dev and staging build no DNS pieces and no standby', () => {
    for (const stage of [dev, staging]) {
      expect(stage.dnsStack).toBeUndefined();
      expect(stage.endpointHealthStack).toBeUndefined();
      for (const stack of stage.node.children.filter(Stack.isStack)) {
        expect(Object.keys(template(stack).findResources('AWS::Route53::RecordSet'))).toEqual([]);
      }
    }
    expect(app.node.tryFindChild('dev-us-west-2') ?? app.node.tryFindChild('staging-us-west-2')).toBeUndefined();
  });
});

describe('the endpoint-health alarm contract: <environment>-endpoint-health on AWS/Route53 HealthCheckStatus in us-east-1', () => {
  const alarms = [
    { stack: prod.dnsStack!, name: 'prod-endpoint-health' },
    { stack: standby.endpointHealthStack!, name: 'prod-us-west-2-endpoint-health' },
  ];

  test.each(alarms)('$name lives in a us-east-1 stack of its own Stage', ({ stack, name }) => {
    expect(endpointHealthAlarmName(stack.node.scope!.node.id)).toBe(name);
    expect(stack.region).toBe('us-east-1');
    template(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: Match.anyValue() }],
      Statistic: 'Minimum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
    });
  });

  test("each alarm watches its own Region's health check", () => {
    const dimension = (t: Template) => only(t, 'AWS::CloudWatch::Alarm').Dimensions[0].Value;
    const [prodCheck] = Object.keys(template(prod.dnsStack).findResources('AWS::Route53::HealthCheck'));
    expect(dimension(template(prod.dnsStack))).toEqual({ Ref: prodCheck });
    // The standby's alarm reads the ID from its Dns stack in us-west-2: nothing in us-west-2 depends on us-east-1.
    expect(dimension(template(standby.endpointHealthStack))).toEqual({
      'Fn::GetStackOutput': { StackName: 'prod-us-west-2-Dns', Region: 'us-west-2', OutputName: expect.stringMatching(/HealthCheck/) },
    });
    for (const stack of standby.node.children.filter(Stack.isStack).filter((s) => s.region === 'us-west-2')) {
      expect(stack.dependencies).not.toContain(standby.endpointHealthStack);
    }
  });

  test("the standby's alarm notifies, on ALARM and OK, a topic in us-east-1 that on-call is subscribed to", () => {
    const t = template(standby.endpointHealthStack);
    const alarm = only(t, 'AWS::CloudWatch::Alarm');
    const [topic] = Object.keys(t.findResources('AWS::SNS::Topic'));
    expect([alarm.AlarmActions, alarm.OKActions]).toEqual([[{ Ref: topic }], [{ Ref: topic }]]);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topic } });
    // The primary is in us-east-1: its alarm goes to the Stage's own alarm topic.
    expect(JSON.stringify(only(template(prod.dnsStack), 'AWS::CloudWatch::Alarm').AlarmActions)).toContain('"StackName":"prod-Alerting"');
  });

  test('fires after 3 unhealthy minutes or 3 minutes without data, not on one unhealthy minute', () => {
    const alarm = only(template(prod.dnsStack), 'AWS::CloudWatch::Alarm');
    expect(alarmFires(alarm, [1, 1, 1, 1, 1])).toBe(false);
    expect(alarmFires(alarm, [1, 1, 0, 1, 1])).toBe(false);
    expect(alarmFires(alarm, [1, 0, 0, 0, 1])).toBe(false);
    expect(alarmFires(alarm, [1, 1, 0, 0, 0])).toBe(true);
    expect(alarmFires(alarm, [1, 1, null, null, null])).toBe(true);
  });
});

test('a primary outside us-east-1 gets an EndpointHealth stack in us-east-1 too, and its record in its own Region', () => {
  const local = testApp({
    context: { 'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
  });
  const [primary] = addEnvironments(local, {
    profiles: [
      {
        ...PROD,
        region: 'eu-west-1',
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
        secondaryRegion: { ...PROD.secondaryRegion!, sourceDatabaseInstanceArn: `arn:aws:rds:eu-west-1:${PLACEHOLDER_ACCOUNT}:db:prod-db` },
      },
    ],
  });
  expect([primary.dnsStack!.region, primary.endpointHealthStack!.region]).toEqual(['eu-west-1', 'us-east-1']);
  expect(primary.dnsStack!.endpointHealthAlarm).toBeUndefined();
  template(primary.endpointHealthStack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-endpoint-health' });
  expect(only(template(primary.dnsStack), 'AWS::Route53::RecordSet')).toMatchObject({ Failover: 'PRIMARY', SetIdentifier: 'eu-west-1' });
});

describe('failover settings are validated', () => {
  test('a record outside its zone fails, naming the property, the value and the fix', () => {
    expect(() => validateProfile(prodWithRecord({ recordName: 'app.example.org' }))).toThrow(
      /web.failoverRecord.recordName 'app.example.org' is not in the zone web.failoverRecord.hostedZoneName 'example.com'; Route 53 only answers for names inside the zone: use a name ending in '.example.com'/,
    );
  });

  test('a malformed zone ID or name fails', () => {
    expect(() => validateProfile(prodWithRecord({ hostedZoneId: '/hostedzone/Z123' }))).toThrow(
      /web.failoverRecord.hostedZoneId '\/hostedzone\/Z123' is not a Route 53 hosted zone ID/,
    );
    expect(() => validateProfile(prodWithRecord({ hostedZoneName: 'example.com.' }))).toThrow(
      /web.failoverRecord.hostedZoneName 'example.com.' is not a domain name/,
    );
  });

  test("a record the certificates' domain does not cover fails for both Regions; a wildcard one label above covers it", () => {
    const uncovered = prodWithRecord({ recordName: 'www.example.com' });
    expect(() => validateProfile(uncovered)).toThrow(/not covered by the primary's certificate for web.domainName 'app.example.com'/);
    expect(() => validateProfile(uncovered)).toThrow(/not covered by the standby's certificate for web.domainName 'app.example.com'/);
    const wildcard = { ...uncovered, web: { ...uncovered.web, domainName: '*.example.com' } };
    expect(validateProfile(wildcard)).toBe(wildcard);
    const twoLabels = prodWithRecord({ recordName: 'a.b.example.com' });
    expect(() => validateProfile({ ...twoLabels, web: { ...twoLabels.web, domainName: '*.example.com' } })).toThrow(/not covered/);
  });

  test('the construct refuses a record outside its zone and Route 53 values it does not accept', () => {
    const stack = new Stack(new App(), 'S', { env: { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'corp.test' });
    const endpoint = (id: string, changes: object) =>
      new HaFailoverEndpoint(stack, id, {
        loadBalancer,
        https: true,
        zone,
        recordName: 'app.corp.test',
        failover: route53.Failover.PRIMARY,
        ...changes,
      });
    expect(() => endpoint('Outside', { recordName: 'app.other.test' })).toThrow(
      /HaFailoverEndpoint 'Outside': invalid props:\n {2}- recordName 'app.other.test' is not in the zone 'corp.test'.*\[at S\/Outside\]/s,
    );
    expect(() => endpoint('Interval', { requestInterval: Duration.seconds(20), failureThreshold: 11 })).toThrow(
      /requestInterval is 20 s; Route 53 accepts 10 or 30 seconds\n {2}- failureThreshold is 11; Route 53 accepts a whole number from 1 to 10/,
    );
    const ok = endpoint('Ok', {});
    expect(ok.detectionTime.toSeconds()).toBe(90);
    const elsewhere = new Stack(stack.node.scope as App, 'West', { env: { account: PLACEHOLDER_ACCOUNT, region: 'us-west-2' } });
    expect(
      () => new EndpointHealthAlarm(elsewhere, 'Health', { endpoint: ok, environmentName: 'x', topic: new sns.Topic(elsewhere, 'T') }),
    ).toThrow(/its stack is in us-west-2; Route 53 publishes HealthCheckStatus only in us-east-1/);
  });

  test('an HTTP-only environment is checked over HTTP on port 80', () => {
    const local = testApp();
    addEnvironments(local, {
      profiles: [
        {
          ...DEV,
          web: {
            ...DEV.web,
            failoverRecord: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'corp.test', recordName: 'dev.corp.test' },
          },
          secondaryRegion: { region: 'us-west-2', availabilityZones: ['us-west-2a', 'us-west-2b'], capacityPercent: 100 },
        },
      ],
    });
    const standbyDev = local.node.findChild('dev-us-west-2') as HaStandbyStage;
    expect(only(template(standbyDev.dnsStack), 'AWS::Route53::HealthCheck').HealthCheckConfig).toMatchObject({ Type: 'HTTP', Port: 80 });
  });
});

describe('placeholders are refused for a real account', () => {
  const REAL = '210987654321';
  /** Prod with its real-account settings but the given ones left as shipped. */
  const realProd = (changes: Partial<EnvironmentProfile> = {}): EnvironmentProfile => ({
    ...PROD,
    web: {
      ...PROD.web,
      domainName: 'app.corp.test',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      hostedZoneName: 'corp.test',
      failoverRecord: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'corp.test', recordName: 'app.corp.test' },
    },
    monitoring: { ...PROD.monitoring, alarmEmails: ['oncall@corp.test'] },
    secondaryRegion: { ...PROD.secondaryRegion!, sourceDatabaseInstanceArn: `arn:aws:rds:us-east-1:${REAL}:db:prod-db` },
    ...changes,
  });

  test('the placeholder zone and record are refused', () => {
    const shipped = realProd();
    // Certificates given as ARNs, so that only the zone and record are left as shipped.
    const profile = {
      ...shipped,
      web: {
        ...shipped.web,
        domainName: undefined,
        hostedZoneId: undefined,
        hostedZoneName: undefined,
        certificateArn: `arn:aws:acm:us-east-1:${REAL}:certificate/abc`,
        failoverRecord: PROD.web.failoverRecord,
      },
      secondaryRegion: { ...shipped.secondaryRegion!, certificateArn: `arn:aws:acm:us-west-2:${REAL}:certificate/def` },
    };
    expect(() => addEnvironments(testApp(), { account: REAL, profiles: [profile] })).toThrow(
      /HaStage 'prod': placeholder values for account 210987654321:\n {2}- web.failoverRecord names the placeholder zone 'example.com' \(Z0000000000PLACEHOLDER\) and record 'app.example.com'; set your public hosted zone's ID and name/,
    );
  });

  test("the placeholder database ARN is refused in the standby, which says how to pass prod's", () => {
    const profile = realProd({ secondaryRegion: PROD.secondaryRegion });
    expect(() => addEnvironments(testApp(), { account: REAL, profiles: [profile] })).toThrow(
      /HaStage 'prod-us-west-2': placeholder values for account 210987654321:\n {2}- secondaryRegion.sourceDatabaseInstanceArn 'arn:aws:rds:us-east-1:123456789012:db:prod-placeholder-source' is in the placeholder account; pass -c standbySourceDatabaseArn=/,
    );
    // -c standbySourceDatabaseArn=... replaces it: the standby's replica names prod's real instance.
    const arn = `arn:aws:rds:us-east-1:${REAL}:db:prod-data-databaseinstance-1a2b3c`;
    const local = testApp();
    addEnvironments(local, { account: REAL, profiles: [profile], standbySourceDatabaseArn: arn });
    const standbyReal = local.node.findChild('prod-us-west-2') as HaStandbyStage;
    template(standbyReal.dataStack).hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: arn });
  });

  test("a strict standby with a real domain and no certificate source is refused, naming the standby's settings", () => {
    const shipped = realProd();
    const profile = {
      ...shipped,
      web: {
        ...shipped.web,
        hostedZoneId: undefined,
        hostedZoneName: undefined,
        certificateArn: 'arn:aws:acm:us-east-1:210987654321:certificate/abc',
      },
    };
    expect(() => addEnvironments(testApp(), { account: REAL, profiles: [profile] })).toThrow(
      /HaStage 'prod-us-west-2'[\s\S]*web.domainName 'app.corp.test' has no certificate source a deploy can finish with; .* or secondaryRegion.certificateArn \/ -c standbyCertificateArn=/,
    );
    const certificate = 'arn:aws:acm:us-west-2:210987654321:certificate/def';
    const local = testApp();
    addEnvironments(local, { account: REAL, profiles: [profile], standbyCertificateArn: certificate });
    const standbyReal = local.node.findChild('prod-us-west-2') as HaStandbyStage;
    template(standbyReal.webStack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: certificate }],
    });
  });

  test('the standby options name one standby: with two profiles that have one, the environment must be selected', () => {
    expect(() =>
      addEnvironments(testApp(), {
        profiles: [PROD, { ...PROD, name: 'prod2' }],
        standbySourceDatabaseArn: 'arn:aws:rds:us-east-1:210987654321:db:x',
      }),
    ).toThrow(
      /-c standbySourceDatabaseArn apply to one standby, but 2 selected profiles \(prod, prod2\) have a secondaryRegion; select the environment with -c env=<name>/,
    );
    expect(() =>
      addEnvironments(testApp(), { environment: 'dev', standbyCertificateArn: 'arn:aws:acm:us-west-2:1:certificate/x' }),
    ).toThrow(/no selected profile has a secondaryRegion/);
  });
});

test('STAGING is left as shipped', () => {
  expect(STAGING.secondaryRegion).toBeUndefined();
  expect(STAGING.web.failoverRecord).toBeUndefined();
});
