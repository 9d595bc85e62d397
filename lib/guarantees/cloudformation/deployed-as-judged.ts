import { GuaranteeCheck, Problem, problemAt } from '../guarantee-check';

/** Resource types that deploy templates of their own (a module expands into resources at deploy time too). */
const DEPLOYS_OTHER_TEMPLATES = [
  'AWS::CloudFormation::Stack',
  'AWS::CloudFormation::StackSet',
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
];

/** Transforms that rewrite a template before CloudFormation deploys it, so the judged text is not what runs. */
const REWRITES = 'Fn::Transform';

/**
 * HA-CFN-003 — what CloudFormation deploys is exactly what the checks judged.
 *
 * Why: the checks read the templates as written. A resource with a `Condition` may or may not be
 * created (a subscriber, a replica or a route that never exists; a port opened only in some
 * deployments); a nested stack (`AWS::CloudFormation::Stack`) deploys a template the checks never
 * read; a transform (`Transform`, `Fn::Transform`, `AWS::Include`, a macro) rewrites the
 * template before it runs. Each would be judged by text that is not what gets deployed.
 * How it is judged: every resource with a `Condition`, every nested stack, every `Fn::Transform`
 * anywhere and any template-level `Transform` is a finding "cannot prove". Conditional resources
 * are also left out of every other check's facts, so nothing conditional counts in their favour.
 * Fix: decide at synth time (a CDK `if` instead of a CloudFormation condition), put the nested
 * stack's resources in the environment's own stacks, and expand transforms before judging.
 */
export const DEPLOYED_AS_JUDGED: GuaranteeCheck = {
  id: 'HA-CFN-003',
  rule: 'No resource is conditional, nested or transformed: CloudFormation deploys what the checks judged',
  fix: 'Decide at synth time instead of with a Condition; keep resources out of nested stacks and transforms',
  check(model) {
    const problems: Problem[] = [];
    for (const stack of model.stacks) {
      const transform = (stack.template as { Transform?: unknown }).Transform;
      if (transform !== undefined) {
        problems.push({
          stack: stack.stackName,
          logicalId: '(template)',
          message: `cannot prove any guarantee for ${stack.stackName}: its Transform ${JSON.stringify(transform)} rewrites the template before it is deployed.`,
        });
      }
      if (JSON.stringify(stack.template.Resources ?? {}).includes(`"${REWRITES}"`)) {
        problems.push({
          stack: stack.stackName,
          logicalId: '(template)',
          message: `cannot prove any guarantee for ${stack.stackName}: an ${REWRITES} in its resources inserts or rewrites content the checks never read.`,
        });
      }
    }
    for (const ref of model.allResources()) {
      if (ref.resource.Condition !== undefined) {
        problems.push(
          problemAt(
            ref,
            `cannot prove what ${ref.logicalId} (${ref.resource.Type}) adds or takes away: it exists only when condition ${ref.resource.Condition} holds at deploy time.`,
          ),
        );
      } else if (DEPLOYS_OTHER_TEMPLATES.includes(ref.resource.Type) || ref.resource.Type.endsWith('::MODULE')) {
        problems.push(
          problemAt(
            ref,
            `cannot prove the guarantees of ${ref.logicalId} (${ref.resource.Type}): what it deploys is not among the templates judged.`,
          ),
        );
      }
    }
    return problems;
  },
};
