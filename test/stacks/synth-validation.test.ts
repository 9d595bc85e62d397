import { readFileSync } from 'fs';
import { join } from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addEnvironments, DatabaseEngine, DatabaseTopology, EnvironmentProfile, PLACEHOLDER_ACCOUNT, PROD, PROFILES } from '../../lib';
import { testApp } from '../support/test-app';

// The one test that synthesizes as `cdk synth` does: aws-cdk-lib's CloudFormation validator (off
// in every other test and child process), cdk-nag's AWS Solutions pack and the availability
// guarantees, all as validation plugins whose report lands in cdk.out. The validator costs ~5 s
// and ~350 MB per App, most of it fixed (its resource schemas), so every environment it must see
// is one App here, judged in one report: the default app (dev, staging, prod), three engine and
// topology variants of prod, and prod with a warm standby Stage in us-west-2, before and after
// its primary is deployed.

// prod's warm standby is a Stage of the default app (docs/adr/0080).
const DEFAULT_STAGES = [...PROFILES.map((p) => p.name), 'prod-us-west-2'];

/** Prod with another engine and topology, under its own name so that it sits beside the default app. */
function variant(name: string, engine: DatabaseEngine, topology: DatabaseTopology, shards = 1): EnvironmentProfile {
  return {
    ...PROD,
    name,
    // In one Region, so no Region-loss bound: the standbys are judged below.
    secondaryRegion: undefined,
    availability: { ...PROD.availability, region: undefined },
    data: { database: { ...PROD.data.database, engine, topology }, cache: { ...PROD.data.cache, shards } },
  };
}
const VARIANTS = [
  variant('mysql', DatabaseEngine.MYSQL, DatabaseTopology.MULTI_AZ_INSTANCE, 3),
  variant('aurorapg', DatabaseEngine.POSTGRES, DatabaseTopology.AURORA_CLUSTER),
  variant('auroramysql', DatabaseEngine.MYSQL, DatabaseTopology.AURORA_CLUSTER),
];

/** Prod with a warm standby in us-west-2 at half capacity (as test/stacks/standby-stage.test.ts builds it). */
function withStandby(name: string, sourceDatabaseInstanceArn: string | undefined): EnvironmentProfile {
  return {
    ...PROD,
    name,
    secondaryRegion: {
      region: 'us-west-2',
      availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      capacityPercent: 50,
      vpcCidr: '10.40.0.0/16',
      sourceDatabaseInstanceArn,
      maxReplicaLag: Duration.minutes(2),
    },
  };
}
/** Its primary already deployed: the standby holds the cross-region replica. */
const STANDBY = withStandby('warm', `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:warm-data-databaseinstance-abc123`);
/** Before its primary is deployed: no replica yet, and a warning that says so. */
const NEW_STANDBY = withStandby('fresh', undefined);
/** Aurora PostgreSQL as a Global Database: the standby joins it by name, no ARN (docs/adr/0085). */
const AURORA_STANDBY: EnvironmentProfile = {
  ...withStandby('glob', undefined),
  data: { ...PROD.data, database: { ...PROD.data.database, topology: DatabaseTopology.AURORA_CLUSTER } },
};

type Violation = { ruleName: string; severity: string; violatingConstructs?: Array<{ constructPath?: string }> };
type PluginReport = { pluginName: string; violations: Violation[]; suppressedViolations?: Array<Record<string, string>> };

describe('synth-time validation', () => {
  expect(process.env.CDK_VALIDATION).not.toBe('false'); // it would silently skip the validator
  const app = testApp({ validation: true });
  addEnvironments(app, { profiles: [...PROFILES, ...VARIANTS, STANDBY, NEW_STANDBY, AURORA_STANDBY] });
  const assembly = app.synth(); // throws on any error finding: validateAgainstDefaultRules is on
  const report: { pluginReports: PluginReport[] } = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const pluginNamed = (name: string) => report.pluginReports.find((r) => r.pluginName === name)!;
  /** Every finding of every plugin located in one of the Stages, as [plugin, rule, severity, construct paths]. */
  const findingsIn = (stages: string[]) =>
    report.pluginReports.flatMap((r) =>
      r.violations
        .map((v) => [r.pluginName, v.ruleName, v.severity, (v.violatingConstructs ?? []).map((c) => c.constructPath ?? '')] as const)
        .filter(([, , , paths]) => paths.some((path) => stages.includes(path.split('/')[0]))),
    );
  /** Each Stage's stacks in the assembly. */
  const stacksOf = (stages: string[]) => stages.flatMap((stage) => assembly.getNestedAssembly(`assembly-${stage}`).stacks);

  describe('of the default app', () => {
    test('runs all three checkers over all 27 stacks', () => {
      // The fourth reports annotations: the one warning of the standby before its primary (below).
      expect(report.pluginReports.map((r) => r.pluginName).sort()).toEqual([
        'AwsSolutions',
        'CloudFormation Validate',
        'Construct Annotations',
        'cdk-ha-blueprint',
      ]);
      // dev 6, staging 6, prod 7 (its Dns stack), prod-us-west-2 8 (with its Dns and us-east-1 EndpointHealth stacks).
      expect(stacksOf(DEFAULT_STAGES)).toHaveLength(27);
    });

    test('finds nothing unacknowledged, errors or warnings, in any plugin', () => {
      expect(findingsIn(DEFAULT_STAGES)).toEqual([]);
    });

    test('every cdk-nag acknowledgement is one rule on one construct below a stack, with a specific reason', () => {
      const suppressed = pluginNamed('AwsSolutions').suppressedViolations!.filter((s) =>
        DEFAULT_STAGES.includes(s.acknowledgedAt.split('/')[0]),
      );
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
      const rds2 = pluginNamed('AwsSolutions').suppressedViolations!.filter(
        (s) => s.ruleName === 'AwsSolutions-RDS2' && DEFAULT_STAGES.includes(s.acknowledgedAt.split('/')[0]),
      );
      expect(rds2.length).toBe(6); // dev 1 + staging 2 + prod 2 replicas, and prod-us-west-2's cross-region replica
      expect(rds2.every((s) => /\/Database\/ReadReplica\d$|^prod-us-west-2\/StandbyData\/Replica\/Replica$/.test(s.acknowledgedAt))).toBe(
        true,
      );
    });
  });

  test('the whole App holds only warnings, all of the new standby: it has no data tier yet', () => {
    // Every finding, located in a Stage or not (a Region pair's findings name no construct).
    const findings = report.pluginReports.flatMap((r) =>
      r.violations.map((v) => [r.pluginName, v.ruleName, v.severity, (v.violatingConstructs ?? []).map((c) => c.constructPath)]),
    );
    expect(findings).toEqual([
      // The missing replica and cold cache (HA-REG-001), and the Region-loss RTO and RPO they leave
      // unbounded (HA-AVL-002): warnings, because the standby declares its data pending.
      ...[1, 2].map(() => ['cdk-ha-blueprint', 'HA-AVL-002', 'warning', ['']]),
      ...[1, 2].map(() => ['cdk-ha-blueprint', 'HA-REG-001', 'warning', ['']]),
      ['Construct Annotations', 'Annotation::cdk-ha-blueprint:standbyWithoutData', 'warning', ['fresh-us-west-2']],
    ]);
    const ours = pluginNamed('cdk-ha-blueprint').violations.map((v) => (v as Violation & { description: string }).description);
    expect(
      ours.every((d) => /declared not built yet: the primary's DatabaseInstanceArn|the cold cache lives in the StandbyData stack/.test(d)),
    ).toBe(true);
  });

  test('MySQL, Aurora PostgreSQL, Aurora MySQL and a cluster-mode cache pass the validator, cdk-nag and the guarantees in prod profiles', () => {
    const names = VARIANTS.map((v) => v.name);
    expect(stacksOf(names)).toHaveLength(18);
    expect(findingsIn(names)).toEqual([]);
  });

  test('a warm standby Stage and its primary pass the validator, cdk-nag and the guarantees', () => {
    const stages = ['warm', 'warm-us-west-2'];
    expect(stacksOf(stages).map((s) => [s.stackName, s.environment.region])).toEqual(
      expect.arrayContaining([
        ['warm-us-west-2-StandbyData', 'us-west-2'],
        ['warm-Data', 'us-east-1'],
      ]),
    );
    expect(findingsIn(stages)).toEqual([]);
  });

  test('an Aurora Global Database standby and its primary pass them, and the standby acknowledges no guarantee', () => {
    const stages = ['glob', 'glob-us-west-2'];
    expect(stacksOf(['glob-us-west-2']).map((s) => s.stackName)).toContain('glob-us-west-2-StandbyData');
    expect(findingsIn(stages)).toEqual([]);
    const ours = report.pluginReports.find((r) => r.pluginName === 'cdk-ha-blueprint');
    expect((ours?.suppressedViolations ?? []).filter((s) => s.acknowledgedAt.startsWith('glob-us-west-2'))).toEqual([]);
  });

  test('before its primary is deployed, the standby passes them with its own warning only, and has no data stack', () => {
    const stages = ['fresh', 'fresh-us-west-2'];
    expect(stacksOf(['fresh-us-west-2']).map((s) => s.stackName)).not.toContain('fresh-us-west-2-StandbyData');
    expect(findingsIn(stages)).toEqual([
      ['Construct Annotations', 'Annotation::cdk-ha-blueprint:standbyWithoutData', 'warning', ['fresh-us-west-2']],
    ]);
  });
});

describe('a new finding fails synthesis', () => {
  test('an unencrypted, unlogged bucket added to prod stops the build with its cdk-nag rules', () => {
    const app = testApp();
    const [prod] = addEnvironments(app, { environment: 'prod' });
    new s3.Bucket(prod.node.findChild('Web') as Stack, 'Careless', { encryption: s3.BucketEncryption.UNENCRYPTED, enforceSSL: false });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*prod\/Web\/Careless/);
  });
});
