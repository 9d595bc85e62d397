/**
 * npm run bench: how long synthesis takes and how much memory it holds, each as a ratio to a
 * baseline measured in the same run on the same machine (one plain three-AZ VPC stack), so the
 * numbers compare across machines. Each case runs in a fresh Node process, three times; the
 * median time and the peak resident memory are reported. Then the scaling series: prod plus
 * 1, 10, 25 and 50 services, synth time per service and the bytes, resources and outputs of
 * the largest stacks against CloudFormation's limits.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addEnvironments, AWS_LIMITS, PLACEHOLDER_ACCOUNT, templateBytes } from '../lib';
import { prodWithServices } from './scale-profile';

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
  'app (3 environments, 18 stacks, guarantees + cdk-nag)': {
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

/** The scaling series: prod plus N services, each in its own stack (ADR 0060). */
const SERIES = [1, 10, 25, 50];

/** Per stack: resources, outputs and template bytes. */
type StackSizes = Record<string, { resources: number; outputs: number; bytes: number }>;

function measureSeriesInThisProcess(services: number): void {
  const start = process.hrtime.bigint();
  const app = new App({ context: CONTEXT, builtinCloudFormationValidation: false });
  addEnvironments(app, { environment: 'prod', profiles: [prodWithServices(services)] });
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stacks: StackSizes = {};
  for (const stack of assembly.stacksRecursively) {
    const template = stack.template;
    stacks[stack.stackName] = {
      resources: Object.keys(template.Resources ?? {}).length,
      outputs: Object.keys(template.Outputs ?? {}).length,
      bytes: templateBytes(template),
    };
  }
  process.stdout.write(JSON.stringify({ ms, stacks }));
}

function measureSeries(services: number): { ms: number; stacks: StackSizes } {
  const runs = Array.from({ length: RUNS }, () =>
    JSON.parse(execFileSync(process.execPath, [__filename, 'series', String(services)], { encoding: 'utf8', maxBuffer: 1 << 24 })),
  );
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], stacks: runs[0].stacks };
}

/**
 * Synth time and stack sizes as services grow. Times are ratios within this run: to N = 1, and
 * the cost of one more service to the baseline. Sizes are the largest stacks' share of
 * CloudFormation's limits.
 */
function series(baseline: { ms: number }): number {
  console.log('\nscaling series: prod + N services, each in its own stack (guarantees + cdk-nag, no CloudFormation validator)');
  const results = SERIES.map((n) => ({ n, ...measureSeries(n) }));
  const first = results[0];
  let missed = 0;
  for (const { n, ms, stacks } of results) {
    const perService = n > first.n ? (ms - first.ms) / (n - first.n) : undefined;
    const pct = (value: number, max: number) => `${((100 * value) / max).toFixed(0)}%`;
    const worst = (key: 'resources' | 'outputs' | 'bytes') => Object.entries(stacks).reduce((a, b) => (b[1][key] > a[1][key] ? b : a));
    const [rName, r] = worst('resources');
    const [oName, o] = worst('outputs');
    const [bName, b] = worst('bytes');
    const service = Object.entries(stacks).find(([name]) => name.includes('Service-'));
    const web = stacks['prod-Web'];
    const observability = stacks['prod-Observability'];
    const within =
      r.resources <= AWS_LIMITS.stackResources.max && o.outputs <= AWS_LIMITS.stackOutputs.max && b.bytes <= AWS_LIMITS.templateBytes.max;
    missed += within ? 0 : 1;
    console.log(
      `${within ? 'ok  ' : 'MISS'} N=${String(n).padStart(2)}: ${ms.toFixed(0)} ms (${(ms / first.ms).toFixed(2)}x N=1` +
        (perService !== undefined ? `, +${((100 * perService) / baseline.ms).toFixed(1)}% of baseline per service` : '') +
        `), ${Object.keys(stacks).length} stacks; ` +
        `Web ${web.resources} res ${(web.bytes / 1024).toFixed(0)} KB, Observability ${observability.resources} res ${(observability.bytes / 1024).toFixed(0)} KB` +
        (service ? `, a service stack ${service[1].resources} res ${(service[1].bytes / 1024).toFixed(0)} KB` : '') +
        `; most: ${r.resources} resources (${rName}, ${pct(r.resources, AWS_LIMITS.stackResources.max)}), ` +
        `${o.outputs} outputs (${oName}, ${pct(o.outputs, AWS_LIMITS.stackOutputs.max)}), ` +
        `${(b.bytes / 1024).toFixed(0)} KB (${bName}, ${pct(b.bytes, AWS_LIMITS.templateBytes.max)})`,
    );
  }
  return missed;
}

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
  missed += series(baseline);
  process.exitCode = missed > 0 ? 1 : 0;
}

if (process.argv[2] === 'series') {
  measureSeriesInThisProcess(Number(process.argv[3]));
} else if (process.argv[2]) {
  measureInThisProcess(process.argv[2]);
} else {
  main();
}
