import { AWS_LIMITS, AwsLimit } from '../../limits/aws-limits';
import { GuaranteeCheck, Problem } from '../guarantee-check';

/**
 * The size of a template as `cdk synth` writes it (JSON with one-space indentation), in bytes:
 * what CloudFormation receives from S3.
 */
export function templateBytes(template: unknown): number {
  return Buffer.byteLength(JSON.stringify(template, undefined, 1), 'utf8');
}

/**
 * HA-CFN-004 — every stack deploys within CloudFormation's per-stack limits.
 *
 * Why: a stack over 500 resources, 200 outputs or 1 MB of template is refused by CloudFormation
 * when it is deployed, typically when one more service is added in a hurry; the environment
 * cannot then change at all until resources move to another stack (limits and sources in
 * lib/limits/aws-limits.ts, read 2026-11-29).
 * How it is judged: counts each template's `Resources`, `Outputs`, `Parameters` and `Mappings` and measures its JSON as
 * written by `cdk synth`; over a limit is a finding. (The library's own stacks also warn from
 * 80 %, at synth, with the acknowledgeable warning `cdk-ha-blueprint:limit:<limit>`.)
 * Fix: move services into their own stacks (`ServicePlacement.OWN_STACK`, docs/adr/0060), or
 * split the stack.
 */
export const TEMPLATE_LIMITS: GuaranteeCheck = {
  id: 'HA-CFN-004',
  rule: 'Every stack holds at most 500 resources, 200 outputs, 200 parameters, 200 mappings and 1 MB of template',
  fix: 'Place services in their own stacks (ServicePlacement.OWN_STACK), or split the stack',
  check(model) {
    const problems: Problem[] = [];
    for (const stack of model.stacks) {
      const counts: Array<[AwsLimit, number]> = [
        [AWS_LIMITS.stackResources, Object.keys(stack.template.Resources ?? {}).length],
        [AWS_LIMITS.stackOutputs, Object.keys(stack.template.Outputs ?? {}).length],
        [AWS_LIMITS.stackParameters, Object.keys(stack.template.Parameters ?? {}).length],
        [AWS_LIMITS.stackMappings, Object.keys((stack.template as { Mappings?: object }).Mappings ?? {}).length],
        [AWS_LIMITS.templateBytes, templateBytes(stack.template)],
      ];
      for (const [limit, count] of counts) {
        if (count > limit.max) {
          problems.push({
            stack: stack.stackName,
            logicalId: stack.stackName,
            message: `${stack.stackName} has ${count} ${limit.what}, over the limit of ${limit.max} (${limit.source}); CloudFormation refuses the deploy. ${TEMPLATE_LIMITS.fix}.`,
          });
        }
      }
    }
    return problems;
  },
};
