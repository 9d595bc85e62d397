import { StatusReport } from './verdict';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (n: number | undefined, digits: number) => (n === undefined ? '-' : `${n.toFixed(digits)}%`);

/**
 * The report as text for a terminal: verdict and reasons first, then the SLO and its budget,
 * the AZs side by side with the outliers named, and every alarm that is not OK.
 */
export function renderStatus(report: StatusReport): string {
  const lines = [`${report.environment} (${report.region}): ${report.verdict.toUpperCase()}`];
  lines.push(...report.reasons.map((r) => `  - ${r}`));
  lines.push(...report.notes.map((n) => `  note: ${n}`));

  const a = report.availability;
  if (a) {
    lines.push('');
    lines.push(`SLO        ${report.slo.availabilityPercent}% of requests without a 5xx over ${report.slo.windowDays} days`);
    lines.push(
      a.unmeasured !== undefined
        ? `measured   unknown: CloudWatch did not fully return the counts (${count(a.requests)} requests, ${count(a.errors)} 5xx read)`
        : a.availabilityPercent === undefined
          ? `measured   no requests in the last ${report.slo.windowDays} days`
          : `measured   ${percent(a.availabilityPercent, 3)} of ${count(a.requests)} requests (${count(a.errors)} answered 5xx)`,
    );
    if (a.budgetRemainingPercent !== undefined) {
      lines.push(`budget     ${percent(a.budgetRemainingPercent, 1)} remaining${a.budgetRemainingPercent <= 0 ? ' (exhausted)' : ''}`);
    }
  }

  if (report.zones.length > 0) {
    const rows = [
      [`AZ (last ${report.perAzWindowHours} h)`, 'requests', '5xx rate', 'healthy hosts', ''],
      ...report.zones.map((z) => [
        z.availabilityZone,
        count(z.requests),
        z.unmeasured !== undefined ? 'unknown' : percent(z.errorRatePercent, 2),
        z.healthyHosts === undefined ? '-' : String(z.healthyHosts),
        z.outlierReasons.length > 0 ? `<- outlier: ${z.outlierReasons.join('; ')}` : '',
      ]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    lines.push('');
    for (const row of rows) {
      lines.push(
        row
          .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : c === row.length - 1 ? cell : cell.padStart(widths[c])))
          .join('   ')
          .trimEnd(),
      );
    }
  }

  const notOk = report.alarms.filter((alarm) => alarm.state !== 'OK');
  lines.push('');
  for (const alarm of notOk) {
    lines.push(`${alarm.state.padEnd(17)}  ${alarm.name}${alarm.reason ? `: ${firstLine(alarm.reason)}` : ''}`);
  }
  lines.push(`${report.alarms.length - notOk.length} of ${report.alarms.length} alarms OK`);
  return lines.join('\n');
}

/**
 * The report as the `--json` document (schema in the README, "Live status from CloudWatch"):
 * dates as ISO strings, unknown numbers as null.
 */
export function renderStatusJson(report: StatusReport): string {
  return JSON.stringify(statusDocument(report), null, 2);
}

/** The `--json` document of one Region as an object (also each Region's part of a two-Region document). */
export function statusDocument(report: StatusReport): Record<string, unknown> {
  const a = report.availability;
  return {
    schemaVersion: 1,
    environment: report.environment,
    region: report.region,
    verdict: report.verdict,
    exitCode: report.exitCode,
    reasons: report.reasons,
    notes: report.notes,
    slo: report.slo,
    availability: a
      ? {
          from: a.from.toISOString(),
          to: a.to.toISOString(),
          requests: a.requests,
          errors: a.errors,
          availabilityPercent: a.availabilityPercent ?? null,
        }
      : null,
    budget: a
      ? {
          remainingPercent: a.budgetRemainingPercent ?? null,
          exhausted: a.budgetRemainingPercent !== undefined && a.budgetRemainingPercent <= 0,
        }
      : null,
    zones: {
      windowHours: report.perAzWindowHours,
      outliers: report.zones.filter((z) => z.outlierReasons.length > 0).map((z) => z.availabilityZone),
      byZone: report.zones.map((z) => ({
        availabilityZone: z.availabilityZone,
        requests: z.requests,
        errors: z.errors,
        errorRatePercent: z.errorRatePercent ?? null,
        healthyHosts: z.healthyHosts ?? null,
        outlierReasons: z.outlierReasons,
      })),
    },
    alarms: report.alarms.map((alarm) => ({
      name: alarm.name,
      kind: alarm.kind,
      state: alarm.state,
      reason: alarm.reason,
      updated: alarm.updated?.toISOString() ?? null,
    })),
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
