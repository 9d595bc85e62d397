import { readFileSync } from 'fs';
import { join } from 'path';
import { addEnvironments } from '../../lib';
import { testApp } from '../support/test-app';

// The one test that runs aws-cdk-lib's built-in CloudFormation validator (~5 s, ~350 MB per App):
// every other test switches it off to keep the suite fast.
describe("aws-cdk-lib's CloudFormation validation", () => {
  test('reports no finding (its own, the guarantee checks\', or unacknowledged annotations) for any template of any environment', () => {
    expect(process.env.CDK_VALIDATION).not.toBe('false'); // would silently skip the validator
    const app = testApp({ validation: true });
    addEnvironments(app);
    const assembly = app.synth(); // throws on errors: validateAgainstDefaultRules is on in cdk.json

    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    const findings = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    expect(findings).toEqual([]);
    const stackNames = assembly.stacksRecursively.map((s) => s.stackName);
    expect(stackNames).toHaveLength(15);
    for (const env of ['dev', 'staging', 'prod']) {
      for (const stack of ['Network', 'Alerting', 'Data', 'Web', 'Observability']) {
        expect(stackNames).toContain(`${env}-${stack}`);
      }
    }
  }, 60_000);
});
