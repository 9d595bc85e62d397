import { EnvironmentModel, IMDSV2_REQUIRED, OPEN_INGRESS, PLAINTEXT_SECRETS } from '../../lib';
import { defaultAppStacks } from '../support/default-app';

// Every stack of every environment of the default app, synthesized once per run (test/support/default-app.ts).
const templates = defaultAppStacks().map((stack) => [stack.stackName, stack.template] as const);
const webOf = (env: string) => structuredClone(templates.find(([name]) => name === `${env}-Web`)![1]) as any;
/** One environment's stacks as a model, with any stack's template replaced by an edited one. */
const environment = (env: string, edited: Record<string, unknown> = {}) =>
  new EnvironmentModel(
    templates
      .filter(([name]) => name.startsWith(`${env}-`))
      .map(([name, template]) => ({ stackName: name, artifactId: name, template: (edited[name] ?? template) as any })),
    'us-east-1',
  );
const dataOf = (env: string) => structuredClone(templates.find(([name]) => name === `${env}-Data`)![1]) as any;

describe.each([
  ['HA-SEC-001 open ingress', OPEN_INGRESS],
  ['HA-SEC-002 plaintext secrets', PLAINTEXT_SECRETS],
  ['HA-SEC-003 IMDSv2', IMDSV2_REQUIRED],
])('%s', (_name, check) => {
  test.each(['dev', 'staging', 'prod'])('%s passes', (env) => {
    expect(check.check(environment(env))).toEqual([]);
  });
});

describe('security checks fail when a violation is introduced', () => {
  const webWith = (edit: (resources: any[], template: any) => void) => {
    const template = webOf('prod');
    edit(Object.values<any>(template.Resources), template);
    return environment('prod', { 'prod-Web': template });
  };

  test('a database port opened to the internet', () => {
    const model = webWith((resources) => {
      const ingress = resources.find((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 5432);
      delete ingress.Properties.SourceSecurityGroupId;
      ingress.Properties.CidrIp = '0.0.0.0/0';
    });
    expect(OPEN_INGRESS.check(model).map((f) => f.message)).toEqual([
      expect.stringMatching(/open port 5432 of \w+ to every IPv4 address \(0\.0\.0\.0\/0\), on a group no load balancer uses/),
    ]);
  });

  test('an extra port opened on the load balancer', () => {
    const model = webWith((resources) => {
      const albGroup = resources.find((r) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.SecurityGroupIngress);
      albGroup.Properties.SecurityGroupIngress.push({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
    });
    expect(OPEN_INGRESS.check(model)).toHaveLength(1);
  });

  test.each([
    ['IPv4 halves', ['0.0.0.0/1', '128.0.0.0/1'], 'CidrIp', 4],
    ['IPv4 quarters in two rules of different port ranges', ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'], 'CidrIp', 4],
    ['IPv6 halves', ['::/1', '8000::/1'], 'CidrIpv6', 6],
  ])('port 22 opened to CIDRs that add up to the internet (%s)', (_name, cidrs, key, family) => {
    const model = webWith((resources) => {
      const albGroup = resources.find((r) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.SecurityGroupIngress);
      cidrs.forEach((cidr, i) =>
        albGroup.Properties.SecurityGroupIngress.push({ [key]: cidr, IpProtocol: 'tcp', FromPort: i % 2 ? 22 : 20, ToPort: 22 }),
      );
    });
    expect(OPEN_INGRESS.check(model).map((f) => f.message)).toEqual([
      expect.stringMatching(new RegExp(`open port 22 of \\w+ to every IPv${family} address`)),
    ]);
  });

  test('CIDRs that leave a gap are not the internet', () => {
    const model = webWith((resources) => {
      const albGroup = resources.find((r) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.SecurityGroupIngress);
      albGroup.Properties.SecurityGroupIngress.push({ CidrIp: '0.0.0.0/1', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
      albGroup.Properties.SecurityGroupIngress.push({ CidrIp: '128.0.0.0/2', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
    });
    expect(OPEN_INGRESS.check(model)).toEqual([]);
  });

  test('a password written into a template, or hidden in a join, or a key pasted into user data', () => {
    const template = dataOf('prod');
    const primary = Object.values<any>(template.Resources).find(
      (r) => r.Type === 'AWS::RDS::DBInstance' && !r.Properties.SourceDBInstanceIdentifier,
    );
    primary.Properties.MasterUserPassword = 'hunter2hunter2';
    const cache = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ElastiCache::ReplicationGroup');
    cache.Properties.Description = 'key AKIAIOSFODNN7EXAMPLE';
    const authToken = cache.Properties.AuthToken;
    expect(JSON.stringify(authToken)).toMatch(/resolve:secretsmanager/);
    cache.Properties.AuthToken = { 'Fn::Join': ['', ['hunter2', { Ref: 'AWS::Region' }]] };
    expect(PLAINTEXT_SECRETS.check(environment('prod', { 'prod-Data': template })).map((f) => f.message)).toEqual([
      expect.stringMatching(/holds a MasterUserPassword that is not a secret reference in plain text at Properties.MasterUserPassword/),
      expect.stringMatching(/holds a AuthToken that is not a secret reference in plain text at Properties.AuthToken/),
      expect.stringMatching(/holds an AWS access key id in plain text at Properties.Description/),
    ]);
  });

  test('a launch template, or a launch configuration, that allows IMDSv1', () => {
    const model = webWith((resources, template) => {
      resources.find((r) => r.Type === 'AWS::EC2::LaunchTemplate').Properties.LaunchTemplateData.MetadataOptions.HttpTokens = 'optional';
      template.Resources.LegacyLaunchConfiguration = {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: { ImageId: 'ami-1', InstanceType: 't3.micro' },
      };
    });
    expect(IMDSV2_REQUIRED.check(model).map((f) => f.message)).toEqual([
      expect.stringMatching(/LaunchTemplate \w+ has HttpTokens optional/),
      expect.stringMatching(/LaunchConfiguration \w+ has HttpTokens unset/),
    ]);
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
