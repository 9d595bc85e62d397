#!/usr/bin/env node
import { existsSync, statSync } from 'fs';
import { basename, dirname, join } from 'path';
import {
  environmentOfAssemblyStacks,
  environmentOfTemplateFiles,
  environmentsOfAssembly,
  isTemplate,
  LoadedEnvironment,
  readJson,
  UnreadableInputError,
} from '../lib/guarantees/model/load-environments';
import { pairEnvironments } from '../lib/guarantees/model/region-pair';
import { checkEnvironment } from '../lib/guarantees/run-checks';
import { Finding } from '../lib/guarantees/template-model';

// cdk-ha-check: the synth-time guarantee checks, for templates in a pipeline or a repository.
// Exit codes: 0 no error finding, 1 error findings, 2 unreadable input or bad usage (one line on
// stderr, never a stack trace: a pipeline log should say what to fix, not where the CLI broke).

const USAGE = `usage: cdk-ha-check [--json] <path>...

Judges the availability guarantees (HA-* checks) of CloudFormation templates.
A path is a template file or a cloud assembly directory (cdk.out, or one Stage's assembly-*),
read through its manifest.json. Template files given together form one environment; each
Stage of an assembly is one environment, its stacks judged together. A warm standby's Stage
and its primary's, given together (a whole cdk.out, or both assembly directories), are judged
as a Region pair; given one side alone, the HA-REG checks cannot prove the pair and fail.

  --json      print the findings as JSON instead of a table
  -h, --help  print this help

Exit status: 0 no error finding, 1 error findings, 2 unreadable input or bad usage.`;

/** Usage mistakes: reported like unreadable input, in one line, exit 2. */
class UsageError extends Error {}

/** One judged environment, as printed. */
interface JudgedEnvironment {
  readonly name: string;
  readonly directory?: string;
  readonly stacks: string[];
  readonly findings: Finding[];
}

function main(args: readonly string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknownOption = args.find((a) => a.startsWith('-') && a !== '--json');
  if (unknownOption) {
    throw new UsageError(`unknown option ${unknownOption}; see cdk-ha-check --help`);
  }
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) {
    throw new UsageError('no path given; usage: cdk-ha-check [--json] <template.json | cdk.out | assembly-dir>...');
  }
  const environments = loadEnvironments(paths);
  // A warm standby and its primary, given together, are judged as a pair (HA-REG checks, ADR 0083).
  pairEnvironments(environments.map((e) => e.model));
  const judged = environments.map(({ name, directory, model }) => ({
    name,
    directory,
    stacks: model.stacks.map((s) => s.stackName),
    findings: checkEnvironment(model),
  }));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ environments: judged, ...counts(judged.flatMap((e) => e.findings)) }, undefined, 2));
  } else {
    console.log(renderTable(judged));
  }
  return judged.some((e) => e.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** Directories as assemblies (through their manifest), and every template file given as one environment. */
function loadEnvironments(paths: readonly string[]): LoadedEnvironment[] {
  const environments: LoadedEnvironment[] = [];
  const templateFiles: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      throw new UnreadableInputError(`${path}: no such file or directory`);
    }
    // A manifest named directly stands for its assembly.
    const assembly = statSync(path).isDirectory() ? path : basename(path) === 'manifest.json' ? dirname(path) : undefined;
    if (assembly === undefined) {
      templateFiles.push(path);
      continue;
    }
    if (!existsSync(join(assembly, 'manifest.json'))) {
      throw new UnreadableInputError(`${assembly}: not a cloud assembly (no manifest.json); give a template file or a synthesized cdk.out`);
    }
    const found = environmentsOfAssembly(assembly);
    if (found.length === 0) {
      throw new UnreadableInputError(`${assembly}: the cloud assembly holds no stacks; synthesize again (cdk synth '**')`);
    }
    environments.push(...found);
  }
  if (templateFiles.length > 0) {
    environments.push(
      namedByTheirManifest(templateFiles) ? environmentOfAssemblyStacks(templateFiles) : environmentOfTemplateFiles(templateFiles),
    );
  }
  return environments;
}

/**
 * Whether the template files all come from one assembly whose manifest names each of them: then
 * their stack names (which `Fn::GetStackOutput` uses) are the manifest's, not their file names.
 */
function namedByTheirManifest(templateFiles: readonly string[]): boolean {
  const directory = dirname(templateFiles[0]);
  const manifestPath = join(directory, 'manifest.json');
  if (!templateFiles.every((f) => dirname(f) === directory) || !existsSync(manifestPath)) {
    return false;
  }
  for (const file of templateFiles) {
    if (!isTemplate(readJson(file))) {
      throw new UnreadableInputError(`${file}: not a CloudFormation template (no Resources section)`);
    }
  }
  const named = Object.values<any>(readJson(manifestPath).artifacts ?? {}).map((a) => a?.properties?.templateFile);
  return templateFiles.every((f) => named.includes(basename(f)));
}

function counts(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

function renderTable(environments: readonly JudgedEnvironment[]): string {
  const lines: string[] = [];
  for (const environment of environments) {
    const { errors, warnings } = counts(environment.findings);
    const where = environment.directory ? ` (${environment.directory})` : '';
    lines.push(`${environment.name}${where}: ${environment.stacks.length} stack(s), ${errors} error(s), ${warnings} warning(s)`);
    if (environment.findings.length === 0) {
      lines.push('  every guarantee holds');
      continue;
    }
    const rows = environment.findings.map((f) => [
      f.severity === 'error' ? 'ERROR' : 'warning',
      f.checkId,
      `${f.stack}/${f.logicalId}`,
      f.acknowledged ? `${f.message} (acknowledged: ${f.acknowledged})` : f.message,
    ]);
    const header = ['SEVERITY', 'CHECK', 'RESOURCE', 'MESSAGE'];
    const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows]) {
      lines.push(`  ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ')}`);
    }
  }
  return lines.join('\n');
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UnreadableInputError || error instanceof UsageError) {
    console.error(`cdk-ha-check: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
