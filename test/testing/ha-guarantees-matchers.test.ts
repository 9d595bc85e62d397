import { readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { addEnvironments, HaStage, HaStandbyStage, PLACEHOLDER_ACCOUNT, PROD } from '../../lib';
import { assessHaGuarantees, haGuaranteesMatchers } from '../../lib/testing';
import { testApp } from '../support/test-app';

expect.extend(haGuaranteesMatchers);

/** The prod Stage of a fresh App, with the guarantee plugin registered as addEnvironments does. */
function prodStage(): HaStage {
  const [stage] = addEnvironments(testApp(), { environment: 'prod' });
  return stage;
}

/** The escape hatch a user might reach for: the writer loses its standby after the construct was validated. */
function removeStandby(stage: HaStage): void {
  const writer = stage.dataStack.node
    .findAll()
    .find((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance && c.sourceDbInstanceIdentifier === undefined)!;
  writer.addPropertyOverride('MultiAZ', false);
}

describe('expect(...).toMeetHaGuarantees()', () => {
  test('passes on a prod HaStage, and its negation says every guarantee holds', () => {
    const stage = prodStage();
    expect(stage).toMeetHaGuarantees();
    expect(() => expect(stage).not.toMeetHaGuarantees()).toThrow(
      'expected prod not to meet its availability guarantees, but every guarantee holds in prod',
    );
    expect(assessHaGuarantees(stage)).toMatchObject({ subject: 'prod', environments: [{ name: 'prod', findings: [] }], errors: [] });
  }, 60_000);

  test('fails on a Stage broken by an escape hatch, and on the App holding it, listing each error finding', () => {
    const stage = prodStage();
    removeStandby(stage);
    // The standby's loss also breaks prod's availability policy (HA-AVL-001, five findings after it).
    const listing =
      /expected prod to meet its availability guarantees, but 6 error finding\(s\) in prod:\n {2}HA-DATA-001 prod-Data\/Database\w+: DB instance Database\w+ has no Multi-AZ standby; losing its AZ stops writes\. Set MultiAZ: true\./;
    expect(() => expect(stage).toMeetHaGuarantees()).toThrow(listing);
    // The App runs HaGuaranteesPlugin, which fails its synthesis: the matcher reports the findings instead.
    const app = stage.node.scope as App;
    expect(() => expect(app).toMeetHaGuarantees()).toThrow(
      // The App holds prod's us-west-2 standby too: both are judged, only prod has findings.
      /expected \(app\) to meet its availability guarantees, but 6 error finding\(s\) in prod, prod-us-west-2:\n {2}HA-DATA-001 prod-Data\/Database/,
    );
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-ha-blueprint').conclusion).toBe('failure');
  }, 60_000);

  test('judges a Stack with the other stacks of its Stage and counts only its own findings', () => {
    const app = testApp();
    const fine = new Stack(app, 'Fine');
    new CfnResource(fine, 'Topic', { type: 'AWS::SNS::Topic' });
    const broken = new Stack(app, 'Broken');
    new CfnResource(broken, 'Database', {
      type: 'AWS::RDS::DBInstance',
      properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.medium', MultiAZ: false },
    });
    expect(fine).toMeetHaGuarantees();
    expect(() => expect(broken).toMeetHaGuarantees()).toThrow(
      /^expected Broken to meet its availability guarantees, but 4 error finding\(s\)/,
    );
    expect(new Set(assessHaGuarantees(broken).errors.map((f) => `${f.checkId} ${f.stack}/${f.logicalId}`))).toEqual(
      new Set(['HA-DATA-001 Broken/Database', 'HA-DATA-004 Broken/Database']),
    );
  });

  test('fails, saying why, on something that is not a construct', () => {
    expect(() => expect(42).toMeetHaGuarantees()).toThrow('expected an App, a Stage or a Stack, received 42');
  });
});

describe('assessHaGuarantees over a warm standby', () => {
  test('judges the App as a Region pair, a Stage with its sibling peer, and a standby whose primary is not in the App fails closed', () => {
    const app = testApp();
    addEnvironments(app, { environment: 'prod' }); // prod and its us-west-2 standby
    const whole = assessHaGuarantees(app);
    expect([whole.errors, whole.warnings]).toEqual([[], []]);
    expect(assessHaGuarantees(app.node.findChild('prod-us-west-2') as Stage).errors).toEqual([]);

    const lonely = new HaStandbyStage(testApp(), 'prod-us-west-2', { profile: PROD, account: PLACEHOLDER_ACCOUNT });
    const alone = assessHaGuarantees(lonely);
    expect(alone.errors.map((f) => f.checkId)).toEqual(['HA-AVL-002', 'HA-REG-001', 'HA-REG-002', 'HA-REG-003', 'HA-REG-004']);
    expect(alone.errors[1].message).toMatch(/the other Region's templates were not given/);
  }, 60_000);
});
