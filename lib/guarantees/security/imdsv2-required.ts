import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';

/** Where each kind of instance definition keeps its metadata options. */
const METADATA_OPTIONS: Record<string, (properties: Record<string, any>) => Record<string, unknown> | undefined> = {
  'AWS::EC2::LaunchTemplate': (p) => p.LaunchTemplateData?.MetadataOptions,
  'AWS::EC2::Instance': (p) => p.MetadataOptions,
  'AWS::AutoScaling::LaunchConfiguration': (p) => p.MetadataOptions,
};

/**
 * HA-SEC-003 — every launch template, launch configuration and instance requires IMDSv2.
 *
 * Why: IMDSv1 answers any request that reaches 169.254.169.254, so a server-side request forgery
 * in the application hands out the instance role's credentials.
 * How it is judged: `MetadataOptions.HttpTokens` resolves to `required` on each
 * `AWS::EC2::LaunchTemplate` (in `LaunchTemplateData`), `AWS::AutoScaling::LaunchConfiguration`
 * and `AWS::EC2::Instance`, unless `HttpEndpoint` is `disabled` (no metadata service at all).
 * Every Auto Scaling group must launch from one of those definitions in the environment's templates;
 * one named by a literal (outside the templates) cannot be proven.
 * Fix: `requireImdsv2: true` (what `HaWebService` sets).
 */
export const IMDSV2_REQUIRED: GuaranteeCheck = {
  id: 'HA-SEC-003',
  rule: 'Every launch template, launch configuration and instance requires IMDSv2 (HttpTokens: required)',
  fix: 'Set MetadataOptions.HttpTokens to required (requireImdsv2: true)',
  check(model) {
    const problems: Problem[] = [];
    for (const [type, optionsOf] of Object.entries(METADATA_OPTIONS)) {
      for (const ref of model.resources(type)) {
        const options = optionsOf(ref.resource.Properties ?? {}) ?? {};
        const tokens = model.resolve(ref.stack, options.HttpTokens);
        const endpoint = model.resolve(ref.stack, options.HttpEndpoint);
        const disabled = endpoint.kind === 'literal' && endpoint.value === 'disabled';
        if (!disabled && !(tokens.kind === 'literal' && tokens.value === 'required')) {
          const shown =
            tokens.kind === 'literal' && tokens.value !== undefined
              ? String(tokens.value)
              : tokens.kind === 'unknown'
                ? `unprovable (${tokens.why})`
                : 'unset (IMDSv1 allowed)';
          problems.push(
            problemAt(
              ref,
              `${type} ${ref.logicalId} has HttpTokens ${shown}; a request forgery could read the role's credentials. Require IMDSv2.`,
            ),
          );
        }
      }
    }
    // What a group launches must be one of the definitions judged above, not one outside the templates.
    for (const group of model.resources('AWS::AutoScaling::AutoScalingGroup')) {
      const props = group.resource.Properties ?? {};
      const specification = props.LaunchTemplate ?? props.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
      const source = specification
        ? model.resolve(group.stack, specification.LaunchTemplateId ?? specification.LaunchTemplateName)
        : props.LaunchConfigurationName !== undefined
          ? model.resolve(group.stack, props.LaunchConfigurationName)
          : model.resolve(group.stack, props.InstanceId);
      if (source.kind !== 'resource' || !(source.ref.resource.Type in METADATA_OPTIONS)) {
        problems.push(
          cannotProve(
            group,
            'IMDSv2 on its instances',
            `it launches from ${source.kind === 'literal' ? `${JSON.stringify(source.value)}, a definition outside the templates` : source.kind === 'unknown' ? source.why : 'no launch template or configuration of the environment'}`,
          ),
        );
      }
    }
    return problems;
  },
};
