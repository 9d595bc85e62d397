import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { parseCommandLine, StatusOptions } from './cli-args';
import { CREDENTIALS_STEP, describeFailure } from './cli-errors';
import { cloudWatchEndpoint, createCloudWatchClient } from './cloudwatch-client';
import { Deadline } from './deadline';
import {
  ENDPOINT_HEALTH_REGION,
  endpointHealthAlarmName,
  fetchEndpointHealth,
  replicaLagAlarmName,
  unreadableEndpointHealth,
} from './endpoint-health';
import { judgeRegions, RegionRead, RegionsReport, replicaLagView } from './failover-verdict';
import { readRegion, RegionTarget, unreadableReport } from './read-region';
import { renderRegions, renderRegionsJson } from './render-regions';
import { renderStatus, renderStatusJson } from './render-status';
import { EXIT_CODES, USAGE_EXIT_CODE } from './verdict';
import { EnvironmentProfile } from '../config/environment-profile';
import { DEFAULT_THRESHOLDS } from '../monitoring/monitoring-thresholds';

/** Where the command writes, and how it makes its CloudWatch clients: the seams tests use. */
export interface StatusIo {
  /** One block of stdout (a line break is added). */
  readonly out: (text: string) => void;
  /** One block of stderr (a line break is added). */
  readonly err: (text: string) => void;
  /**
   * Makes the CloudWatch client of one Region.
   *
   * @default createCloudWatchClient
   */
  readonly createClient?: (region: string, deadlineSeconds: number) => CloudWatchClient;
  /**
   * The current time, rounded down to the minute by the command.
   *
   * @default - the clock
   */
  readonly now?: () => Date;
}

/** The default replica-lag threshold of HaCrossRegionReplica (5 minutes), in seconds. */
const DEFAULT_MAX_REPLICA_LAG_SECONDS = 300;

/** `cdk-ha-status <env> ...` from argv to exit code; never throws. */
export async function runStatusCommand(argv: string[], profiles: readonly EnvironmentProfile[], io: StatusIo): Promise<number> {
  const command = parseCommandLine(argv, profiles);
  if (command.kind === 'help') {
    io.out(command.text);
    return 0;
  }
  if (command.kind === 'usage-error') {
    io.err(`cdk-ha-status: ${command.message}`);
    return USAGE_EXIT_CODE;
  }
  const { options } = command;
  const clients = new Map<string, CloudWatchClient>();
  // One client per Region: the endpoint-health alarms share the primary's when it is us-east-1.
  const clientOf = (region: string) => {
    if (!clients.has(region)) {
      clients.set(region, (io.createClient ?? createCloudWatchClient)(region, options.timeoutSeconds));
    }
    return clients.get(region)!;
  };
  const started = Date.now();
  const deadline = new Deadline(options.timeoutSeconds);
  try {
    // Resolved first, on their own, so that a slow or missing credential source is named as such.
    const client = clientOf(options.region);
    await deadline.run(CREDENTIALS_STEP, () => client.config.credentials());
    const now = new Date(Math.floor((io.now?.() ?? new Date()).getTime() / 60_000) * 60_000);
    if (!options.standby) {
      const report = await readRegion(client, deadline, { ...targetOf(options.profile), region: options.region }, now, options.hours);
      io.out(options.json ? renderStatusJson(report) : renderStatus(report));
      return report.exitCode;
    }
    const report = await readBothRegions(options, options.standby, clientOf, now, Date.now() - started);
    io.out(options.json ? renderRegionsJson(report) : renderRegions(report));
    return report.exitCode;
  } catch (error) {
    const message = describeFailure(error, {
      region: options.region,
      endpoint: cloudWatchEndpoint(options.region),
      step: deadline.currentStep,
    });
    io.err(message.replace(/^/gm, 'cdk-ha-status: '));
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            schemaVersion: 1,
            environment: options.profile.name,
            region: options.region,
            verdict: 'unknown',
            exitCode: 3,
            reasons: [message.split('\n')[0]],
          },
          null,
          2,
        ),
      );
    }
    return EXIT_CODES.unknown;
  } finally {
    deadline.dispose();
  }
}

/** What the CLI reads of one environment's profile. */
function targetOf(profile: EnvironmentProfile, exclude?: (alarmName: string) => boolean): RegionTarget {
  return {
    environment: profile.name,
    region: profile.region,
    slo: { availabilityPercent: profile.monitoring.slo.availabilityPercent, windowDays: profile.monitoring.slo.window.toDays() },
    availabilityZones: profile.availabilityZones,
    outlierPoints: profile.monitoring.thresholds.azOutlier5xxPercentagePoints ?? DEFAULT_THRESHOLDS.azOutlier5xxPercentagePoints,
    exclude,
  };
}

/**
 * Both Regions and the two endpoint-health alarms, read at once, each under a deadline of its
 * own (all started together, so the run still ends within --timeout): a Region that does not
 * answer, the likeliest thing during a Region loss, must not keep the other from being read.
 * What could not be read is reported unknown, with why.
 */
async function readBothRegions(
  options: StatusOptions,
  standbyProfile: EnvironmentProfile,
  clientOf: (region: string) => CloudWatchClient,
  now: Date,
  spentMs: number,
): Promise<RegionsReport> {
  const primaryProfile = options.profile;
  const endpointAlarms = [endpointHealthAlarmName(primaryProfile.name), endpointHealthAlarmName(standbyProfile.name)];
  // The endpoint-health alarms are read once, for both Regions (endpoint-health.ts); the standby's
  // other alarms are not the primary's by belongsToEnvironment (alarm-status.ts).
  const isEndpointAlarm = (name: string) => endpointAlarms.includes(name);
  const primaryTarget = targetOf(primaryProfile, isEndpointAlarm);
  const standbyTarget = targetOf(standbyProfile, isEndpointAlarm);

  const guarded = async <T>(region: string, work: (deadline: Deadline) => Promise<T>, onFailure: (message: string) => T): Promise<T> => {
    const deadline = new Deadline(options.timeoutSeconds, spentMs);
    try {
      return await work(deadline);
    } catch (error) {
      return onFailure(describeFailure(error, { region, endpoint: cloudWatchEndpoint(region), step: deadline.currentStep }).split('\n')[0]);
    } finally {
      deadline.dispose();
    }
  };
  const readOf = (target: RegionTarget) =>
    guarded<RegionRead>(
      target.region,
      async (deadline) => ({ report: await readRegion(clientOf(target.region), deadline, target, now, options.hours) }),
      (failure) => ({ report: unreadableReport(target, failure, options.hours), failure }),
    );
  const [primary, standby, endpoints] = await Promise.all([
    readOf(primaryTarget),
    readOf(standbyTarget),
    guarded(
      ENDPOINT_HEALTH_REGION,
      (deadline) =>
        deadline.run('DescribeAlarms (endpoint health)', (signal) =>
          fetchEndpointHealth(clientOf(ENDPOINT_HEALTH_REGION), endpointAlarms, signal),
        ),
      (failure) => unreadableEndpointHealth(endpointAlarms, failure),
    ),
  ]);
  const settings = primaryProfile.secondaryRegion!;
  const replicaLag = replicaLagView(
    standby,
    replicaLagAlarmName(standbyProfile.name),
    settings.sourceDatabaseInstanceArn !== undefined,
    settings.maxReplicaLag?.toSeconds() ?? DEFAULT_MAX_REPLICA_LAG_SECONDS,
  );
  return judgeRegions({
    environment: primaryProfile.name,
    primary,
    standby,
    primaryEndpoint: endpoints[0],
    standbyEndpoint: endpoints[1],
    replicaLag,
  });
}
