import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AWS_LIMITS } from './aws-limits';
import { checkAtSynth, checkLimit } from './check-limit';
import { templateBytes } from '../guarantees/cloudformation/template-limits';

const FIX = 'Place services in their own stacks (ServicePlacement.OWN_STACK, docs/adr/0060), or split the stack';

/**
 * Judges a stack against CloudFormation's per-stack limits at synth, once its template is final
 * (cross-stack outputs included): resources, outputs and template bytes, a warning from 80 % and
 * an error above the limit. The guarantee HA-CFN-004 judges the written templates the same way.
 */
export function checkStackLimitsAtSynth(stack: Stack): void {
  checkAtSynth(stack, () => {
    const where = `stack '${stack.stackName}'`;
    const own = (c: IConstruct) => Stack.of(c) === stack;
    const constructs = stack.node.findAll().filter(own);
    checkLimit(stack, AWS_LIMITS.stackResources, constructs.filter(CfnResource.isCfnResource).length, where, FIX);
    checkLimit(stack, AWS_LIMITS.stackOutputs, constructs.filter((c) => c instanceof CfnOutput).length, where, FIX);
    // The template as `cdk synth` will write it; rendered once more here, which costs a few
    // percent of synth time (measured by npm run bench's scaling series).
    const template = (stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation();
    checkLimit(stack, AWS_LIMITS.templateBytes, templateBytes(template), where, FIX);
  });
}
