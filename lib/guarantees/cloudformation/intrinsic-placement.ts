import {
  CONDITION_FUNCTIONS,
  EXPORT_NAME_FUNCTIONS,
  INTRINSIC_SUPPORT,
  IntrinsicArgument,
  IntrinsicSupport,
  RULE_FUNCTIONS,
  RULE_SUPPORT,
  VALUE_FUNCTIONS,
} from './intrinsic-support';
import { GuaranteeCheck } from '../guarantee-check';
import { CfnTemplate } from '../template-model';

/** The template sections this check reads beyond {@link CfnTemplate}'s Resources. */
interface TemplateSections {
  readonly Resources?: Record<string, Record<string, unknown>>;
  readonly Outputs?: Record<string, Record<string, unknown>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Rules?: Record<string, { RuleCondition?: unknown; Assertions?: Array<Record<string, unknown>> }>;
  readonly Parameters?: Record<string, unknown>;
  readonly Mappings?: Record<string, unknown>;
  readonly Transform?: string | string[];
}

/** One function found where the documentation does not list it. */
interface Misplacement {
  readonly path: string;
  readonly fn: string;
  readonly parent: string;
  readonly allowed: readonly string[];
  readonly reason: 'not-listed' | 'unknown' | 'needs-transform' | 'shares-object';
}

/** Resource keys whose values are names, not values CloudFormation resolves. */
const RESOURCE_NAME_KEYS = new Set(['Type', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Version']);

/**
 * HA-CFN-001 — every intrinsic function sits where CloudFormation documents it as supported.
 *
 * Why: CloudFormation resolves nested functions only in the arguments their parent's page lists;
 * anything else fails the deploy (or the change set) of a template that synthesized cleanly.
 * Weak cross-stack references make this real: aws-cdk-lib writes `Fn::GetStackOutput` wherever a
 * token from another stack is used, including inside `Fn::Split` when a metric's dimension is
 * derived from an ARN, and `Fn::Split` does not accept it.
 * How it is judged: every value of Resources (properties, metadata, policies), Outputs (value,
 * export name), Conditions, Rules, Parameters and Mappings is walked; each single-key object whose
 * key is `Ref` or `Fn::*` (or `Condition` inside condition functions) is a function call, and it must
 * be in the list {@link INTRINSIC_SUPPORT} gives for the argument it sits in. Fails closed: an
 * unknown `Fn::*` key, a function key sharing its object with other keys, and a
 * LanguageExtensions function without that transform are findings too.
 * Fix: compute the value with a function the argument accepts, or publish the exact value from the
 * stack where it is local (for cross-stack values: an output of `LoadBalancerFullName`, not a split ARN).
 */
export const INTRINSIC_PLACEMENT: GuaranteeCheck = {
  id: 'HA-CFN-001',
  rule: 'Every intrinsic function is nested only where CloudFormation documents it as supported',
  fix: 'Use a function the parent accepts, or publish the exact value (e.g. a full name, not a split ARN) as an output',
  check(model) {
    return model.stacks.flatMap((stack) => misplacedIntrinsics(stack.template).map((p) => ({ stack: stack.stackName, ...p })));
  },
};

/** Every intrinsic function of one template nested where its parent does not accept it, by logical ID (or output, condition, rule name). */
export function misplacedIntrinsics(template: CfnTemplate): Array<{ logicalId: string; message: string }> {
  const t = template as unknown as TemplateSections;
  const transforms = t.Transform === undefined ? [] : [t.Transform].flat();
  const walker = new IntrinsicWalker(transforms.includes('AWS::LanguageExtensions'));
  const findings: Array<{ logicalId: string; message: string }> = [];
  const report = (logicalId: string, where: string, found: Misplacement[]) => {
    for (const m of found) {
      findings.push({ logicalId, message: describe(where, m) });
    }
  };

  for (const [logicalId, resource] of Object.entries(t.Resources ?? {})) {
    if (logicalId.startsWith('Fn::ForEach::') && walker.languageExtensions) {
      continue; // expanded by the transform before anything resolves; its body is checked after expansion
    }
    for (const [key, value] of Object.entries(resource ?? {})) {
      if (!RESOURCE_NAME_KEYS.has(key)) {
        report(logicalId, `Resource ${logicalId}`, walker.walk(value, `Resources/${logicalId}/${key}`, VALUE_FUNCTIONS, `resource ${key}`));
      }
    }
  }
  for (const [logicalId, output] of Object.entries(t.Outputs ?? {})) {
    const where = `Output ${logicalId}`;
    report(logicalId, where, walker.walk(output?.Value, `Outputs/${logicalId}/Value`, VALUE_FUNCTIONS, 'an output Value'));
    const exportName = (output?.Export as Record<string, unknown> | undefined)?.Name;
    report(logicalId, where, walker.walk(exportName, `Outputs/${logicalId}/Export/Name`, EXPORT_NAME_FUNCTIONS, 'an output Export Name'));
    report(logicalId, where, walker.walk(output?.Description, `Outputs/${logicalId}/Description`, [], 'an output Description'));
  }
  for (const [name, condition] of Object.entries(t.Conditions ?? {})) {
    report(name, `Condition ${name}`, walker.walk(condition, `Conditions/${name}`, CONDITION_FUNCTIONS, 'a condition'));
  }
  const ruleWalker = new IntrinsicWalker(walker.languageExtensions, RULE_SUPPORT);
  for (const [name, rule] of Object.entries(t.Rules ?? {})) {
    const where = `Rule ${name}`;
    report(name, where, ruleWalker.walk(rule?.RuleCondition, `Rules/${name}/RuleCondition`, RULE_FUNCTIONS, 'a RuleCondition'));
    (rule?.Assertions ?? []).forEach((assertion, i) =>
      report(name, where, ruleWalker.walk(assertion?.Assert, `Rules/${name}/Assertions/${i}/Assert`, RULE_FUNCTIONS, 'an Assert')),
    );
  }
  for (const section of ['Parameters', 'Mappings'] as const) {
    for (const [name, value] of Object.entries(t[section] ?? {})) {
      report(name, `${section.slice(0, -1)} ${name}`, walker.walk(value, `${section}/${name}`, [], `the ${section} section`));
    }
  }
  return findings;
}

/** Walks one value and returns every function nested where its parent does not accept it. */
class IntrinsicWalker {
  constructor(
    public readonly languageExtensions: boolean,
    private readonly table: Readonly<Record<string, IntrinsicSupport>> = INTRINSIC_SUPPORT,
  ) {}

  /**
   * @param allowed functions accepted at this position
   * @param parent what the position is, for the message (`Fn::Split (source string)`)
   */
  public walk(value: unknown, path: string, allowed: readonly string[], parent: string): Misplacement[] {
    if (Array.isArray(value)) {
      return value.flatMap((v, i) => this.walk(v, `${path}/${i}`, allowed, parent));
    }
    if (value === null || typeof value !== 'object') {
      return [];
    }
    const entries = Object.entries(value as Record<string, unknown>);
    const fn = entries.length === 1 ? entries[0][0] : undefined;
    if (fn !== undefined && isFunctionKey(fn, allowed)) {
      return this.call(fn, entries[0][1], `${path}/${fn}`, allowed, parent);
    }
    return entries.flatMap(([key, v]) => {
      const keyPath = `${path}/${key}`;
      const sharesObject: Misplacement[] =
        key.startsWith('Fn::') && !(key.startsWith('Fn::ForEach::') && this.languageExtensions)
          ? [{ path: keyPath, fn: key, parent, allowed, reason: 'shares-object' }]
          : [];
      return [...sharesObject, ...this.walk(v, keyPath, allowed, parent)];
    });
  }

  private call(fn: string, argument: unknown, path: string, allowed: readonly string[], parent: string): Misplacement[] {
    const support = this.table[fn];
    if (!support) {
      return [{ path, fn, parent, allowed, reason: 'unknown' }];
    }
    const found: Misplacement[] = [];
    if (!allowed.includes(fn)) {
      found.push({ path, fn, parent, allowed, reason: 'not-listed' });
    }
    if (support.needsLanguageExtensions && !this.languageExtensions) {
      found.push({ path, fn, parent, allowed, reason: 'needs-transform' });
    }
    const covered = new Set<string>();
    for (const arg of support.arguments) {
      const functions =
        arg.functions === 'inherit' ? allowed.filter((f) => (support.restrictsInherited ?? [f]).includes(f)) : arg.functions;
      const label = `${fn} (${arg.name})`;
      for (const [value, at] of select(argument, arg)) {
        covered.add(at);
        found.push(...this.argument(value, at === '' ? path : `${path}/${at}`, functions, arg.elements ?? functions, label));
      }
    }
    // Positions no documented argument covers accept no functions: fail closed.
    if (argument !== null && typeof argument === 'object') {
      for (const [key, value] of Object.entries(argument as Record<string, unknown>)) {
        if (!covered.has(key) && !covered.has('')) {
          found.push(...this.walk(value, `${path}/${key}`, [], `${fn} (undocumented argument ${key})`));
        }
      }
    }
    return found;
  }

  /** One argument: a call is judged by `functions`; the members of a literal list or map by `elements`. */
  private argument(
    value: unknown,
    path: string,
    functions: readonly string[],
    elements: readonly string[],
    parent: string,
  ): Misplacement[] {
    if (value === null || typeof value !== 'object') {
      return [];
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (!Array.isArray(value) && entries.length === 1 && isFunctionKey(entries[0][0], functions)) {
      return this.walk(value, path, functions, parent);
    }
    return entries.flatMap(([key, v]) => this.walk(v, `${path}/${key}`, elements, `${parent} element`));
  }
}

/** The values an argument spec selects from a call's argument, each with its path segment ('' for the whole). */
function select(argument: unknown, arg: IntrinsicArgument): Array<[unknown, string]> {
  if (arg.at === 'value') {
    return [[argument, '']];
  }
  if (arg.at === 'every') {
    return Array.isArray(argument) ? argument.map((v, i): [unknown, string] => [v, String(i)]) : [[argument, '']];
  }
  if (typeof arg.at === 'number') {
    return Array.isArray(argument) && arg.at < argument.length ? [[argument[arg.at], String(arg.at)]] : [];
  }
  const key = arg.at;
  return argument !== null && typeof argument === 'object' && !Array.isArray(argument) && key in argument
    ? [[(argument as Record<string, unknown>)[key], key]]
    : [];
}

/** `Ref` and `Fn::*` are always calls; `Condition` only where condition functions are accepted. */
function isFunctionKey(key: string, allowed: readonly string[]): boolean {
  return key === 'Ref' || key.startsWith('Fn::') || (key === 'Condition' && allowed.includes('Condition'));
}

function describe(where: string, m: Misplacement): string {
  const documented = m.allowed.length > 0 ? `only ${m.allowed.join(', ')}` : 'no function (a literal value)';
  switch (m.reason) {
    case 'unknown':
      return `${where}: ${m.fn} at ${m.path} is not an intrinsic function CloudFormation documents, so the template fails to deploy. Fix the spelling, or expand the macro or transform that defines it before checking.`;
    case 'needs-transform':
      return `${where}: ${m.fn} at ${m.path} exists only under the AWS::LanguageExtensions transform, which this template does not declare. Add the transform or compute the value another way.`;
    case 'shares-object':
      return `${where}: ${m.fn} at ${m.path} shares its object with other keys; a function call must be the only key of its object. Move the other keys out.`;
    default:
      return `${where}: ${m.fn} is nested in ${m.parent} at ${m.path}, where CloudFormation documents ${documented}; the deploy may fail. ${fixFor(m.fn)}`;
  }
}

function fixFor(fn: string): string {
  if (fn === 'Fn::GetStackOutput') {
    return 'Publish the exact value this needs as its own output of the producing stack and reference that output whole (e.g. the LoadBalancerFullName or TargetGroupFullName attribute instead of splitting an ARN), or build this resource in the stack where the value is local.';
  }
  return `Compute the value with a function this argument accepts, or a literal, or publish it ready-made from the stack where it is local (see ${INTRINSIC_SUPPORT[fn]?.source ?? RULE_SUPPORT[fn]?.source ?? 'the intrinsic function reference'}).`;
}
