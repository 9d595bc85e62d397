import { readFileSync } from 'fs';
import { join } from 'path';
import { Duration } from 'aws-cdk-lib';
import { addEnvironments, EnvironmentProfile, HaStandbyStage, PLACEHOLDER_ACCOUNT, PROD } from '../../lib';
import { testApp } from '../support/test-app';

const SOURCE_ARN = `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-data-databaseinstance-abc123`;

/** Prod with a warm standby in us-west-2 at half capacity, its primary already deployed. */
const PROD_WITH_STANDBY: EnvironmentProfile = {
  ...PROD,
  secondaryRegion: {
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    capacityPercent: 50,
    vpcCidr: '10.40.0.0/16',
    sourceDatabaseInstanceArn: SOURCE_ARN,
    maxReplicaLag: Duration.minutes(2),
  },
};

describe('a profile with a secondary region', () => {
  const app = testApp({ validation: true });
  addEnvironments(app, { profiles: [PROD_WITH_STANDBY] });
  const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
  const assembly = app.synth(); // throws on any unacknowledged error finding of any plugin
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));

  test('synthesizes offline one Stage per region, the standby in its own region', () => {
    expect(assembly.nestedAssemblies ?? []).toBeDefined();
    expect(standby).toBeInstanceOf(HaStandbyStage);
    expect(standby.region).toBe('us-west-2');
    expect(standby.node.children.map((c) => c.node.id)).toEqual(expect.arrayContaining(['Network', 'Alerting', 'StandbyData', 'Web']));
  });

  test('no plugin finds anything unacknowledged', () => {
    const findings = report.pluginReports.flatMap((r: { pluginName: string; violations: unknown[] }) =>
      r.violations.map((v) => [r.pluginName, v]),
    );
    expect(findings).toEqual([]);
  });
});
