/**
 * npm run bench: how long synthesis takes and how much memory it holds, each as a ratio to a
 * baseline measured in the same run on the same machine (one plain three-AZ VPC stack), so the
 * numbers compare across machines. Each case runs in a fresh Node process, three times; the
 * median time and the peak resident memory are reported.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addEnvironments, PLACEHOLDER_ACCOUNT } from '../lib';

const ROOT = join(__dirname, '..', '..');
const CONTEXT = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
const RUNS = 3;

/** What each case synthesizes, and the most it may take relative to the baseline. */
const CASES: Record<string, { build: () => App; maxTimeRatio?: number; maxMemoryRatio?: number }> = {
  baseline: {
    build: () => {
      const app = new App({ context: CONTEXT, builtinCloudFormationValidation: false });
      const stack = new Stack(app, 'Baseline', { env: { account: PLACEHOLDER_ACCOUNT, region: 'us-east-1' } });
      new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
      return app;
    },
  },
  'app (3 environments, 15 stacks, guarantees + cdk-nag)': {
    build: () => {
      const app = new App({ context: CONTEXT, builtinCloudFormationValidation: false });
      addEnvironments(app);
      return app;
    },
    // Measured 2026-11 on 2 cores: 5.5x and 1.7x; the targets leave room for noise, not for a regression.
    maxTimeRatio: 12,
    maxMemoryRatio: 2.5,
  },
  'app + CloudFormation validator (as cdk synth)': {
    build: () => {
      const app = new App({ context: CONTEXT, builtinCloudFormationValidation: true });
      addEnvironments(app);
      return app;
    },
    // Measured 2026-11: 18.6x and 4.7x; the validator alone is most of it (~5 s, ~350 MB per App).
    maxTimeRatio: 35,
    maxMemoryRatio: 6,
  },
};

function measureInThisProcess(name: string): void {
  const start = process.hrtime.bigint();
  CASES[name].build().synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

function measure(name: string): { ms: number; rssMb: number } {
  const runs = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [__filename, name], { encoding: 'utf8' })));
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

function main(): void {
  const baseline = measure('baseline');
  console.log(`baseline (one 3-AZ VPC stack): ${baseline.ms.toFixed(0)} ms, ${baseline.rssMb.toFixed(0)} MB peak`);
  let missed = 0;
  for (const [name, spec] of Object.entries(CASES).filter(([n]) => n !== 'baseline')) {
    const result = measure(name);
    const timeRatio = result.ms / baseline.ms;
    const memoryRatio = result.rssMb / baseline.rssMb;
    const ok = timeRatio <= spec.maxTimeRatio! && memoryRatio <= spec.maxMemoryRatio!;
    missed += ok ? 0 : 1;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${name}: ${result.ms.toFixed(0)} ms (${timeRatio.toFixed(1)}x baseline, target <= ${spec.maxTimeRatio}x), ` +
        `${result.rssMb.toFixed(0)} MB (${memoryRatio.toFixed(1)}x, target <= ${spec.maxMemoryRatio}x)`,
    );
  }
  process.exitCode = missed > 0 ? 1 : 0;
}

if (process.argv[2]) {
  measureInThisProcess(process.argv[2]);
} else {
  main();
}
