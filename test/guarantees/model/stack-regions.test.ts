import { CfnTemplate, CROSS_STACK_REFERENCES, EnvironmentModel, REPLICA_SPREAD, StackTemplate } from '../../../lib';

// A standby Stage in us-west-2 with one stack in us-east-1 (its endpoint-health alarm, docs/adr/0082).
const dns: StackTemplate = {
  stackName: 'prod-us-west-2-Dns',
  artifactId: 'Dns',
  region: 'us-west-2',
  template: {
    Resources: { Check: { Type: 'AWS::Route53::HealthCheck', Properties: {} } },
    Outputs: { CheckId: { Value: { Ref: 'Check' } } },
  } as CfnTemplate,
};

/** The us-east-1 stack reading the health check's ID with the given Fn::GetStackOutput arguments. */
function reader(getStackOutput: Record<string, unknown>): StackTemplate {
  return {
    stackName: 'prod-us-west-2-EndpointHealth',
    artifactId: 'EndpointHealth',
    region: 'us-east-1',
    template: {
      Resources: {
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: { Dimensions: [{ Name: 'HealthCheckId', Value: { 'Fn::GetStackOutput': getStackOutput } }] },
        },
      },
    } as CfnTemplate,
  };
}

describe('an environment whose stacks deploy to more than one Region', () => {
  test("a reference that names the producer's own Region resolves", () => {
    const model = new EnvironmentModel(
      [dns, reader({ StackName: 'prod-us-west-2-Dns', Region: 'us-west-2', OutputName: 'CheckId' })],
      'us-west-2',
    );
    expect(CROSS_STACK_REFERENCES.check(model)).toEqual([]);
  });

  test('a reference that names another Region, or none from a stack elsewhere, is a finding: CloudFormation would look in the wrong Region', () => {
    for (const args of [
      { StackName: 'prod-us-west-2-Dns', Region: 'us-east-1', OutputName: 'CheckId' },
      { StackName: 'prod-us-west-2-Dns', OutputName: 'CheckId' },
    ]) {
      const model = new EnvironmentModel([dns, reader(args)], 'us-west-2');
      expect(CROSS_STACK_REFERENCES.check(model).map((p) => p.message)).toEqual([
        expect.stringContaining("reads stack prod-us-west-2-Dns in us-east-1, but this environment's prod-us-west-2-Dns is in us-west-2"),
      ]);
    }
  });

  test('AWS::Region resolves to each stack its own Region', () => {
    const model = new EnvironmentModel([dns, reader({ StackName: 'x', OutputName: 'y' })], 'us-west-2');
    expect([model.resolve(model.stacks[0], { Ref: 'AWS::Region' }), model.resolve(model.stacks[1], { Ref: 'AWS::Region' })]).toEqual([
      { kind: 'literal', value: 'us-west-2' },
      { kind: 'literal', value: 'us-east-1' },
    ]);
  });
});

describe('a replica whose source is an RDS ARN', () => {
  const replica = (source: string): StackTemplate => ({
    stackName: 'prod-us-west-2-StandbyData',
    artifactId: 'StandbyData',
    region: 'us-west-2',
    template: {
      Resources: { Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: source, MultiAZ: true } } },
    } as CfnTemplate,
  });

  test('in another Region is a cross-Region replica: no reader of this environment to place', () => {
    const model = new EnvironmentModel([replica('arn:aws:rds:us-east-1:123456789012:db:prod-db')], 'us-west-2');
    expect(REPLICA_SPREAD.check(model)).toEqual([]);
  });

  test("in the replica's own Region names a writer the environment does not hold: still a finding", () => {
    const model = new EnvironmentModel([replica('arn:aws:rds:us-west-2:123456789012:db:prod-db')], 'us-west-2');
    expect(REPLICA_SPREAD.check(model).map((p) => p.message)).toEqual([
      expect.stringMatching(/cannot prove replica placement.*cannot be followed/),
    ]);
  });
});
