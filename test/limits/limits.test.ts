import { App, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  AWS_LIMITS,
  AwsLimit,
  checkDashboardLimits,
  checkLimit,
  CompositeHierarchy,
  HaWebTier,
  limitWarningId,
  TEMPLATE_LIMITS,
  ValidationError,
} from '../../lib';
import { checkStackLimitsAtSynth } from '../../lib/limits/stack-limits';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { modelOf } from '../support/model';
import { testApp, testStack } from '../support/test-app';

const LIMITS: AwsLimit[] = Object.values(AWS_LIMITS);
const near = (limit: AwsLimit) => Math.ceil(limit.max * 0.8);
const warningsOf = (stack: Stack, limit: AwsLimit) =>
  Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: ${limitWarningId(limit)}\\]`));

describe('every limit: a warning from 80 %, an error above the limit', () => {
  test.each(LIMITS.map((limit) => [limit.id, limit]))('%s', (_id, limit) => {
    const stack = testStack();
    const below = new Construct(stack, 'Below');
    const at80 = new Construct(stack, 'At80');
    const atMax = new Construct(stack, 'AtMax');
    checkLimit(below, limit, near(limit) - 1, 'below', 'the fix');
    checkLimit(at80, limit, near(limit), 'at 80 %', 'the fix');
    checkLimit(atMax, limit, limit.max, 'at the limit', 'the fix');
    expect(() => checkLimit(stack, limit, limit.max + 1, 'over', 'the fix')).toThrow(ValidationError);
    expect(() => checkLimit(stack, limit, limit.max + 1, 'over', 'the fix')).toThrow(
      `over: ${limit.max + 1} ${limit.what}, ${Math.round((100 * (limit.max + 1)) / limit.max)}% of the limit of ${limit.max} (${limit.source}). the fix`,
    );
    const warnings = warningsOf(stack, limit);
    expect(warnings.map((w) => w.id)).toEqual(['/TestStack/At80', '/TestStack/AtMax']);
    // The message names the limit and its source, the count and the fix.
    expect(warnings[0].entry.data).toContain(
      `at 80 %: ${near(limit)} ${limit.what}, 80% of the limit of ${limit.max} (${limit.source}). the fix`,
    );
  });
});

describe('HaWebTier on one load balancer', () => {
  // 80 services beside the default one, in stacks of 20 (ServicePlacement's packing), 48 of them
  // on their own app port: 80 listener rules, 81 target groups, 50 egress rules on the load
  // balancer's security group (the default service's group, and the shared group on 49 ports).
  const { stack, network } = stackWithNetwork();
  const web = new HaWebTier(stack, 'Web', {
    network,
    capacity: { baseline: 2, maximum: 6 },
    allowInsecureHttp: true,
    notificationTopic: alarmTopic(stack),
  });
  const app = stack.node.root as App;
  for (let i = 0; i < 80; i++) {
    const scope =
      (app.node.tryFindChild(`Services${Math.floor(i / 20)}`) as Stack) ??
      new Stack(app, `Services${Math.floor(i / 20)}`, { env: { account: stack.account, region: stack.region } });
    web.addService(`s${i}`, {
      priority: i + 1,
      pathPatterns: [`/s${i}/*`],
      capacity: { baseline: 1, maximum: 3 },
      appPort: i < 48 ? 9000 + i : 8080,
      scope,
    });
  }

  test.each<[string, AwsLimit, number]>([
    ['listenerRules', AWS_LIMITS.listenerRules, 80],
    ['targetGroups', AWS_LIMITS.targetGroups, 81],
    ['securityGroupRules', AWS_LIMITS.securityGroupRules, 50],
  ])('warns at 80 %% of %s, with the count', (_id, limit, count) => {
    const warnings = warningsOf(stack, limit);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain(`${count} ${limit.what}`);
  });

  test('services in other stacks share one security group: the data tier needs one rule for all of them', () => {
    expect(web.connections.securityGroups).toHaveLength(2);
    expect(new Set(web.services.slice(1).map((s) => s.securityGroup))).toEqual(new Set([web.serviceInstancesSecurityGroup]));
  });

  test('refuses a scope in another account or region', () => {
    const other = new Stack(app, 'Elsewhere', { env: { account: '210987654321', region: 'eu-west-1' } });
    expect(() =>
      web.addService('far', { priority: 999, pathPatterns: ['/far/*'], capacity: { baseline: 1, maximum: 3 }, scope: other }),
    ).toThrow(/scope is in stack 'Elsewhere'.*give a stack of the same account and region/);
  });
});

describe('HaWebTier targets', () => {
  test("warns when the services' maximums reach 800 targets behind one load balancer", () => {
    const { stack, network } = stackWithNetwork();
    const web = new HaWebTier(stack, 'Web', {
      network,
      capacity: { baseline: 6, maximum: 600 },
      allowInsecureHttp: true,
      notificationTopic: alarmTopic(stack),
    });
    web.addService('bulk', { priority: 1, pathPatterns: ['/bulk/*'], capacity: { baseline: 6, maximum: 210 } });
    expect(warningsOf(stack, AWS_LIMITS.targetsPerLoadBalancer)[0].entry.data).toContain(
      "810 targets behind one load balancer at every service's maximum capacity, 81% of the limit of 1000",
    );
  });
});

describe('CompositeHierarchy', () => {
  function alarms(stack: Stack, count: number, nameLength = 20): cloudwatch.Alarm[] {
    return Array.from(
      { length: count },
      (_, i) =>
        new cloudwatch.Alarm(stack, `A${i}`, {
          alarmName: `a${i}-`.padEnd(nameLength, 'x'),
          metric: new cloudwatch.Metric({ namespace: 'N', metricName: 'M' }),
          threshold: 1,
          evaluationPeriods: 1,
        }),
    );
  }

  test('under the budget it is one composite with the given name and no parts', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const hierarchy = new CompositeHierarchy(stack, 'Root', {
      compositeAlarmName: 'env-root',
      alarmDescription: 'd',
      alarms: alarms(stack, 50),
      alarmTopic: topic,
    });
    expect(hierarchy.parts).toEqual([]);
    expect(hierarchy.root.node.id).toBe('Root');
  });

  test('past 50 alarms, parts of at most 50 roll up into the root', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const hierarchy = new CompositeHierarchy(stack, 'Root', {
      compositeAlarmName: 'env-root',
      alarmDescription: 'd',
      alarms: alarms(stack, 120),
      alarmTopic: topic,
    });
    expect(hierarchy.parts.map((p) => (p.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmName)).toEqual([
      'env-root-part-1',
      'env-root-part-2',
      'env-root-part-3',
    ]);
    expect(
      stack
        .resolve((hierarchy.root.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmRule)
        ['Fn::Join'][1].filter((p: unknown) => typeof p === 'object'),
    ).toHaveLength(3);
  });

  test('long alarm names split the parts by rule length, each within 80 % of 10,240 characters', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const all = alarms(stack, 60, 200);
    const hierarchy = new CompositeHierarchy(stack, 'Root', {
      compositeAlarmName: 'env-root',
      alarmDescription: 'd',
      alarms: all,
      alarmTopic: topic,
    });
    // ~260 characters an alarm (ARN of a 200-character name, ALARM(""), OR): 31 fit in 8,192.
    expect(hierarchy.parts.length).toBeGreaterThanOrEqual(2);
    expect(hierarchy.ruleLength(all.slice(0, 31))).toBeLessThanOrEqual(8192);
    expect(hierarchy.ruleLength(all.slice(0, 32))).toBeGreaterThan(8192);
    expect(warningsOf(stack, AWS_LIMITS.compositeRuleLength)).toEqual([]);
  });

  test('parts that do not fit one root are packed again, level by level, every alarm reachable once', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const all = alarms(stack, 5);
    const hierarchy = new CompositeHierarchy(stack, 'Root', {
      compositeAlarmName: 'r',
      alarmDescription: 'd',
      alarms: all,
      alarmTopic: topic,
      maxChildren: 2,
    });
    const name = (a: cloudwatch.IAlarm) => (a.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm).alarmName as string;
    expect(hierarchy.parts.map(name)).toEqual(['r-part-1', 'r-part-2', 'r-part-3', 'r-part-2-1', 'r-part-2-2']);
    const byName = new Map(hierarchy.composites.map((c) => [name(c), c]));
    const leaves = (composite: cloudwatch.CompositeAlarm): string[] =>
      (stack.resolve((composite.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmRule)['Fn::Join'][1] as unknown[])
        .filter((p): p is { 'Fn::GetAtt': [string, string] } => typeof p === 'object')
        .flatMap((p) => {
          const child = [...byName.values(), ...all].find(
            (a) => stack.resolve((a.node.defaultChild as cloudwatch.CfnAlarm).logicalId) === p['Fn::GetAtt'][0],
          )!;
          return child instanceof cloudwatch.CompositeAlarm ? leaves(child) : [name(child)];
        });
    expect(leaves(hierarchy.root)).toEqual(all.map(name));
  });

  test('warns when a composite holds 80 alarms or more (maxChildren raised to 90)', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    new CompositeHierarchy(stack, 'Root', {
      compositeAlarmName: 'env-root',
      alarmDescription: 'd',
      alarms: alarms(stack, 85),
      alarmTopic: topic,
      maxChildren: 90,
    });
    expect(warningsOf(stack, AWS_LIMITS.compositeChildren)[0].entry.data).toContain(
      "composite alarm 'env-root': 85 alarms in one composite alarm rule, 85% of the limit of 100",
    );
  });

  test.each([1, 101, 2.5])('fails on maxChildren %s', (maxChildren) => {
    const stack = testStack();
    expect(
      () =>
        new CompositeHierarchy(stack, 'Root', {
          compositeAlarmName: 'r',
          alarmDescription: 'd',
          alarms: alarms(stack, 2),
          alarmTopic: new sns.Topic(stack, 'T'),
          maxChildren,
        }),
    ).toThrow(/maxChildren is .*; give a whole number from 2 to 100/);
  });
});

describe('dashboard limits', () => {
  test('warn at 400 widgets, 400 metrics in a widget and 2,000 metrics on a dashboard', () => {
    const stack = testStack();
    const metric = (i: number) => new cloudwatch.Metric({ namespace: 'N', metricName: `M${i}` });
    const widgets: cloudwatch.IWidget[] = [
      ...Array.from(
        { length: 5 },
        (_, w) => new cloudwatch.GraphWidget({ left: Array.from({ length: 400 }, (_, i) => metric(w * 400 + i)) }),
      ),
      ...Array.from({ length: 395 }, () => new cloudwatch.TextWidget({ markdown: 'x' })),
    ];
    checkDashboardLimits(stack, 'big', widgets);
    for (const limit of [AWS_LIMITS.dashboardWidgets, AWS_LIMITS.widgetMetrics, AWS_LIMITS.dashboardMetrics]) {
      expect(warningsOf(stack, limit).length).toBeGreaterThan(0);
    }
    expect(warningsOf(stack, AWS_LIMITS.dashboardMetrics)[0].entry.data).toContain("dashboard 'big': 2000 metrics on one dashboard, 80%");
  });
});

describe('stack limits at synth', () => {
  function stackOf(build: (stack: Stack) => void): Stack {
    const stack = testStack(testApp());
    build(stack);
    checkStackLimitsAtSynth(stack);
    return stack;
  }

  test.each<[string, AwsLimit, (stack: Stack) => void]>([
    [
      '400 resources',
      AWS_LIMITS.stackResources,
      (s) => Array.from({ length: 400 }, (_, i) => new CfnResource(s, `H${i}`, { type: 'AWS::CloudFormation::WaitConditionHandle' })),
    ],
    ['160 outputs', AWS_LIMITS.stackOutputs, (s) => Array.from({ length: 160 }, (_, i) => new CfnOutput(s, `O${i}`, { value: `${i}` }))],
    ['840 KB', AWS_LIMITS.templateBytes, (s) => s.addMetadata('Padding', 'x'.repeat(840_000))],
  ])('warns at %s', (_name, limit, build) => {
    const stack = stackOf(build);
    expect(warningsOf(stack, limit)).toHaveLength(1);
  });

  test('fails above 200 outputs, naming the stack and the fix', () => {
    const stack = stackOf((s) => Array.from({ length: 201 }, (_, i) => new CfnOutput(s, `O${i}`, { value: `${i}` })));
    expect(() => Annotations.fromStack(stack)).toThrow(/stack 'TestStack': 201 outputs in one stack.*Place services in their own stacks/);
  });
});

describe('HA-CFN-004 template limits', () => {
  const resources = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`H${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
  const outputs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`O${i}`, { Value: 'v' }]));

  test('passes a stack at the limits', () => {
    expect(TEMPLATE_LIMITS.check(modelOf({ Resources: resources(500), Outputs: outputs(200) }))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['501 resources', { Resources: resources(501) }, /Stack1 has 501 resources in one stack, over the limit of 500/],
    ['201 outputs', { Resources: resources(1), Outputs: outputs(201) }, /Stack1 has 201 outputs in one stack, over the limit of 200/],
    [
      '1.1 MB',
      { Resources: resources(1), Metadata: { Padding: 'x'.repeat(1_100_000) } },
      /Stack1 has \d+ bytes of one template, over the limit of 1048576/,
    ],
  ])('fails a stack over the limit: %s', (_name, template, message) => {
    const problems = TEMPLATE_LIMITS.check(modelOf(template));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(message);
  });
});
