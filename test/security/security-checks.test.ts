import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments, IMDSV2_REQUIRED, OPEN_INGRESS, PLAINTEXT_SECRETS } from '../../lib';
import { testApp } from '../support/test-app';

// One synthesis of the default app: every stack of every environment.
const stages = addEnvironments(testApp());
const templates = stages.flatMap((stage) =>
  stage.node.children.filter(Stack.isStack).map((stack) => [stack.stackName, Template.fromStack(stack).toJSON()] as const),
);
const webOf = (env: string) => structuredClone(templates.find(([name]) => name === `${env}-Web`)![1]) as any;
const dataOf = (env: string) => structuredClone(templates.find(([name]) => name === `${env}-Data`)![1]) as any;

describe.each([
  ['HA-SEC-001 open ingress', OPEN_INGRESS],
  ['HA-SEC-002 plaintext secrets', PLAINTEXT_SECRETS],
  ['HA-SEC-003 IMDSv2', IMDSV2_REQUIRED],
])('%s', (_name, check) => {
  test.each(templates.map(([name, template]) => [name, template]))('%s passes', (_stack, template) => {
    expect(check.check(template as any)).toEqual([]);
  });
});

describe('security checks fail when a violation is introduced', () => {
  test('a database port opened to the internet', () => {
    const template = webOf('prod');
    const ingress = Object.values<any>(template.Resources).find(
      (r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 5432,
    );
    delete ingress.Properties.SourceSecurityGroupId;
    ingress.Properties.CidrIp = '0.0.0.0/0';
    expect(OPEN_INGRESS.check(template).map((f) => f.message)).toEqual([
      expect.stringMatching(/opens tcp 5432-5432 to 0.0.0.0\/0 on a group no load balancer uses/),
    ]);
  });

  test('an extra port opened on the load balancer', () => {
    const template = webOf('prod');
    const albGroup = Object.values<any>(template.Resources).find(
      (r) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.SecurityGroupIngress,
    );
    albGroup.Properties.SecurityGroupIngress.push({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
    expect(OPEN_INGRESS.check(template)).toHaveLength(1);
  });

  test('a password written into a template, or a key pasted into user data', () => {
    const template = dataOf('prod');
    const primary = Object.values<any>(template.Resources).find(
      (r) => r.Type === 'AWS::RDS::DBInstance' && !r.Properties.SourceDBInstanceIdentifier,
    );
    primary.Properties.MasterUserPassword = 'hunter2hunter2';
    const cache = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup');
    cache.Properties.Description = 'key AKIAIOSFODNN7EXAMPLE';
    expect(PLAINTEXT_SECRETS.check(template).map((f) => f.message)).toEqual([
      expect.stringMatching(/holds a literal MasterUserPassword in plain text at Properties.MasterUserPassword/),
      expect.stringMatching(/holds an AWS access key id in plain text at Properties.Description/),
    ]);
  });

  test('a launch template that allows IMDSv1', () => {
    const template = webOf('prod');
    const lt = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::EC2::LaunchTemplate');
    lt.Properties.LaunchTemplateData.MetadataOptions.HttpTokens = 'optional';
    expect(IMDSV2_REQUIRED.check(template)[0].message).toMatch(/has HttpTokens optional/);
  });
});

describe('least privilege', () => {
  test.each(['dev', 'staging', 'prod'])("%s instance roles hold no '*' action and only their own secrets", (env) => {
    const template = webOf(env);
    const policies = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of [statement.Action].flat()) {
          expect(action).not.toMatch(/(^|:)\*$/);
        }
        expect(statement.Resource).not.toBe('*');
      }
    }
  });
});
