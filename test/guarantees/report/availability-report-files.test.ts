import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  AvailabilityReportDocument,
  checkEnvironment,
  ENVIRONMENT_METADATA,
  environmentOfTemplateFiles,
  REPORT_JSON_FILE,
  REPORT_MARKDOWN_FILE,
  writeAvailabilityReports,
} from '../../../lib';
import { defaultAppAssembly } from '../../support/default-app';

const SINGLE_AZ = join(__dirname, '..', '..', 'fixtures', 'single-az.template.json');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'availability-report-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes the reports of the given template files into a fresh directory and reads them back. */
function reportsOf(templates: string[], estimate?: Parameters<typeof writeAvailabilityReports>[3]) {
  const { model } = environmentOfTemplateFiles(templates);
  const directory = mkdtempSync(join(scratch, 'env-'));
  const written = writeAvailabilityReports(directory, model, checkEnvironment(model), estimate);
  expect(written).toEqual([join(directory, REPORT_JSON_FILE), join(directory, REPORT_MARKDOWN_FILE)]);
  return {
    json: JSON.parse(readFileSync(written[0], 'utf8')) as AvailabilityReportDocument,
    markdown: readFileSync(written[1], 'utf8'),
  };
}

describe('availability reports of one environment', () => {
  test('a single-AZ environment shows everything in one AZ, the losses it does not survive and its findings', () => {
    const { json, markdown } = reportsOf([SINGLE_AZ]);
    expect(json).toMatchObject({ schemaVersion: 1, environment: '(templates)', strict: true, availabilityZones: ['us-east-1a'] });
    expect(json.placement).toHaveLength(1);
    expect(json.placement[0].availabilityZone).toBe('us-east-1a');
    expect(json.placement[0].resources.map((r) => `${r.kind} ${r.logicalId}`).sort()).toEqual([
      'cache-primary Cache',
      'database-writer Database',
      'load-balancer LoadBalancer',
      'nat-gateway Nat',
      'web-group WebGroup',
    ]);
    expect(json.survivesAnyOneAzLoss).toBe(false);
    expect(json.azLoss[0].impacts.find((i) => i.logicalId === 'Database')).toMatchObject({ survives: false });
    expect(new Set(json.findings.map((f) => f.checkId))).toEqual(
      new Set(['HA-WEB-001', 'HA-WEB-002', 'HA-DATA-001', 'HA-DATA-003', 'HA-DATA-004']),
    );
    expect(json.acknowledgements).toEqual([]);
    expect('estimate' in json).toBe(false);

    expect(markdown).toMatch(/^# Availability report: \(templates\)\n\n\(templates\) does \*\*not\*\* survive/);
    expect(markdown).toContain(
      '```mermaid\nflowchart LR\n  subgraph az0["us-east-1a"]\n    direction TB\n    n0["web-group<br/>single-az/WebGroup"]\n',
    );
    expect(markdown).toMatch(/^\| us-east-1a \| single-az\/Database \| database \| \*\*NO\*\* \| writer has no standby/m);
    expect(markdown).toMatch(/^\| HA-DATA-001 \| error \| single-az\/Database \| DB instance Database has no Multi-AZ standby/m);
    expect(markdown).not.toContain('## Estimate against the policy');
    expect(markdown).toMatch(/## Acknowledgements\n\nNone: every finding counts at its full severity\.\n$/);
  });

  test('every acknowledgement is listed with its reason and the findings it covers', () => {
    const template = JSON.parse(readFileSync(SINGLE_AZ, 'utf8'));
    const reason = 'the lab database holds nothing that cannot be rebuilt';
    template.Metadata = {
      [ENVIRONMENT_METADATA]: {
        name: 'lab',
        strict: false,
        availabilityZones: ['us-east-1a'],
        minimumAzs: 2,
        warningChecks: [],
        acknowledgements: [
          { checkId: 'HA-DATA-001', reason },
          { checkId: 'HA-NET-001', reason: 'one NAT gateway, on purpose' },
        ],
        externalAlarmSubscribers: [],
      },
    };
    const path = join(scratch, 'lab.template.json');
    writeFileSync(path, JSON.stringify(template));
    const { json, markdown } = reportsOf([path]);
    expect(json.acknowledgements).toEqual([
      { checkId: 'HA-DATA-001', reason, findings: 2 },
      { checkId: 'HA-NET-001', reason: 'one NAT gateway, on purpose', findings: 0 },
    ]);
    expect(json.findings.find((f) => f.checkId === 'HA-DATA-001')).toMatchObject({ severity: 'warning', acknowledged: reason });
    expect(markdown).toContain(`| HA-DATA-001 | ${reason} | 2 |`);
    expect(markdown).toMatch(/^\| HA-DATA-001 \| warning \(acknowledged\) \|/m);
  });

  test('an estimate, when given, is shown against the policy with its tiers, failure modes and violations', () => {
    const estimate = {
      compositePercent: 99.9201,
      targetAvailabilityPercent: 99.9,
      violations: [],
      tiers: [{ tier: 'database', name: 'RDS Multi-AZ', percent: 99.95, basis: 'RDS SLA, read 2026-11' }],
      failureModes: [
        { mode: 'az', rtoSeconds: 120, rpoSeconds: 0 },
        { mode: 'cachePrimary', rpoSeconds: 5 },
      ],
      notes: ['NAT gateways have no SLA'],
    };
    const meets = reportsOf([SINGLE_AZ], { estimate });
    expect(meets.json.estimate).toEqual(estimate);
    expect(meets.markdown).toContain(
      '## Estimate against the policy\n\nEstimated availability 99.9201 % against a target of 99.9 %: meets the policy.\n\n' +
        '| Tier | Component | Availability | Basis |\n| --- | --- | --- | --- |\n| database | RDS Multi-AZ | 99.95 % | RDS SLA, read 2026-11 |\n\n' +
        '| Failure | Recovery time | Recovery point |\n| --- | --- | --- |\n| az | 120 s | 0 s |\n| cachePrimary | unbounded | 5 s |\n\n' +
        '- NAT gateways have no SLA\n',
    );
    const misses = reportsOf([SINGLE_AZ], {
      estimate: {
        compositePercent: 99,
        targetAvailabilityPercent: 99.99,
        violations: [{ message: 'the database caps the composite at 99.95 %' }],
      },
    });
    expect(misses.markdown).toContain(
      'Estimated availability 99 % against a target of 99.99 %: **does not meet the policy**.\n\n- the database caps the composite at 99.95 %\n',
    );
  });
});

describe('cdk synth writes the reports into each environment of the assembly', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = defaultAppAssembly(); // synthesized once per run with the guarantees plugin, read-only
  });

  test.each(['dev', 'staging', 'prod'])('%s has availability-report.json and availability-report.md', (environment) => {
    const directory = join(outdir, `assembly-${environment}`);
    expect([REPORT_JSON_FILE, REPORT_MARKDOWN_FILE].map((f) => existsSync(join(directory, f)))).toEqual([true, true]);
    const json: AvailabilityReportDocument = JSON.parse(readFileSync(join(directory, REPORT_JSON_FILE), 'utf8'));
    expect(json.environment).toBe(environment);
    expect(readFileSync(join(directory, REPORT_MARKDOWN_FILE), 'utf8')).toMatch(new RegExp(`^# Availability report: ${environment}\\n`));
  });

  test("prod's placement puts a NAT gateway, its three groups (two web, one worker) and a load balancer node in each of its three AZs", () => {
    const json: AvailabilityReportDocument = JSON.parse(readFileSync(join(outdir, 'assembly-prod', REPORT_JSON_FILE), 'utf8'));
    expect(json.survivesAnyOneAzLoss).toBe(true);
    expect(json.placement.map((p) => p.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    for (const { resources } of json.placement) {
      const count = (kind: string) => resources.filter((r) => r.kind === kind).length;
      expect([
        count('nat-gateway'),
        count('web-group'),
        count('load-balancer'),
        count('database-reader') + count('cache-primary') + count('cache-replica') > 0,
      ]).toEqual([1, 3, 1, true]);
    }
    // RDS chooses where a Multi-AZ writer and its standby run: the report says so rather than guessing.
    expect(json.unplaced).toEqual([expect.objectContaining({ kind: 'database-writer', why: expect.stringMatching(/RDS chooses/) })]);
    expect(json.findings).toEqual([]);
  });

  test('a resource whose AZ the templates given cannot prove is listed as not placed, with the reason', () => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'assembly-prod', 'manifest.json'), 'utf8'));
    const web = Object.values<any>(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack' && /Web/.test(a.displayName));
    // The web stack alone: its subnets live in the network stack, which is not given.
    const { json, markdown } = reportsOf([join(outdir, 'assembly-prod', web.properties.templateFile)]);
    expect(json.placement.every((p) => p.resources.length === 0)).toBe(true);
    expect(json.unplaced.map((u) => u.kind).sort()).toEqual(['load-balancer', 'web-group', 'web-group']);
    expect(json.unplaced.every((u) => u.why.length > 0)).toBe(true);
    expect(markdown).toMatch(/^- load-balancer prodWeb\w+\/WebLoadBalancer\w+: /m);
  });

  test("dev's report lists its acknowledgement with the reason from its profile", () => {
    const json: AvailabilityReportDocument = JSON.parse(readFileSync(join(outdir, 'assembly-dev', REPORT_JSON_FILE), 'utf8'));
    expect(json.acknowledgements).toEqual([{ checkId: 'HA-NET-001', reason: expect.stringMatching(/^dev accepts/), findings: 1 }]);
    expect(json.survivesAnyOneAzLoss).toBe(false);
  });
});
