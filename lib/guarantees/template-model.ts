/**
 * The slice of the CloudFormation template format the guarantee engine reads.
 * The engine takes plain JSON, so it judges any template: this library's, an escape-hatched
 * one, or one this library did not write.
 */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, any>;
  readonly Condition?: string;
}

/** One output of a template. */
export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
}

/** A CloudFormation template as JSON. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, CfnOutput>;
  readonly Parameters?: Record<string, Record<string, any>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Metadata?: Record<string, any>;
}

/** How bad a broken guarantee is. */
export type Severity = 'error' | 'warning';

/** One broken (or unprovable) guarantee. */
export interface Finding {
  /** Id of the check that found it, e.g. `HA-NET-001`. */
  readonly checkId: string;
  readonly severity: Severity;
  /** Name of the stack holding the resource at fault (its CloudFormation stack name). */
  readonly stack: string;
  /** Logical ID of the resource at fault. */
  readonly logicalId: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** Why the finding is accepted, when the environment acknowledges it (it is then a warning). */
  readonly acknowledged?: string;
}

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
