import { readFileSync } from 'fs';
import { join } from 'path';
import { Duration, Stage } from 'aws-cdk-lib';
import {
  checkEnvironment,
  CfnTemplate,
  environmentOfAssemblyStacks,
  EnvironmentModel,
  EnvironmentProfile,
  estimateRegionLoss,
  HaStage,
  HaStandbyStage,
  pairEnvironments,
  PLACEHOLDER_ACCOUNT,
  PROD,
  regionLossAnalysisOf,
  regionPairOf,
  writeAvailabilityReports,
} from '../../lib';
import { resourceId } from '../support/model';
import { testApp } from '../support/test-app';

const SOURCE_ARN = `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-data-databaseinstance-abc123`;

/** Prod with a warm standby in us-west-2 at half capacity, a Region-loss bound, its primary deployed. */
const PAIR_PROFILE: EnvironmentProfile = {
  ...PROD,
  availability: { ...PROD.availability, region: { maxRto: Duration.minutes(30), maxRpo: Duration.minutes(10) } },
  secondaryRegion: {
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    capacityPercent: 50,
    vpcCidr: '10.40.0.0/16',
    sourceDatabaseInstanceArn: SOURCE_ARN,
    maxReplicaLag: Duration.minutes(2),
  },
};

/** Both Stages synthesized (no validation plugin: the tests judge them), as cdk synth writes them. */
function synthesizePair(withRecords: boolean): {
  primary: { model: EnvironmentModel; directory: string };
  standby: { model: EnvironmentModel; directory: string };
} {
  const app = testApp();
  // Prod's own failover records (web.failoverRecord), or none: the first phase of a rollout.
  const profile = withRecords ? PAIR_PROFILE : { ...PAIR_PROFILE, web: { ...PAIR_PROFILE.web, failoverRecord: undefined } };
  const primary = new HaStage(app, 'prod', { profile, account: PLACEHOLDER_ACCOUNT });
  const standby = new HaStandbyStage(app, 'prod-us-west-2', { profile, account: PLACEHOLDER_ACCOUNT });
  const load = (stage: Stage) => {
    const assembly = stage.synth();
    return { model: environmentOfAssemblyStacks(assembly.stacks.map((s) => s.templateFullPath)).model, directory: assembly.directory };
  };
  const pair = { primary: load(primary), standby: load(standby) };
  pairEnvironments([pair.primary.model, pair.standby.model]);
  return pair;
}

/** The error findings of the standby after `mutate` edits a copy of its templates. */
function standbyErrorsAfter(
  pair: ReturnType<typeof synthesizePair>,
  mutate: (templates: Record<string, CfnTemplate & Record<string, any>>) => void,
): string[] {
  const templates = Object.fromEntries(pair.standby.model.stacks.map((s) => [s.stackName, structuredClone(s.template) as any]));
  mutate(templates);
  const standby = new EnvironmentModel(
    Object.entries(templates).map(([stackName, template]) => ({ stackName, artifactId: stackName, template })),
    'us-west-2',
    PLACEHOLDER_ACCOUNT,
  );
  const primary = new EnvironmentModel(pair.primary.model.stacks, 'us-east-1', PLACEHOLDER_ACCOUNT);
  pairEnvironments([primary, standby]);
  return checkEnvironment(standby)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.checkId}: ${f.message}`);
}

describe('the real prod pair, before its failover records exist', () => {
  const pair = synthesizePair(false);
  const data = (t: Record<string, any>) => t['prod-us-west-2-StandbyData'].Resources;

  test('passes every check: HA-AVL-002 warns that the RTO cannot be bounded until the failover records, declared pending, exist', () => {
    expect(checkEnvironment(pair.primary.model).filter((f) => f.severity === 'error')).toEqual([]);
    const findings = checkEnvironment(pair.standby.model);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.checkId === 'HA-AVL-002').map((f) => [f.severity, f.message, f.acknowledged])).toEqual([
      [
        'warning',
        expect.stringMatching(
          /the RTO is unbounded, above the policy's 1800 s: its detection term cannot be bounded \(no PRIMARY failover record/,
        ),
        expect.stringMatching(/^declared not built yet: the profile sets no web.failoverRecord/),
      ],
    ]);
  });

  test('its RPO is the lag alarm: 120 s threshold + 3 one-minute periods', () => {
    const of = regionPairOf(pair.standby.model);
    expect(of.kind).toBe('pair');
    const estimate = estimateRegionLoss((of as any).pair);
    expect(estimate.rpoSeconds).toBe(300);
    expect(estimate.rtoSeconds).toBeUndefined();
  });

  test.each<[string, (t: Record<string, any>) => void, RegExp]>([
    [
      'the replica is encrypted with a key of the primary Region',
      (t) =>
        (data(t)[resourceId(data(t), 'Replica', 'AWS::RDS::DBInstance')].Properties.KmsKeyId =
          `arn:aws:kms:us-east-1:${PLACEHOLDER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      /^HA-REG-004: KmsKeyId of Replica\w+ is a key of us-east-1, the primary Region/,
    ],
    [
      "the replica's source is in the standby's own Region",
      (t) =>
        (data(t)[resourceId(data(t), 'Replica', 'AWS::RDS::DBInstance')].Properties.SourceDBInstanceIdentifier = SOURCE_ARN.replace(
          'us-east-1',
          'us-west-2',
        )),
      /^HA-REG-002: Replica\w+'s source .* is in us-west-2, the standby's own Region/,
    ],
    [
      'the replica is removed',
      (t) => {
        delete data(t)[resourceId(data(t), 'Replica', 'AWS::RDS::DBInstance')];
        delete data(t)[resourceId(data(t), 'ReplicaReplicationLagAlarm', 'AWS::CloudWatch::Alarm')];
      },
      /^HA-REG-001: The primary prod has 1 DB instance writer\(s\) \(DatabaseInstance\w+\), the standby 0 cross-Region replica\(s\)/,
    ],
  ])('fails when %s', (_, mutate, message) => {
    expect(standbyErrorsAfter(pair, mutate)).toContainEqual(expect.stringMatching(message));
  });

  test("the standby's availability report carries the Region-loss analysis, in JSON and Markdown", () => {
    const findings = checkEnvironment(pair.standby.model);
    const [json, markdown] = writeAvailabilityReports(pair.standby.directory, pair.standby.model, findings, {
      regionLoss: regionLossAnalysisOf(pair.standby.model),
    });
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.regionLoss).toMatchObject({
      primary: { name: 'prod', region: 'us-east-1' },
      standby: { name: 'prod-us-west-2', region: 'us-west-2' },
      policy: { maxRtoSeconds: 1800, maxRpoSeconds: 600 },
      estimate: { rpoSeconds: 300 },
    });
    expect(report.regionLoss.tiers.map((t: { tier: string; present: boolean }) => [t.tier, t.present])).toEqual([
      ['dns', false],
      ['network', true],
      ['web', true],
      ['data', true],
      ['cache', true],
      ['messaging', true],
    ]);
    const text = readFileSync(markdown, 'utf8');
    expect(text).toMatch(
      /## Losing the primary Region\n\nWhen us-east-1 is lost, prod-us-west-2 \(us-west-2\) takes over from prod\. RTO unbounded \(policy: at most 1800 s, \*\*not met\*\*\); RPO 300 s \(policy: at most 600 s, met\)\./,
    );
    expect(text).toMatch(/\| dns \| \*\*NO\*\* \| .*\(declared not built yet: the profile sets no web.failoverRecord/);
    expect(text).toMatch(/\| WebServiceapiAutoScalingGroup\w+ \| 4 \| 2 \| 3 \| 20 \|/);
    expect(join(pair.standby.directory, 'availability-report.md')).toBe(markdown);
  });
});

describe('the real prod pair with failover records', () => {
  const pair = synthesizePair(true);

  test('passes HA-REG-003 and the Region-loss policy: RTO 1050 s, RPO 300 s', () => {
    const standbyFindings = checkEnvironment(pair.standby.model);
    expect(standbyFindings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(standbyFindings.filter((f) => f.checkId === 'HA-REG-003')).toEqual([]);
    const estimate = estimateRegionLoss((regionPairOf(pair.standby.model) as any).pair);
    // 30 s x 3 detection (HaFailoverEndpoint's health check) + 60 s alias TTL + 600 s promotion + (120 s launch + 180 s grace: api runs 3 of the primary's 4).
    expect(estimate.rtoTerms.map((t) => [t.term, t.seconds])).toEqual([
      ['detection', 90],
      ['dns-ttl', 60],
      ['promotion', 600],
      ['scale-up', 300],
    ]);
    expect([estimate.rtoSeconds, estimate.rpoSeconds]).toEqual([1050, 300]);
  });
});
