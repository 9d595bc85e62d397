import { dirname } from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { ALL_GUARANTEE_CHECKS } from './all-checks';
import { estimateOf } from './estimate/availability-policy-met';
import { GuaranteeCheck } from './guarantee-check';
import { environmentOfAssemblyStacks } from './model/load-environments';
import { pairEnvironments } from './model/region-pair';
import { regionLossAnalysisOf } from './region/region-loss-analysis';
import { writeAvailabilityReports } from './report/write-reports';
import { checkEnvironment } from './run-checks';

/**
 * Runs the availability guarantee checks at every synthesis, so that `cdk synth` fails when an
 * environment would not survive losing an AZ, whoever wrote its templates.
 *
 * ```ts
 * Validations.of(app).addPlugins(new HaGuaranteesPlugin());
 * ```
 * The stacks of one cloud assembly (one Stage: one environment) are judged together, so that facts
 * living in another stack (subnets, topics) are followed, not guessed; a warm standby's Stage and
 * its primary's are paired, and the HA-REG checks judge the two Regions together (ADR 0083). Error findings fail
 * synthesis; warnings are reported. Acknowledge one on a construct with
 * `Validations.of(scope).acknowledge({ id: 'cdk-ha-blueprint::HA-DATA-002', reason })`, or for a
 * whole environment in its profile (`acknowledgedWarnings`).
 *
 * Each environment's assembly directory also receives `availability-report.json` and
 * `availability-report.md` (placement per AZ, the AZ-loss table, the Region-loss analysis of a
 * pair, findings, acknowledgements).
 */
export class HaGuaranteesPlugin implements IPolicyValidationPlugin {
  public readonly name = 'cdk-ha-blueprint';
  public readonly version = '0.1.0';
  public readonly ruleIds: string[];

  constructor(private readonly checks: readonly GuaranteeCheck[] = ALL_GUARANTEE_CHECKS) {
    this.ruleIds = checks.map((c) => c.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const byAssembly = new Map<string, string[]>();
    for (const templatePath of context.templatePaths) {
      byAssembly.set(dirname(templatePath), [...(byAssembly.get(dirname(templatePath)) ?? []), templatePath]);
    }
    const violations: PolicyViolation[] = [];
    const environments = [...byAssembly].map(([directory, templatePaths]) => ({
      directory,
      templatePaths,
      model: environmentOfAssemblyStacks(templatePaths).model,
    }));
    // A standby and its primary are two Stages: the HA-REG checks judge them together (ADR 0083).
    pairEnvironments(environments.map((e) => e.model));
    for (const { directory, templatePaths, model } of environments) {
      const findings = checkEnvironment(model, this.checks);
      // Files of its own beside the templates; no template or manifest is touched (ADR 0041).
      writeAvailabilityReports(directory, model, findings, { estimate: estimateOf(model), regionLoss: regionLossAnalysisOf(model) });
      for (const finding of findings) {
        const templatePath =
          [...model.stacks, ...(model.regionPeer?.stacks ?? [])].find((s) => s.stackName === finding.stack)?.templatePath ??
          templatePaths[0];
        const check = this.checks.find((c) => c.id === finding.checkId);
        violations.push({
          ruleName: finding.checkId,
          description: `${finding.checkId}: ${finding.message}${finding.acknowledged ? ` (acknowledged: ${finding.acknowledged})` : ''}`,
          fix: check?.fix ?? 'Synthesize every stack of the environment from one HaStage',
          severity: finding.severity,
          violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: [] }],
        });
      }
    }
    return { success: violations.every((v) => v.severity !== 'error'), violations };
  }
}
