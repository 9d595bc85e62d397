import { readFileSync } from 'fs';
import { join } from 'path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { capturingIo, deployedWorld, serveWorld, singleRegion, withStandby } from './support/status-world';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments, CAPACITY_PLAN_METADATA, DEV, HaStandbyStage, PROD, STAGING } from '../../lib';
import { testApp } from '../support/test-app';
import { USAGE_EXIT_CODE } from '../../lib/ops/verdict';
import { runStatusCommand } from '../../lib/ops/status-command';

// Every cdk-ha-status command the failover runbook tells an operator to type must parse and run:
// a runbook whose commands fail with a usage error during an incident is worse than none.

const RUNBOOK = join(__dirname, '..', '..', 'docs', 'runbooks', 'region-failover.md');
const cloudwatch = mockClient(CloudWatchClient);
// The runbook's environments: prod and staging with a us-west-2 standby (the drill), dev alone.
const PROFILES = [singleRegion(DEV), withStandby(STAGING), withStandby(PROD)];

/** The arguments of every `npx cdk-ha-status ...` in the runbook's shell blocks, up to a pipe, a comment or a closing `)`. */
function runbookCommands(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    [...block.matchAll(/npx cdk-ha-status([^|#)\n]*)/g)].map((m) => m[1].trim().split(/\s+/).filter(Boolean)),
  );
}

const commands = runbookCommands(readFileSync(RUNBOOK, 'utf8'));

test('the runbook gives the status commands of detection, fencing, verification and the drill', () => {
  expect(commands.map((args) => args.join(' '))).toEqual(
    expect.arrayContaining(['prod', 'prod --json', 'prod-us-west-2', 'staging', 'staging --json --timeout 20', 'staging-us-west-2']),
  );
});

test.each(commands.map((args) => [args.join(' '), args]))('`cdk-ha-status %s` parses and runs against CloudWatch', async (_, args) => {
  cloudwatch.reset();
  serveWorld(cloudwatch, deployedWorld());
  const io = capturingIo();
  const code = await runStatusCommand(args as string[], PROFILES, io);
  expect(io.stderr).toEqual([]);
  expect(code).not.toBe(USAGE_EXIT_CODE);
  if ((args as string[]).includes('--json')) {
    expect(() => JSON.parse(io.stdout.join('\n'))).not.toThrow();
  }
});

test('a command the parser refuses would fail this suite: a misspelt flag is a usage error', async () => {
  const io = capturingIo();
  expect(await runStatusCommand(['prod', '--jsn'], PROFILES, io)).toBe(USAGE_EXIT_CODE);
  expect(runbookCommands('```sh\nnpx cdk-ha-status prod --jsn | jq .\n```')).toEqual([['prod', '--jsn']]);
});

test('`--help` parses and documents every exit code the runbook relies on', async () => {
  const io = capturingIo();
  expect(await runStatusCommand(['--help'], PROFILES, io)).toBe(0);
  for (const code of ['0   healthy', '1   degraded', '2   impaired', '3   cannot tell', '4   failed over', '5   down']) {
    expect(io.stdout.join('\n')).toContain(code);
  }
});

test("the fields the runbook's jq filters read are in the --json document", async () => {
  const markdown = readFileSync(RUNBOOK, 'utf8');
  const paths = [...markdown.matchAll(/cdk-ha-status [^|\n]*--json \| jq (?:-r )?'?([^'\n)]+)'?/g)].flatMap((m) =>
    m[1].startsWith('{')
      ? [...m[1].matchAll(/(?:: *|[{,] *)(\.[\w.]+)|[{,] *(\w+)(?=[,}])/g)].map((p) => p[1] ?? `.${p[2]}`)
      : [m[1].trim()],
  );
  expect(paths).toEqual(expect.arrayContaining(['.endpointHealth.primary.healthCheckId', '.replicaLag.state', '.serving']));
  cloudwatch.reset();
  serveWorld(cloudwatch, deployedWorld());
  const io = capturingIo();
  await runStatusCommand(['prod', '--json'], PROFILES, io);
  const doc = JSON.parse(io.stdout.join('\n'));
  for (const path of paths) {
    const value = path
      .slice(1)
      .split('.')
      .reduce<any>((node, key) => node?.[key], doc);
    expect([path, value]).toEqual([path, expect.anything()]);
  }
});

test("step 4's lookup holds: the standby's groups have the primary's logical ids, and the primary's template gives each group's minimum", () => {
  const app = testApp();
  const [primary] = addEnvironments(app, { profiles: [withStandby(PROD)] });
  const standby = app.node.findChild('prod-us-west-2') as HaStandbyStage;
  const groups = (stack: Stack) => Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup');
  const primaryGroups = groups(primary.webStack);
  expect(Object.keys(groups(standby.webStack)).sort()).toEqual(Object.keys(primaryGroups).sort());
  // What the runbook's jq reads: the capacity plan's minimum, which is the group's MinSize.
  for (const group of Object.values(primaryGroups)) {
    expect(String(group.Metadata[CAPACITY_PLAN_METADATA].minimum)).toBe(String(group.Properties.MinSize));
  }
  expect(Object.keys(primaryGroups).length).toBeGreaterThan(0);
});
