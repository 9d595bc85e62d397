import { ALL_GUARANTEE_CHECKS } from './all-checks';
import { GuaranteeCheck } from './guarantee-check';
import { EnvironmentModel } from './model/environment-model';
import { ENVIRONMENT_METADATA } from './model/environment-settings';
import { Finding } from './template-model';

/**
 * Runs checks over one environment and returns every finding with the severity the environment
 * gives it: errors, except checks a non-strict environment lists as warnings, findings it
 * acknowledges (each with its reason), and findings about parts it declares not built yet
 * (`Problem.pending`), which become warnings that say why.
 */
export function checkEnvironment(model: EnvironmentModel, checks: readonly GuaranteeCheck[] = ALL_GUARANTEE_CHECKS): Finding[] {
  const { settings } = model;
  const findings: Finding[] = [];
  if (model.settingsProblem) {
    // Disagreeing declarations could relax one stack's judgement; the strict defaults apply, and this says why.
    findings.push({
      checkId: 'HA-ENV-001',
      severity: 'error',
      stack: model.stacks[0]?.stackName ?? '',
      logicalId: ENVIRONMENT_METADATA,
      message: `cannot prove which rules apply: ${model.settingsProblem}. Synthesize every stack of the environment from one HaStage.`,
    });
  }
  for (const check of checks) {
    const acknowledgement = settings.strict ? undefined : settings.acknowledgements.find((a) => a.checkId === check.id);
    const warns = !settings.strict && settings.warningChecks.includes(check.id);
    for (const { pending, ...problem } of check.check(model)) {
      const accepted = acknowledgement?.reason ?? (pending !== undefined ? `declared not built yet: ${pending}` : undefined);
      findings.push({
        checkId: check.id,
        severity: accepted !== undefined || warns ? 'warning' : 'error',
        ...problem,
        ...(accepted !== undefined ? { acknowledged: accepted } : {}),
      });
    }
  }
  return findings;
}
