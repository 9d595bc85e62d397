import { parseArgs } from 'node:util';
import { EnvironmentProfile } from '../config/environment-profile';
import { standbyName, standbyProfile } from '../config/standby-profile';

/** The overall deadline when `--timeout` is not given, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** The per-AZ view's window when `--hours` is not given: the last hour is what on-call acts on. */
export const DEFAULT_HOURS = 1;
/** 1-minute data lasts 15 days; two weeks is the longest per-AZ window. */
const MAX_HOURS = 336;
const MAX_TIMEOUT_SECONDS = 600;
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** A validated command line. */
export interface StatusOptions {
  /** The environment named on the command line (a standby's own profile when a standby is named). */
  readonly profile: EnvironmentProfile;
  /**
   * The warm standby's profile when the named environment has one (`secondaryRegion`): the run
   * then reads both Regions and which one Route 53 answers with.
   *
   * @default - none: one Region
   */
  readonly standby?: EnvironmentProfile;
  /** The Region read (the primary's, with a standby). */
  readonly region: string;
  readonly hours: number;
  readonly timeoutSeconds: number;
  readonly json: boolean;
}

/** What the command line asks for. */
export type ParsedCommandLine =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'run'; readonly options: StatusOptions };

/** The `--help` text: usage, options with their defaults, and the exit codes. */
export function helpText(profiles: readonly EnvironmentProfile[]): string {
  const standbys = profiles.filter((p) => p.secondaryRegion).map(standbyName);
  const standbyLine =
    standbys.length > 0
      ? `\n${profiles
          .filter((p) => p.secondaryRegion)
          .map((p) => `${p.name} has a warm standby (${standbyName(p)}): it reads both Regions and says which one serves.`)
          .join('\n')}\nName a standby (${standbys.join(', ')}) to read it alone, as one Region.\n`
      : '';
  return `usage: cdk-ha-status <${profiles.map((p) => p.name).join('|')}> [--region REGION] [--hours N] [--timeout SECONDS] [--json]

Reads a deployed environment's alarms and load-balancer metrics from CloudWatch and prints a
verdict a pipeline can gate on. Credentials come from the usual AWS chain (AWS_PROFILE,
AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, a role); AWS_ENDPOINT_URL_CLOUDWATCH overrides
the endpoint.
${standbyLine}
options:
  --region REGION     region to read (default: the environment's own, from its profile; not
                      with a standby, whose Regions come from the profile)
  --hours N           window of the per-AZ view, in hours (default ${DEFAULT_HOURS}, at most ${MAX_HOURS})
  --timeout SECONDS   overall deadline (default ${DEFAULT_TIMEOUT_SECONDS}); past it, exit 3 naming what timed out
  --json              print a JSON document instead of the table (schema in the README)
  -h, --help          print this help and exit 0

exit codes:
  0   healthy
  1   degraded: redundancy lost, or the error budget burning or exhausted while users are served;
      with a standby also: the standby unhealthy, or its replica behind (RPO at risk)
  2   impaired: users are affected now
  3   cannot tell: no credentials, CloudWatch unreachable, slow or throttling past retries,
      or nothing deployed under the environment's names in that region; with a standby also:
      which Region serves, or whether the standby could take over, is unknown
  4   failed over: the standby Region serves (environments with a standby only)
  5   down: both Regions fail their Route 53 health checks (environments with a standby only)
  64  usage error`;
}

/** Parses and validates the command line; never throws. */
export function parseCommandLine(argv: string[], profiles: readonly EnvironmentProfile[]): ParsedCommandLine {
  const names = profiles.map((p) => p.name).join(', ');
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        region: { type: 'string' },
        hours: { type: 'string' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    // Node's messages name the option: "Unknown option '--jsn'", "Option '--hours <value>' argument missing".
    return { kind: 'usage-error', message: `${(error as Error).message.split(/\.(?:\s|$)/)[0]}; see --help` };
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { kind: 'help', text: helpText(profiles) };
  }
  if (positionals.length !== 1) {
    return {
      kind: 'usage-error',
      message:
        positionals.length === 0 ? `name an environment: one of ${names}` : `one environment at a time, not ${positionals.join(' ')}`,
    };
  }
  const primary = profiles.find((p) => p.name === positionals[0]);
  const standbyOf = profiles.find((p) => p.secondaryRegion && standbyName(p) === positionals[0]);
  const profile = primary ?? (standbyOf ? standbyProfile(standbyOf) : undefined);
  if (!profile) {
    return { kind: 'usage-error', message: `unknown environment '${positionals[0]}'; choose one of: ${names}` };
  }

  const problems: string[] = [];
  const number = (option: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) {
      return fallback;
    }
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
      problems.push(`--${option} ${raw} is not a number above 0 and at most ${max}`);
    }
    return value;
  };
  const hours = number('hours', values.hours, DEFAULT_HOURS, MAX_HOURS);
  const timeoutSeconds = number('timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
  const region = values.region ?? profile.region;
  if (profile.secondaryRegion && values.region !== undefined) {
    problems.push(
      `--region does not apply to ${profile.name}, which has a standby in ${profile.secondaryRegion.region}: '${profile.name}' reads both Regions, '${standbyName(profile)}' the standby alone`,
    );
  } else if (!REGION_PATTERN.test(region)) {
    problems.push(`--region ${region} is not an AWS region name such as us-east-1`);
  }
  if (problems.length > 0) {
    return { kind: 'usage-error', message: problems.join('; ') };
  }
  const options: StatusOptions = { profile, region, hours, timeoutSeconds, json: values.json ?? false };
  return { kind: 'run', options: profile.secondaryRegion ? { ...options, standby: standbyProfile(profile) } : options };
}
