import { Stack } from 'aws-cdk-lib';
import {
  addEnvironments,
  ENVIRONMENT_METADATA,
  MANAGED_METADATA,
  AWS_LIMITS,
  CfnTemplate,
  EnvironmentModel,
  HaStage,
  templateBytes,
  WebServiceStack,
} from '../../lib';
import { prodWithServices } from '../../bench/scale-profile';
import { testApp } from '../support/test-app';

// One synthesis (~10 s on 2 shared cores): the prod profile plus 50 services, through
// addEnvironments with cdk.json's context, the guarantees and cdk-nag (the CloudFormation
// validator off, as in every test but synth-validation's).
const app = testApp();
const [stage] = addEnvironments(app, { environment: 'prod', profiles: [prodWithServices(50)] }) as [HaStage];
const assembly = app.synth(); // throws on any error finding or limit error
const stacks = assembly.stacksRecursively.map((s) => ({ stackName: s.stackName, artifactId: s.id, template: s.template as CfnTemplate }));
const model = new EnvironmentModel(stacks, 'us-east-1');

/** A composite rule as CloudWatch receives it: every reference replaced by the alarm ARN it resolves to. */
function deployedRule(stackName: string, value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const v = value as Record<string, any>;
  if (v['Fn::Join']) {
    const [separator, parts] = v['Fn::Join'];
    return parts.map((part: unknown) => deployedRule(stackName, part)).join(separator);
  }
  if (v['Fn::GetStackOutput']) {
    const { StackName, OutputName } = v['Fn::GetStackOutput'];
    const producer = stacks.find((s) => s.stackName === StackName)!;
    return deployedRule(StackName, producer.template.Outputs![OutputName].Value);
  }
  if (v['Fn::GetAtt']) {
    const [logicalId, attribute] = v['Fn::GetAtt'];
    expect(attribute).toBe('Arn');
    const name = stacks.find((s) => s.stackName === stackName)!.template.Resources![logicalId].Properties!.AlarmName;
    return `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
  }
  throw new Error(`unexpected ${JSON.stringify(value)} in a composite rule`);
}

describe('prod with 50 extra services', () => {
  test('puts each extra service in its own stack and keeps api in Web', () => {
    expect(stage.serviceStacks).toHaveLength(50);
    expect(stage.serviceStacks.every((s) => s instanceof WebServiceStack)).toBe(true);
    expect(stage.webStack.web.services.map((s) => Stack.of(s).node.id).slice(0, 3)).toEqual(['Web', 'Web', 'Service-svc01']);
    expect(stacks).toHaveLength(56);
  });

  test('each service stack carries the environment metadata, records its Auto Scaling group and depends on Web, never the reverse', () => {
    for (const serviceStack of stage.serviceStacks) {
      const template = stacks.find((s) => s.stackName === serviceStack.stackName)!.template;
      expect(template.Metadata?.[ENVIRONMENT_METADATA]).toEqual(stacks[0].template.Metadata?.[ENVIRONMENT_METADATA]);
      expect(Object.values(template.Metadata?.[MANAGED_METADATA] ?? {})).toEqual(['web-group']);
      expect(serviceStack.dependencies).toContain(stage.webStack);
      expect(stage.observabilityStack.dependencies).toContain(serviceStack);
    }
    expect(stage.webStack.dependencies.some((d) => d instanceof WebServiceStack)).toBe(false);
  });

  test("the services in their own stacks share one security group, let in by the load balancer and into the data tier's ports", () => {
    const web = stacks.find((s) => s.stackName === 'prod-Web')!.template;
    const shared = Object.keys(web.Resources!).find(
      (id) => id.startsWith('WebServiceInstancesSecurityGroup') && web.Resources![id].Type === 'AWS::EC2::SecurityGroup',
    )!;
    const rules = Object.values(web.Resources!).filter(
      (r) =>
        r.Type === 'AWS::EC2::SecurityGroupEgress' &&
        JSON.stringify(r.Properties!.GroupId) === JSON.stringify({ 'Fn::GetAtt': [shared, 'GroupId'] }),
    );
    expect(rules.map((r) => r.Properties!.FromPort).sort()).toEqual([5432, 6379]);
    const ingress = Object.values(web.Resources!).filter(
      (r) =>
        r.Type === 'AWS::EC2::SecurityGroupIngress' &&
        JSON.stringify(r.Properties!.GroupId) === JSON.stringify({ 'Fn::GetAtt': [shared, 'GroupId'] }),
    );
    expect(ingress.map((r) => r.Properties!.FromPort)).toEqual([8080]);
    for (const serviceStack of stacks.filter((s) => s.stackName.includes('-Service-'))) {
      expect(Object.values(serviceStack.template.Resources!).filter((r) => r.Type.startsWith('AWS::EC2::SecurityGroup'))).toEqual([]);
    }
  });

  test.each(stacks.map((s) => [s.stackName, s]))('%s holds at most 500 resources, 200 outputs and 1 MB', (_name, stack) => {
    const { template } = stack as (typeof stacks)[number];
    expect(Object.keys(template.Resources ?? {}).length).toBeLessThanOrEqual(AWS_LIMITS.stackResources.max);
    expect(Object.keys(template.Outputs ?? {}).length).toBeLessThanOrEqual(AWS_LIMITS.stackOutputs.max);
    expect(templateBytes(template)).toBeLessThanOrEqual(AWS_LIMITS.templateBytes.max);
  });

  test('every composite has at most 100 alarms and a deployed rule of at most 10,240 characters', () => {
    const composites = model.resources('AWS::CloudWatch::CompositeAlarm');
    expect(composites.length).toBeGreaterThan(100); // 2 per service, the roots, their parts, the SLO's
    for (const { stack, resource } of composites) {
      const rule = deployedRule(stack.stackName, resource.Properties!.AlarmRule);
      expect([resource.Properties!.AlarmName, (rule.match(/ALARM\(/g) ?? []).length <= 100, rule.length <= 10_240]).toEqual([
        resource.Properties!.AlarmName,
        true,
        true,
      ]);
    }
  });

  test("the roots keep their names and reach every service's alarms through parts and per-service composites", () => {
    const byName = new Map(model.resources('AWS::CloudWatch::CompositeAlarm').map((c) => [c.resource.Properties!.AlarmName, c]));
    const members = (name: string): string[] => {
      const composite = byName.get(name)!;
      return [...deployedRule(composite.stack.stackName, composite.resource.Properties!.AlarmRule).matchAll(/alarm:([^"]+)"/g)].map(
        (m) => m[1],
      );
    };
    const leaves = (name: string): string[] => members(name).flatMap((m) => (byName.has(m) ? leaves(m) : [m]));
    expect(members('prod-redundancy-lost')).toEqual(['prod-redundancy-lost-part-1', 'prod-redundancy-lost-part-2']);
    expect(leaves('prod-redundancy-lost')).toEqual(
      expect.arrayContaining(['prod-web-svc50-us-east-1c-below-share', 'prod-web-svc01-unhealthy-hosts']),
    );
    expect(leaves('prod-users-impaired')).toEqual(expect.arrayContaining(['prod-web-svc50-5xx-rate', 'prod-web-svc50-below-baseline']));
    expect(members('prod-web-svc50-impaired')).toEqual(['prod-web-svc50-5xx-rate', 'prod-web-svc50-below-baseline']);
  });

  test('every alarm is on a dashboard: the environment one or its service one, nothing dropped', () => {
    const shown = new Set<string>();
    const visit = (stackName: string, value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach((v) => visit(stackName, v));
      } else if (value && typeof value === 'object') {
        const v = value as Record<string, any>;
        if (v['Fn::GetAtt']?.[1] === 'Arn') {
          shown.add(`${stackName}/${v['Fn::GetAtt'][0]}`);
        } else if (v['Fn::GetStackOutput']) {
          const { StackName, OutputName } = v['Fn::GetStackOutput'];
          visit(StackName, stacks.find((s) => s.stackName === StackName)!.template.Outputs![OutputName].Value);
        } else {
          Object.values(v).forEach((inner) => visit(stackName, inner));
        }
      }
    };
    const dashboards = model.resources('AWS::CloudWatch::Dashboard');
    dashboards.forEach(({ stack, resource }) => visit(stack.stackName, resource.Properties!.DashboardBody));
    const alarms = [...model.resources('AWS::CloudWatch::Alarm'), ...model.resources('AWS::CloudWatch::CompositeAlarm')];
    expect(alarms.length).toBeGreaterThan(500);
    expect(alarms.map((a) => `${a.stack.stackName}/${a.logicalId}`).filter((id) => !shown.has(id))).toEqual([]);
    const names = dashboards.map((d) => d.resource.Properties!.DashboardName);
    expect(names).toHaveLength(51);
    expect(names).toEqual(expect.arrayContaining(['prod-availability', 'prod-service-svc01', 'prod-service-svc50']));
  });

  test('raises no limit warning', () => {
    const warnings = assembly.stacksRecursively.flatMap((s) => s.messages).filter((m) => m.level === 'warning');
    expect(warnings.map((w) => w.entry.data)).toEqual([]);
  });
});
