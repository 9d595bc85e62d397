import { existsSync, readFileSync, realpathSync } from 'fs';
import { basename, dirname, join } from 'path';
import { EnvironmentModel } from './environment-model';
import { StackTemplate } from './resolved';
import { CfnTemplate } from '../template-model';

/** Input the engine cannot read: a missing file, JSON that does not parse, a manifest that does not describe an assembly. */
export class UnreadableInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableInputError';
  }
}

/** One environment found in a cloud assembly or a set of templates. */
export interface LoadedEnvironment {
  /** The Stage's name (`prod`), or the assembly's directory name for top-level stacks. */
  readonly name: string;
  /** The assembly directory holding the environment's templates, when read from one. */
  readonly directory?: string;
  readonly model: EnvironmentModel;
}

/** Reads a JSON file, or says in one line why it cannot. */
export function readJson(path: string): any {
  if (!existsSync(path)) {
    throw new UnreadableInputError(`${path}: no such file`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UnreadableInputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Whether a parsed file is a CloudFormation template (it has a Resources map). */
export function isTemplate(value: unknown): value is CfnTemplate {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as CfnTemplate).Resources === 'object';
}

/** One environment from loose template files: each file is a stack named by its `Metadata` stack name or its file name. */
export function environmentOfTemplateFiles(paths: readonly string[], region?: string): LoadedEnvironment {
  const stacks: StackTemplate[] = paths.map((path) => {
    const template = readJson(path);
    if (!isTemplate(template)) {
      throw new UnreadableInputError(`${path}: not a CloudFormation template (no Resources section)`);
    }
    const stackName = basename(path).replace(/\.template\.json$|\.json$/, '');
    return { stackName, artifactId: stackName, templatePath: path, template };
  });
  const model = new EnvironmentModel(stacks, region);
  return { name: model.name, model };
}

/**
 * Every environment of a cloud assembly, read through its `manifest.json` (never by listing
 * folders, which may hold stale templates): the assembly's own stacks form one environment, and
 * each nested assembly (one per Stage) another.
 */
export function environmentsOfAssembly(directory: string, seen: ReadonlySet<string> = new Set()): LoadedEnvironment[] {
  const real = existsSync(directory) ? realpathSync(directory) : directory;
  if (seen.has(real)) {
    throw new UnreadableInputError(`${directory}: a nested assembly points back at an assembly already read`);
  }
  const manifest = readJson(join(directory, 'manifest.json'));
  if (!manifest || typeof manifest.artifacts !== 'object') {
    throw new UnreadableInputError(`${join(directory, 'manifest.json')}: not a cloud assembly manifest (no artifacts)`);
  }
  const environments: LoadedEnvironment[] = [];
  const stacks: StackTemplate[] = [];
  let account: string | undefined;
  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const templatePath = join(directory, artifact.properties?.templateFile ?? '');
      const template = readJson(templatePath);
      if (!isTemplate(template)) {
        throw new UnreadableInputError(`${templatePath}: not a CloudFormation template (no Resources section)`);
      }
      stacks.push({
        stackName: artifact.properties?.stackName ?? artifactId,
        artifactId: artifact.displayName ?? artifactId,
        templatePath,
        template,
        region: regionOf(artifact.environment),
      });
      account = accountOf(artifact.environment) ?? account;
    } else if (artifact.type === 'cdk:cloud-assembly') {
      environments.push(
        ...environmentsOfAssembly(join(directory, artifact.properties?.directoryName ?? artifactId), new Set([...seen, real])),
      );
    }
  }
  if (stacks.length > 0) {
    const model = new EnvironmentModel(stacks, mainRegion(stacks), account);
    environments.unshift({
      name: model.settings.name === '(templates)' ? basename(directory).replace(/^assembly-/, '') : model.name,
      directory,
      model,
    });
  }
  return environments;
}

/** The environment of the stacks of one assembly directory that a validation run was given. */
export function environmentOfAssemblyStacks(templatePaths: readonly string[]): LoadedEnvironment {
  const directory = dirname(templatePaths[0]);
  const manifestPath = join(directory, 'manifest.json');
  const artifacts: Record<string, any> = existsSync(manifestPath) ? (readJson(manifestPath).artifacts ?? {}) : {};
  let account: string | undefined;
  const stacks: StackTemplate[] = templatePaths.map((templatePath) => {
    const [artifactId, artifact] =
      Object.entries(artifacts).find(
        ([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile === basename(templatePath),
      ) ?? [];
    account = accountOf(artifact?.environment) ?? account;
    const stackName = artifact?.properties?.stackName ?? artifactId ?? basename(templatePath).replace(/\.template\.json$/, '');
    return {
      stackName,
      artifactId: artifact?.displayName ?? stackName,
      templatePath,
      template: readJson(templatePath) as CfnTemplate,
      region: regionOf(artifact?.environment),
    };
  });
  const model = new EnvironmentModel(stacks, mainRegion(stacks), account);
  return { name: model.settings.name === '(templates)' ? basename(directory).replace(/^assembly-/, '') : model.name, directory, model };
}

/**
 * The environment's Region: the one most of its stacks deploy to (a Stage's own), since a Stage may
 * hold a stack elsewhere (a standby's us-east-1 endpoint-health stack, docs/adr/0082).
 */
function mainRegion(stacks: readonly StackTemplate[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { region } of stacks) {
    if (region !== undefined) {
      counts.set(region, (counts.get(region) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The account of a manifest environment (`aws://123456789012/us-east-1`), unless CDK left it unknown. */
function accountOf(environment: unknown): string | undefined {
  const match = typeof environment === 'string' ? /^aws:\/\/(\d{12})\/[a-z0-9-]+$/.exec(environment) : null;
  return match ? match[1] : undefined;
}

function regionOf(environment: unknown): string | undefined {
  const match = typeof environment === 'string' ? /^aws:\/\/[^/]*\/([a-z0-9-]+)$/.exec(environment) : null;
  return match && match[1] !== 'unknown-region' ? match[1] : undefined;
}
