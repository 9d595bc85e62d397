#!/usr/bin/env node
import { PROFILES } from '../lib/config/profiles';
import { DEFAULT_THRESHOLDS } from '../lib/monitoring/monitoring-thresholds';
import { fetchEnvironmentAlarms } from '../lib/ops/alarm-status';
import { fetchAvailability } from '../lib/ops/availability';
import { parseCommandLine, StatusOptions } from '../lib/ops/cli-args';
import { CREDENTIALS_STEP, describeFailure } from '../lib/ops/cli-errors';
import { cloudWatchEndpoint, createCloudWatchClient } from '../lib/ops/cloudwatch-client';
import { Deadline } from '../lib/ops/deadline';
import { renderStatus, renderStatusJson } from '../lib/ops/render-status';
import { EXIT_CODES, judge, USAGE_EXIT_CODE } from '../lib/ops/verdict';
import { fetchZones } from '../lib/ops/zones';

// cdk-ha-status <env> [--region REGION] [--hours N] [--timeout SECONDS] [--json]; `--help` lists the exit codes.
async function run(options: StatusOptions, deadline: Deadline): Promise<number> {
  const { profile, region } = options;
  const client = createCloudWatchClient(region, options.timeoutSeconds);
  const slo = { availabilityPercent: profile.monitoring.slo.availabilityPercent, windowDays: profile.monitoring.slo.window.toDays() };
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

  // Resolved first, on their own, so that a slow or missing credential source is named as such.
  await deadline.run(CREDENTIALS_STEP, () => client.config.credentials());
  const alarms = await deadline.run('DescribeAlarms', (signal) => fetchEnvironmentAlarms(client, profile.name, signal));
  const loadBalancer = alarms.web.loadBalancer;
  const availability = loadBalancer
    ? await deadline.run('GetMetricData (availability)', (signal) =>
        fetchAvailability(client, loadBalancer, slo.availabilityPercent, hoursAgo(slo.windowDays * 24), now, signal),
      )
    : undefined;
  const zoneNames = alarms.web.availabilityZones.length > 0 ? alarms.web.availabilityZones : profile.availabilityZones;
  const outlierPoints = profile.monitoring.thresholds.azOutlier5xxPercentagePoints ?? DEFAULT_THRESHOLDS.azOutlier5xxPercentagePoints;
  const zones = await deadline.run('GetMetricData (per AZ)', (signal) =>
    fetchZones(client, alarms.web, zoneNames, hoursAgo(options.hours), now, outlierPoints, signal),
  );

  const report = judge({ environment: profile.name, region, slo, alarms, availability, zones, perAzWindowHours: options.hours });
  console.log(options.json ? renderStatusJson(report) : renderStatus(report));
  return report.exitCode;
}

async function main(argv: string[]): Promise<number> {
  const command = parseCommandLine(argv, PROFILES);
  if (command.kind === 'help') {
    console.log(command.text);
    return 0;
  }
  if (command.kind === 'usage-error') {
    console.error(`cdk-ha-status: ${command.message}`);
    return USAGE_EXIT_CODE;
  }
  const { options } = command;
  const deadline = new Deadline(options.timeoutSeconds);
  try {
    return await run(options, deadline);
  } catch (error) {
    const message = describeFailure(error, {
      region: options.region,
      endpoint: cloudWatchEndpoint(options.region),
      step: deadline.currentStep,
    });
    console.error(message.replace(/^/gm, 'cdk-ha-status: '));
    if (options.json) {
      console.log(
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    // Unreachable unless this file has a bug: still one line, still "cannot tell".
    console.error(`cdk-ha-status: ${error.name}: ${error.message.split('\n')[0]}`);
    process.exit(EXIT_CODES.unknown);
  },
);
