/**
 * The slice of the CloudFormation template format the guarantee checks read.
 * Checks take plain JSON, so they judge any template: this library's, an escape-hatched
 * one, or one this library did not write.
 */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, any>;
}

/** A CloudFormation template as JSON. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Metadata?: Record<string, any>;
}

/** How bad a broken guarantee is. */
export type Severity = 'error' | 'warning';

/** One broken guarantee in one template. */
export interface Finding {
  /** Id of the check that found it, e.g. `HA-NET-001`. */
  readonly checkId: string;
  readonly severity: Severity;
  /** Logical ID of the resource at fault. */
  readonly logicalId: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A guarantee check: a pure function of one template. */
export interface GuaranteeCheck {
  readonly id: string;
  readonly severity: Severity;
  /** The guarantee, in one line. */
  readonly rule: string;
  /** The usual fix, in one line. */
  readonly fix: string;
  check(template: CfnTemplate): Finding[];
}

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** The logical ID a `{ Ref }` or `{ Fn::GetAtt }` points at, or undefined for anything else. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      return v.Ref;
    }
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[0];
    }
  }
  return undefined;
}
