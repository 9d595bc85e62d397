import { CfnTemplate, Finding, GuaranteeCheck, resourcesOfType } from '../template-model';

/**
 * HA-SEC-003 — every launch template and instance requires IMDSv2.
 *
 * Why: IMDSv1 answers any request that reaches 169.254.169.254, so a server-side request forgery
 * in the application hands out the instance role's credentials.
 * How it is judged: `MetadataOptions.HttpTokens` is `required` on each `AWS::EC2::LaunchTemplate`
 * (in `LaunchTemplateData`) and each `AWS::EC2::Instance`.
 * Fix: `requireImdsv2: true` (what `HaWebService` sets).
 */
export const IMDSV2_REQUIRED: GuaranteeCheck = {
  id: 'HA-SEC-003',
  severity: 'error',
  rule: 'Every launch template and instance requires IMDSv2 (HttpTokens: required)',
  fix: 'Set MetadataOptions.HttpTokens to required (requireImdsv2: true)',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    const candidates = [
      ...resourcesOfType(template, 'AWS::EC2::LaunchTemplate').map(
        ([id, r]) => [id, r.Properties?.LaunchTemplateData?.MetadataOptions] as const,
      ),
      ...resourcesOfType(template, 'AWS::EC2::Instance').map(([id, r]) => [id, r.Properties?.MetadataOptions] as const),
    ];
    for (const [logicalId, options] of candidates) {
      if (options?.HttpTokens !== 'required') {
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId,
          message: `${logicalId} has HttpTokens ${options?.HttpTokens ?? 'unset (IMDSv1 allowed)'}; a request forgery could read the role's credentials. Require IMDSv2.`,
        });
      }
    }
    return findings;
  },
};
