import { readFileSync } from 'fs';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addEnvironments, DatabaseEngine, DatabaseTopology, PROD } from '../../lib';
import { testApp } from '../support/test-app';

// The one test that synthesizes the whole app as `cdk synth` does: aws-cdk-lib's CloudFormation
// validator (~5 s, ~350 MB per App; off in every other test), cdk-nag's AWS Solutions pack and
// the availability guarantees, all as validation plugins whose report lands in cdk.out.
describe('synth-time validation of the default app', () => {
  expect(process.env.CDK_VALIDATION).not.toBe('false'); // it would silently skip the validator
  const app = testApp({ validation: true });
  addEnvironments(app);
  const assembly = app.synth(); // throws on any error finding: validateAgainstDefaultRules is on
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const pluginNamed = (name: string) => report.pluginReports.find((r: { pluginName: string }) => r.pluginName === name);

  test('runs all three checkers over all 26 stacks', () => {
    expect(report.pluginReports.map((r: { pluginName: string }) => r.pluginName).sort()).toEqual([
      'AwsSolutions',
      'CloudFormation Validate',
      'cdk-ha-blueprint',
    ]);
    // dev 6, staging 6, prod 7 (its Dns stack), prod-us-west-2 7 (its standby, docs/adr/0080).
    expect(assembly.stacksRecursively).toHaveLength(26);
  });

  test('finds nothing unacknowledged, errors or warnings, in any plugin', () => {
    const findings = report.pluginReports.flatMap((r: { pluginName: string; violations: unknown[] }) =>
      r.violations.map((v) => [r.pluginName, v]),
    );
    expect(findings).toEqual([]);
  });

  test('every cdk-nag acknowledgement is one rule on one construct below a stack, with a specific reason', () => {
    const suppressed: Array<{ ruleName: string; reason: string; acknowledgedAt: string }> =
      pluginNamed('AwsSolutions').suppressedViolations;
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) {
      // env/Stack/Construct...: never a whole Stage or Stack. The rule and path ride along for a readable failure.
      expect([s.ruleName, s.acknowledgedAt, s.acknowledgedAt.split('/').length >= 3, s.reason.length > 60]).toEqual([
        s.ruleName,
        s.acknowledgedAt,
        true,
        true,
      ]);
    }
  });

  test('the CloudFormation validator and cdk-nag disagree once, on read replicas, and that is acknowledged for the validator', () => {
    const suppressed: Array<{ ruleName: string; acknowledgedAt: string }> = pluginNamed('AwsSolutions').suppressedViolations;
    const rds2 = suppressed.filter((s) => s.ruleName === 'AwsSolutions-RDS2');
    expect(rds2.length).toBe(6); // dev 1 + staging 2 + prod 2 replicas, and prod-us-west-2's cross-region replica
    expect(rds2.every((s) => /\/Database\/ReadReplica\d$|^prod-us-west-2\/StandbyData\/Replica\/Replica$/.test(s.acknowledgedAt))).toBe(
      true,
    );
  });
});

describe('engine and topology variants', () => {
  test('MySQL, Aurora PostgreSQL, Aurora MySQL and a cluster-mode cache pass the validator, cdk-nag and the guarantees in prod profiles', () => {
    const database = PROD.data.database;
    const variant = (name: string, engine: DatabaseEngine, topology: DatabaseTopology, shards = 1) => ({
      ...PROD,
      name,
      // The engines in one Region: an Aurora standby (Global Database) is refused until it is built.
      secondaryRegion: undefined,
      data: { database: { ...database, engine, topology }, cache: { ...PROD.data.cache, shards } },
    });
    const app = testApp({ validation: true });
    addEnvironments(app, {
      profiles: [
        variant('mysql', DatabaseEngine.MYSQL, DatabaseTopology.MULTI_AZ_INSTANCE, 3),
        variant('aurorapg', DatabaseEngine.POSTGRES, DatabaseTopology.AURORA_CLUSTER),
        variant('auroramysql', DatabaseEngine.MYSQL, DatabaseTopology.AURORA_CLUSTER),
      ],
    });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
  }, 60_000);
});

describe('a new finding fails synthesis', () => {
  test('an unencrypted, unlogged bucket added to prod stops the build with its cdk-nag rules', () => {
    const app = testApp();
    const [prod] = addEnvironments(app, { environment: 'prod' });
    new s3.Bucket(prod.node.findChild('Web') as Stack, 'Careless', { encryption: s3.BucketEncryption.UNENCRYPTED, enforceSSL: false });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*prod\/Web\/Careless/);
  });
});
