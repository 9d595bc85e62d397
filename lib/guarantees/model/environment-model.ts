import {
  DEFAULT_ENVIRONMENT_SETTINGS,
  ENVIRONMENT_METADATA,
  EnvironmentSettings,
  MANAGED_METADATA,
  ManagedKind,
} from './environment-settings';
import { isUnknown, Resolved, ResourceRef, StackTemplate, Unknown } from './resolved';

/** Deeper than any reference chain this library writes; a longer one is taken for a cycle. */
const MAX_DEPTH = 32;

const PSEUDO_PARAMETERS_UNKNOWN = ['AWS::AccountId', 'AWS::StackId', 'AWS::StackName', 'AWS::NotificationARNs', 'AWS::URLSuffix'];

/**
 * All templates of one environment joined into one graph: references are followed across stacks
 * (`Ref`, `Fn::GetAtt`, `Fn::GetStackOutput`, `Fn::ImportValue`), so that a fact which lives in
 * another stack (a subnet's AZ, a topic's subscriptions) is read where it is written instead of
 * being guessed.
 *
 * Facts only: the checks (judgements) read it through `facts.ts` and live in their own files.
 * Whatever it cannot follow comes back as `unknown` with the reason, never as a guess.
 */
export class EnvironmentModel {
  /** The environment's declared settings (or the strict defaults), and any problem reading them. */
  public readonly settings: EnvironmentSettings;
  /** Why the settings could not be trusted, when the stacks disagree about them. */
  public readonly settingsProblem?: string;
  private readonly byName = new Map<string, StackTemplate>();
  private peer?: EnvironmentModel;
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();

  constructor(
    /** The environment's stacks. */
    public readonly stacks: readonly StackTemplate[],
    /** The region the stacks deploy to, when known; resolves `AWS::Region`. */
    public readonly region?: string,
    /** The AWS account the stacks deploy to, when known (from the cloud assembly's manifest). */
    public readonly account?: string,
  ) {
    const duplicates: string[] = [];
    for (const stack of stacks) {
      if (this.byName.has(stack.stackName)) {
        duplicates.push(stack.stackName);
      }
      this.byName.set(stack.stackName, stack);
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = output.Export ? this.resolve(stack, output.Export.Name) : undefined;
        if (name?.kind === 'literal' && typeof name.value === 'string') {
          this.exports.set(name.value, { stack, value: output.Value });
        }
      }
    }
    const declared = stacks.map((s) => s.template.Metadata?.[ENVIRONMENT_METADATA]).filter((m) => m !== undefined);
    const distinct = new Set(declared.map((m) => JSON.stringify(m)));
    if (duplicates.length > 0) {
      // Cross-stack references name stacks; two of one name cannot be told apart.
      this.settingsProblem = `two or more stacks are named ${duplicates[0]}, so references to it are ambiguous`;
    } else if (distinct.size > 1) {
      this.settingsProblem = `the stacks declare ${distinct.size} different environment settings under ${ENVIRONMENT_METADATA}`;
    } else if (declared.length > 0 && declared.length < stacks.length) {
      // A declaration in some stacks only would relax the environment from one stack's metadata.
      this.settingsProblem = `${declared.length} of ${stacks.length} stacks declare the environment's settings under ${ENVIRONMENT_METADATA}; the others do not`;
    }
    // Stacks that disagree are judged by the strict defaults: a relaxation must be declared everywhere.
    this.settings =
      distinct.size === 1 && !this.settingsProblem ? { ...DEFAULT_ENVIRONMENT_SETTINGS, ...declared[0] } : DEFAULT_ENVIRONMENT_SETTINGS;
  }

  /**
   * The other environment of its Region pair (the primary of a standby, the standby of a primary),
   * once `pairEnvironments` has found it among the environments judged together; undefined until
   * then, or when its templates were not given.
   */
  public get regionPeer(): EnvironmentModel | undefined {
    return this.peer;
  }

  /** Joins this environment to the other side of its Region pair (see `pairEnvironments`). */
  public pairWith(peer: EnvironmentModel): void {
    this.peer = peer;
  }

  /** The environment's name, as declared, or the given default. */
  public get name(): string {
    return this.settings.name;
  }

  /**
   * Every resource of one type, in every stack, that CloudFormation surely creates. A resource with
   * a `Condition` may not exist, so it provides nothing (no subscriber, replica or route counts);
   * HA-CFN-003 reports it as unproven, so that what it might add is not missed either.
   */
  public resources(type: string): ResourceRef[] {
    return this.allResources().filter((r) => r.resource.Type === type && r.resource.Condition === undefined);
  }

  /** Every resource of every stack, conditional ones included. */
  public allResources(): ResourceRef[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([logicalId, r]) => !logicalId.startsWith('Fn::') && r && typeof r === 'object')
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  /** The resources the library says it made, with their kind (from each stack's metadata). */
  public managed(kind: ManagedKind): Array<{ stack: StackTemplate; logicalId: string }> {
    return this.stacks.flatMap((stack) =>
      Object.entries<string>(stack.template.Metadata?.[MANAGED_METADATA] ?? {})
        .filter(([, k]) => k === kind)
        .map(([logicalId]) => ({ stack, logicalId })),
    );
  }

  /** Follows every reference in a value, across stacks. */
  public resolve(stack: StackTemplate, value: unknown, depth = 0): Resolved {
    if (depth > MAX_DEPTH) {
      return unknown('the reference chain is too deep (a cycle?)');
    }
    if (value === null || typeof value !== 'object') {
      return { kind: 'literal', value };
    }
    if (Array.isArray(value)) {
      const items = this.resolveList(stack, value, depth);
      return Array.isArray(items) ? literalList(items) : items;
    }
    const keys = Object.keys(value);
    const fn = keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? keys[0] : undefined;
    if (!fn) {
      return containsIntrinsic(value) ? unknown('an object with intrinsic functions inside it') : { kind: 'literal', value };
    }
    const arg = (value as Record<string, unknown>)[fn];
    switch (fn) {
      case 'Ref':
        return this.resolveRef(stack, arg);
      case 'Fn::GetAtt':
        return this.resolveGetAtt(stack, arg);
      case 'Fn::GetStackOutput':
        return this.followStackOutput(stack, arg, depth, (target, v) => this.resolve(target, v, depth + 1));
      case 'Fn::ImportValue':
        return this.followImport(stack, arg, depth, (target, v) => this.resolve(target, v, depth + 1));
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') {
          return unknown('a malformed Fn::Join');
        }
        const parts = this.resolveList(stack, arg[1], depth);
        if (!Array.isArray(parts)) {
          return parts;
        }
        const bad = parts.find((p) => p.kind !== 'literal' || typeof p.value === 'object');
        return bad
          ? unknown(`Fn::Join over ${bad.kind === 'unknown' ? bad.why : 'a reference'}`)
          : { kind: 'literal', value: parts.map((p) => String((p as any).value)).join(arg[0]) };
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) {
          return unknown('a malformed Fn::Select');
        }
        const index = this.resolve(stack, arg[0], depth + 1);
        const list = this.resolveList(stack, arg[1], depth);
        if (index.kind !== 'literal' || !/^\d+$/.test(String(index.value))) {
          return unknown('Fn::Select with an index that is not a number');
        }
        if (!Array.isArray(list)) {
          return list;
        }
        return list[Number(index.value)] ?? unknown(`Fn::Select index ${index.value} is past the end of a ${list.length}-item list`);
      }
      case 'Fn::Sub':
        return typeof arg === 'string' && !arg.includes('${') ? { kind: 'literal', value: arg } : unknown('Fn::Sub with variables');
      case 'Fn::If':
        return unknown('Fn::If: the value depends on a condition evaluated at deploy time');
      default:
        return unknown(`${fn} is not followed by the model`);
    }
  }

  /** Follows a value that should be a list: an array, `Fn::Split` of a literal or of a `Fn::Join`, across stacks. */
  public resolveList(stack: StackTemplate, value: unknown, depth = 0): Resolved[] | Unknown {
    if (depth > MAX_DEPTH) {
      return unknown('the reference chain is too deep (a cycle?)');
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => this.resolve(stack, item, depth + 1));
      // AWS::NoValue inside a list removes the item.
      return items.filter((i) => i.kind !== 'noValue');
    }
    if (value && typeof value === 'object' && 'Fn::Split' in value) {
      const [delimiter, source] = ((value as Record<string, unknown>)['Fn::Split'] as [string, unknown]) ?? [];
      const raw = this.follow(stack, source, depth);
      if (raw && typeof raw.value === 'object' && raw.value !== null && 'Fn::Join' in raw.value) {
        const [joinDelimiter, parts] = (raw.value as Record<string, [string, unknown]>)['Fn::Join'];
        if (joinDelimiter === delimiter) {
          return this.resolveList(raw.stack, parts, depth + 1);
        }
      }
      const whole = this.resolve(stack, source, depth + 1);
      return whole.kind === 'literal' && typeof whole.value === 'string'
        ? whole.value.split(delimiter).map((v) => ({ kind: 'literal', value: v }))
        : unknown(`Fn::Split over ${whole.kind === 'unknown' ? whole.why : 'a value that is not a string'}`);
    }
    for (const via of ['Fn::GetStackOutput', 'Fn::ImportValue'] as const) {
      if (value && typeof value === 'object' && via in value) {
        const follow = via === 'Fn::GetStackOutput' ? this.followStackOutput : this.followImport;
        return follow.call(this, stack, (value as Record<string, unknown>)[via], depth, (target: StackTemplate, v: unknown) =>
          this.resolveList(target, v, depth + 1),
        ) as Resolved[] | Unknown;
      }
    }
    const single = this.resolve(stack, value, depth + 1);
    return single.kind === 'literal' && Array.isArray(single.value)
      ? single.value.map((v) => ({ kind: 'literal', value: v }))
      : unknown(`a list was expected, found ${single.kind === 'unknown' ? single.why : single.kind}`);
  }

  /** The raw expression a cross-stack reference stands for, with the stack it belongs to. */
  private follow(stack: StackTemplate, value: unknown, depth: number): { stack: StackTemplate; value: unknown } | undefined {
    if (depth > MAX_DEPTH || !value || typeof value !== 'object') {
      return { stack, value };
    }
    const via = 'Fn::GetStackOutput' in value ? this.followStackOutput : 'Fn::ImportValue' in value ? this.followImport : undefined;
    if (via) {
      const arg = (value as any)['Fn::GetStackOutput'] ?? (value as any)['Fn::ImportValue'];
      const followed = via.call(this, stack, arg, depth, (target: StackTemplate, v: unknown) => this.follow(target, v, depth + 1)) as
        { stack: StackTemplate; value: unknown } | Unknown | undefined;
      return followed === undefined || isUnknown(followed) ? undefined : followed;
    }
    return { stack, value };
  }

  private followStackOutput<T>(
    stack: StackTemplate,
    arg: any,
    depth: number,
    then: (target: StackTemplate, value: unknown) => T,
  ): T | Unknown {
    const stackName = this.resolve(stack, arg?.StackName, depth + 1);
    const outputName = this.resolve(stack, arg?.OutputName, depth + 1);
    if (stackName.kind !== 'literal' || outputName.kind !== 'literal') {
      return unknown('Fn::GetStackOutput with a stack or output name that is not literal');
    }
    if (arg?.RoleArn !== undefined) {
      return unknown(`Fn::GetStackOutput reads stack ${stackName.value} through a role (RoleArn), possibly in another account`);
    }
    const region = arg?.Region === undefined ? undefined : this.resolve(stack, arg.Region, depth + 1);
    if (region !== undefined && region.kind !== 'literal') {
      return unknown(`Fn::GetStackOutput reads stack ${stackName.value} in a region that is not known at synth time`);
    }
    const target = this.byName.get(String(stackName.value));
    if (!target) {
      return unknown(`stack ${stackName.value} (named by Fn::GetStackOutput) is not among this environment's templates`);
    }
    // Without Region, CloudFormation reads the stack in the reader's own Region.
    const readsIn = region === undefined ? this.regionOf(stack) : String(region.value);
    const targetRegion = this.regionOf(target);
    if (region !== undefined && targetRegion === undefined) {
      return unknown(`Fn::GetStackOutput reads stack ${stackName.value} in ${readsIn}, and the environment's region is not known`);
    }
    if (readsIn !== undefined && targetRegion !== undefined && readsIn !== targetRegion) {
      return unknown(
        `Fn::GetStackOutput reads stack ${stackName.value} in ${readsIn}, but this environment's ${stackName.value} is in ${targetRegion}`,
      );
    }
    const output = target.template.Outputs?.[String(outputName.value)];
    if (output && (output as { Condition?: string }).Condition !== undefined) {
      return unknown(`output ${outputName.value} of stack ${stackName.value} exists only when its Condition holds`);
    }
    if (!output) {
      return unknown(`stack ${stackName.value} has no output ${outputName.value}`);
    }
    return then(target, output.Value);
  }

  private followImport<T>(
    stack: StackTemplate,
    arg: unknown,
    depth: number,
    then: (target: StackTemplate, value: unknown) => T,
  ): T | Unknown {
    const name = this.resolve(stack, arg, depth + 1);
    if (name.kind !== 'literal') {
      return unknown('Fn::ImportValue of a name that is not literal');
    }
    const exported = this.exports.get(String(name.value));
    return exported ? then(exported.stack, exported.value) : unknown(`no stack of this environment exports ${name.value}`);
  }

  /** The Region a stack deploys to: its own when the assembly says, else the environment's. */
  public regionOf(stack: StackTemplate): string | undefined {
    return stack.region ?? this.region;
  }

  private resolveRef(stack: StackTemplate, name: unknown): Resolved {
    if (typeof name !== 'string') {
      return unknown('a Ref to a name that is not a string');
    }
    if (name === 'AWS::NoValue') {
      return { kind: 'noValue' };
    }
    if (name === 'AWS::Region') {
      const region = this.regionOf(stack);
      return region ? { kind: 'literal', value: region } : unknown('AWS::Region, and the environment has no region');
    }
    if (name === 'AWS::Partition') {
      return { kind: 'literal', value: 'aws' };
    }
    if (PSEUDO_PARAMETERS_UNKNOWN.includes(name)) {
      return unknown(`${name} is known only at deploy time`);
    }
    const resource = stack.template.Resources?.[name];
    if (resource) {
      return { kind: 'resource', ref: { stack, logicalId: name, resource } };
    }
    if (stack.template.Parameters?.[name]) {
      return unknown(`parameter ${name} of ${stack.stackName} may take any value at deploy time`);
    }
    return unknown(`Ref to ${name}, which ${stack.stackName} does not define`);
  }

  private resolveGetAtt(stack: StackTemplate, arg: unknown): Resolved {
    const [logicalId, attribute] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split(/\.(.*)/s) : [];
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
      return unknown('a malformed Fn::GetAtt');
    }
    const resource = stack.template.Resources?.[logicalId];
    return resource
      ? { kind: 'resource', ref: { stack, logicalId, resource }, attribute }
      : unknown(`Fn::GetAtt of ${logicalId}, which ${stack.stackName} does not define`);
  }
}

function unknown(why: string): Unknown {
  return { kind: 'unknown', why };
}

function literalList(items: Resolved[]): Resolved {
  const bad = items.find((i) => i.kind !== 'literal');
  return bad
    ? unknown(bad.kind === 'unknown' ? bad.why : 'a list holding references')
    : { kind: 'literal', value: items.map((i) => (i as any).value) };
}

function containsIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(containsIntrinsic);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k === 'Ref' || k.startsWith('Fn::') || containsIntrinsic(v));
  }
  return false;
}
