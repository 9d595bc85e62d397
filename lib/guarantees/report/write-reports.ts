import { writeFileSync } from 'fs';
import { join } from 'path';
import { renderReportMarkdown } from './render-markdown';
import { availabilityReportDocument, ReportDocumentOptions } from './report-document';
import { EnvironmentModel } from '../model/environment-model';
import { Finding } from '../template-model';

/** File name of the JSON report in an environment's assembly directory. */
export const REPORT_JSON_FILE = 'availability-report.json';
/** File name of the Markdown report in an environment's assembly directory. */
export const REPORT_MARKDOWN_FILE = 'availability-report.md';

/**
 * Writes `availability-report.json` and `availability-report.md` for one environment into its
 * assembly directory (beside its templates and `manifest.json`), replacing any earlier ones.
 *
 * @param findings what `checkEnvironment` found in the environment
 * @returns the paths written
 */
export function writeAvailabilityReports(
  directory: string,
  model: EnvironmentModel,
  findings: readonly Finding[],
  options: ReportDocumentOptions = {},
): string[] {
  const report = availabilityReportDocument(model, findings, options);
  const json = join(directory, REPORT_JSON_FILE);
  const markdown = join(directory, REPORT_MARKDOWN_FILE);
  writeFileSync(json, JSON.stringify(report, undefined, 2) + '\n');
  writeFileSync(markdown, renderReportMarkdown(report));
  return [json, markdown];
}
