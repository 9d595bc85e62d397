import { ENDPOINT_HEALTH_REGION, EndpointHealthReading } from './endpoint-health';
import { RegionsReport } from './failover-verdict';
import { renderStatus, statusDocument } from './render-status';

/**
 * A two-Region report as text: the verdict over both and which Region serves first, then the
 * Route 53 health of each Region and the replica's lag (the RPO), then each Region's own report.
 */
export function renderRegions(report: RegionsReport): string {
  const primary = report.primary.report;
  const standby = report.standby.report;
  const servingRegion = report.serving === 'primary' ? ` (${primary.region})` : report.serving === 'standby' ? ` (${standby.region})` : '';
  const lines = [
    `${report.environment} (${primary.region}, standby ${standby.environment} in ${standby.region}): ${report.verdict.toUpperCase()}`,
    `  serving: ${report.serving}${servingRegion}: ${report.servingReason}`,
  ];
  lines.push(...report.reasons.map((r) => `  - ${r}`));
  lines.push(...report.notes.map((n) => `  note: ${n}`));

  const endpoint = (role: string, region: string, reading: EndpointHealthReading) => [
    role,
    region,
    reading.alarmName,
    reading.state,
    reading.health,
    reading.healthCheckId ?? '-',
  ];
  const rows = [
    ['Route 53', 'Region', `health-check alarm (in ${ENDPOINT_HEALTH_REGION})`, 'state', 'endpoint', 'health check'],
    endpoint('primary', primary.region, report.primaryEndpoint),
    endpoint('standby', standby.region, report.standbyEndpoint),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  lines.push('');
  for (const row of rows) {
    lines.push(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('   ')
        .trimEnd(),
    );
  }
  const lag = report.replicaLag;
  const lagText =
    lag.state === 'OK'
      ? `OK: the replica is at most ${lag.maxLagSeconds} s behind (the Region-loss RPO holds)`
      : lag.state === 'ALARM'
        ? `ALARM: RPO at risk, the replica is more than ${lag.maxLagSeconds} s behind or not replicating`
        : lag.state === 'not-built'
          ? 'no replica yet (secondaryRegion.sourceDatabaseInstanceArn not set)'
          : `${lag.state}: lag unknown`;
  lines.push(`replica lag   ${lag.alarmName} (${standby.region}): ${lagText}`);

  for (const [role, regionReport] of [
    ['primary', primary],
    ['standby', standby],
  ] as const) {
    lines.push('', `== ${role} ==`, renderStatus(regionReport));
  }
  return lines.join('\n');
}

/** A two-Region report as the `--json` document (schema in docs/guarantees.md, "Both Regions of an environment"). */
export function renderRegionsJson(report: RegionsReport): string {
  const primary = report.primary.report;
  const standby = report.standby.report;
  const endpoint = (reading: EndpointHealthReading) => ({
    alarmName: reading.alarmName,
    state: reading.state,
    health: reading.health,
    reason: reading.reason,
    updated: reading.updated?.toISOString() ?? null,
    healthCheckId: reading.healthCheckId ?? null,
  });
  const lag = report.replicaLag;
  return JSON.stringify(
    {
      schemaVersion: 1,
      environment: report.environment,
      region: primary.region,
      standby: { environment: standby.environment, region: standby.region },
      verdict: report.verdict,
      exitCode: report.exitCode,
      serving: report.serving,
      servingRegion: report.serving === 'primary' ? primary.region : report.serving === 'standby' ? standby.region : null,
      servingReason: report.servingReason,
      reasons: report.reasons,
      notes: report.notes,
      endpointHealth: {
        region: ENDPOINT_HEALTH_REGION,
        primary: endpoint(report.primaryEndpoint),
        standby: endpoint(report.standbyEndpoint),
      },
      replicaLag: {
        alarmName: lag.alarmName,
        region: standby.region,
        state: lag.state,
        maxLagSeconds: lag.maxLagSeconds,
        rpoAtRisk: lag.state === 'ALARM' || lag.state === 'not-built' ? true : lag.state === 'OK' ? false : null,
        reason: lag.reason,
      },
      regions: { primary: statusDocument(primary), standby: statusDocument(standby) },
    },
    null,
    2,
  );
}
