import { readFileSync } from 'fs';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { ALL_GUARANTEE_CHECKS } from './all-checks';
import { CfnTemplate, GuaranteeCheck } from './template-model';

/**
 * Runs the availability guarantee checks on every synthesized template, so that `cdk synth`
 * fails when a template would not survive losing an AZ, whoever wrote it.
 *
 * ```ts
 * Validations.of(app).addPlugins(new HaGuaranteesPlugin());
 * ```
 * Error findings fail synthesis; warning findings are reported. Acknowledge one on a construct
 * with `Validations.of(scope).acknowledge({ id: 'cdk-ha-blueprint::HA-DATA-002', reason })`.
 */
export class HaGuaranteesPlugin implements IPolicyValidationPlugin {
  public readonly name = 'cdk-ha-blueprint';
  public readonly version = '0.1.0';
  public readonly ruleIds: string[];

  constructor(private readonly checks: readonly GuaranteeCheck[] = ALL_GUARANTEE_CHECKS) {
    this.ruleIds = checks.map((c) => c.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const template: CfnTemplate = JSON.parse(readFileSync(templatePath, 'utf8'));
      for (const check of this.checks) {
        // One violation per finding: its message says what is wrong with that resource.
        for (const finding of check.check(template)) {
          violations.push({
            ruleName: check.id,
            description: `${check.id}: ${finding.message}`,
            fix: check.fix,
            severity: check.severity,
            violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: [] }],
          });
        }
      }
    }
    return { success: violations.every((v) => v.severity !== 'error'), violations };
  }
}
