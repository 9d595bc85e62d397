import { AvailabilityReportDocument, ReportedEstimate } from './report-document';
import { PlacedResource } from '../model/placement';

/**
 * The report as Markdown for a pull request or a wiki: placement per AZ as a Mermaid flowchart
 * (one subgraph per AZ), the AZ-loss table, the estimate against the policy when there is one,
 * the findings and every acknowledgement with its reason.
 */
export function renderReportMarkdown(report: AvailabilityReportDocument): string {
  const verdict = report.survivesAnyOneAzLoss ? 'survives the loss of any one AZ' : 'does **not** survive the loss of every single AZ';
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const lines = [
    `# Availability report: ${report.environment}`,
    '',
    `${report.environment} ${verdict} (${report.availabilityZones.join(', ') || 'no AZs named'}). ` +
      `Guarantee checks: ${errors} error(s), ${report.findings.length - errors} warning(s); rules: ${report.strict ? 'strict' : 'not strict'}.`,
    '',
    '## Placement per AZ',
    '',
    ...placementDiagram(report),
  ];
  if (report.unplaced.length > 0) {
    lines.push('', 'Not placed in a named AZ:', '');
    lines.push(...report.unplaced.map((u) => `- ${u.kind} ${u.stack}/${u.logicalId}${u.role ? ` (${u.role})` : ''}: ${u.why}`));
  }
  lines.push('', '## Losing one AZ', '');
  if (report.azLoss.length === 0) {
    lines.push('No AZ is named, so no loss can be analyzed.');
  } else {
    lines.push('| AZ lost | Resource | Kind | Survives | What happens |', '| --- | --- | --- | --- | --- |');
    for (const loss of report.azLoss) {
      const ordered = [...loss.impacts].sort((a, b) => Number(a.survives) - Number(b.survives));
      for (const i of ordered) {
        lines.push(row([loss.availabilityZone, `${i.stack}/${i.logicalId}`, i.kind, i.survives ? 'yes' : '**NO**', i.detail]));
      }
    }
  }
  if (report.estimate) {
    lines.push('', '## Estimate against the policy', '', ...estimateLines(report.estimate));
  }
  if (report.regionLoss) {
    lines.push('', '## Losing the primary Region', '', ...regionLossLines(report.regionLoss));
  }
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) {
    lines.push('None.');
  } else {
    lines.push('| Check | Severity | Resource | Message |', '| --- | --- | --- | --- |');
    for (const f of report.findings) {
      const severity = f.acknowledged ? `${f.severity} (acknowledged)` : f.severity;
      lines.push(row([f.checkId, severity, `${f.stack}/${f.logicalId}`, f.message]));
    }
  }
  lines.push('', '## Acknowledgements', '');
  if (report.acknowledgements.length === 0) {
    lines.push('None: every finding counts at its full severity.');
  } else {
    lines.push('| Check | Reason | Findings it covers |', '| --- | --- | --- |');
    lines.push(...report.acknowledgements.map((a) => row([a.checkId, a.reason, String(a.findings)])));
  }
  return lines.join('\n') + '\n';
}

function placementDiagram(report: AvailabilityReportDocument): string[] {
  if (report.placement.length === 0) {
    return ['No resource is placed in a named AZ.'];
  }
  const lines = ['```mermaid', 'flowchart LR'];
  let node = 0;
  report.placement.forEach(({ availabilityZone, resources }, z) => {
    lines.push(`  subgraph az${z}["${mermaidText(availabilityZone)}"]`, '    direction TB');
    if (resources.length === 0) {
      lines.push(`    n${node++}["(nothing placed)"]`);
    }
    for (const r of resources) {
      lines.push(`    n${node++}["${mermaidText(nodeLabel(r))}"]`);
    }
    lines.push('  end');
  });
  lines.push('```');
  return lines;
}

function nodeLabel(r: PlacedResource): string {
  return `${r.kind}${r.role ? ` (${r.role})` : ''}<br/>${r.stack}/${r.logicalId}`;
}

/** Mermaid labels in double quotes take HTML entities; a raw quote would end the label. */
function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;');
}

function estimateLines(estimate: ReportedEstimate): string[] {
  const meets = estimate.violations.length === 0 && estimate.compositePercent >= estimate.targetAvailabilityPercent;
  const lines = [
    `Estimated availability ${percent(estimate.compositePercent)} against a target of ${percent(estimate.targetAvailabilityPercent)}: ` +
      (meets ? 'meets the policy.' : '**does not meet the policy**.'),
  ];
  if (estimate.violations.length > 0) {
    lines.push('', ...estimate.violations.map((v) => `- ${v.message}`));
  }
  if (estimate.tiers && estimate.tiers.length > 0) {
    lines.push('', '| Tier | Component | Availability | Basis |', '| --- | --- | --- | --- |');
    lines.push(...estimate.tiers.map((t) => row([t.tier, t.name, percent(t.percent), t.basis])));
  }
  if (estimate.failureModes && estimate.failureModes.length > 0) {
    const seconds = (s?: number) => (s === undefined ? 'unbounded' : `${s} s`);
    lines.push('', '| Failure | Recovery time | Recovery point |', '| --- | --- | --- |');
    lines.push(...estimate.failureModes.map((m) => row([m.mode, seconds(m.rtoSeconds), seconds(m.rpoSeconds)])));
  }
  if (estimate.notes && estimate.notes.length > 0) {
    lines.push('', ...estimate.notes.map((n) => `- ${n}`));
  }
  return lines;
}

function regionLossLines(loss: NonNullable<AvailabilityReportDocument['regionLoss']>): string[] {
  const { estimate, policy } = loss;
  const bound = (s?: number) => (s === undefined ? 'unbounded' : `${s} s`);
  const against = (value: number | undefined, max: number | undefined) =>
    max === undefined
      ? ''
      : value !== undefined && value <= max
        ? ` (policy: at most ${max} s, met)`
        : ` (policy: at most ${max} s, **not met**)`;
  const lines = [
    `When ${loss.primary.region} is lost, ${loss.standby.name} (${loss.standby.region}) takes over from ${loss.primary.name}. ` +
      `RTO ${bound(estimate.rtoSeconds)}${against(estimate.rtoSeconds, policy?.maxRtoSeconds)}; ` +
      `RPO ${bound(estimate.rpoSeconds)}${against(estimate.rpoSeconds, policy?.maxRpoSeconds)}.`,
    '',
    '| Tier | In the standby | Serves | What happens |',
    '| --- | --- | --- | --- |',
    ...loss.tiers.map((t) => row([t.tier, t.present ? 'yes' : '**NO**', t.serves, t.detail])),
  ];
  if (estimate.capacity.length > 0) {
    lines.push(
      '',
      '| Group | Primary baseline | Standby baseline | Standby running | Standby maximum |',
      '| --- | --- | --- | --- | --- |',
    );
    const n = (v?: number) => (v === undefined ? '-' : String(v));
    lines.push(
      ...estimate.capacity.map((c) => row([c.group, n(c.primaryBaseline), n(c.standbyBaseline), n(c.standbyRunning), n(c.standbyMaximum)])),
    );
  }
  lines.push('', '| Measure | Term | Seconds | Basis |', '| --- | --- | --- | --- |');
  for (const [measure, terms] of [
    ['RTO', estimate.rtoTerms],
    ['RPO', estimate.rpoTerms],
  ] as const) {
    lines.push(...terms.map((t) => row([measure, t.term, t.seconds === undefined ? 'unbounded' : String(t.seconds), t.basis])));
  }
  return lines;
}

/** A percentage without trailing zeros: `99.95 %`, `99 %`. */
function percent(value: number): string {
  return `${Number(value.toFixed(4))} %`;
}

/** One Markdown table row; a pipe or a line break inside a cell would break the table. */
function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')).join(' | ')} |`;
}
