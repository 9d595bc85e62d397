import { CfnResource, CfnTemplate } from '../template-model';

/** One stack of an environment: its template and the names other stacks reach it by. */
export interface StackTemplate {
  /** The CloudFormation stack name (`prod-Network`), which `Fn::GetStackOutput` names. */
  readonly stackName: string;
  /** The cloud-assembly artifact id or file the template came from, for messages. */
  readonly artifactId: string;
  /** Path of the template file, when it was read from one. */
  readonly templatePath?: string;
  readonly template: CfnTemplate;
  /**
   * The Region this stack deploys to, when the assembly says: a Stage's stacks may sit in more
   * than one (a standby's us-east-1 endpoint-health stack, docs/adr/0082).
   *
   * @default - the environment's Region
   */
  readonly region?: string;
}

/** A resource of the environment, with the stack that holds it. */
export interface ResourceRef {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

/**
 * What a template value turns out to be once every reference in it is followed, across stacks.
 *
 * - `literal`: a plain JSON value, with no intrinsic function left in it;
 * - `resource`: a resource's `Ref` (no attribute) or one of its `Fn::GetAtt` attributes;
 * - `noValue`: `AWS::NoValue`, so the property is absent;
 * - `unknown`: something the model cannot follow, with the reason. Checks never treat it as a
 *   pass: they report "cannot prove ...".
 */
export type Resolved =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'resource'; readonly ref: ResourceRef; readonly attribute?: string }
  | { readonly kind: 'noValue' }
  | { readonly kind: 'unknown'; readonly why: string };

/** A value that the model could not follow. */
export type Unknown = Extract<Resolved, { kind: 'unknown' }>;

/** Whether a resolution failed. */
export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && (value as Resolved).kind === 'unknown';
}

/** A short, stable rendering of a resolved value for messages. */
export function describeResolved(value: Resolved): string {
  switch (value.kind) {
    case 'literal':
      return JSON.stringify(value.value);
    case 'resource':
      return `${value.ref.stack.stackName}/${value.ref.logicalId}${value.attribute ? `.${value.attribute}` : ''}`;
    case 'noValue':
      return 'AWS::NoValue';
    case 'unknown':
      return `an unresolvable value (${value.why})`;
  }
}
