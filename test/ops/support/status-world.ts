import { CloudWatchClient, CompositeAlarm, DescribeAlarmsCommand, GetMetricDataCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { Duration } from 'aws-cdk-lib';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { deployedAlarms, FakeAlarm, setState } from './fake-cloudwatch';
// Module by module, not the library's index: the spawned entry (status-entry.ts) starts as fast as bin/status.js.
import { EnvironmentProfile } from '../../../lib/config/environment-profile';
import { PROD } from '../../../lib/config/profiles';
import { PLACEHOLDER_ACCOUNT } from '../../../lib/stacks/placeholder-account';
import type { StatusIo } from '../../../lib/ops/status-command';

/** Prod as one Region, whatever the built-in profile says about a standby. */
export function singleRegion(profile: EnvironmentProfile): EnvironmentProfile {
  const { secondaryRegion: _standby, ...rest } = profile;
  return rest;
}

/** Prod with a warm standby in us-west-2, its replica built, lag allowed up to 2 minutes. */
export function prodWithStandby(replica = true): EnvironmentProfile {
  return withStandby(PROD, replica);
}

/** A profile with a warm standby in us-west-2 (its replica built unless `replica` is false), lag allowed up to 2 minutes. */
export function withStandby(profile: EnvironmentProfile, replica = true): EnvironmentProfile {
  return {
    ...singleRegion(profile),
    secondaryRegion: {
      region: 'us-west-2',
      availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      capacityPercent: 50,
      vpcCidr: '10.40.0.0/16',
      sourceDatabaseInstanceArn: replica
        ? `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:${profile.name}-data-databaseinstance-abc123`
        : undefined,
      maxReplicaLag: Duration.minutes(2),
    },
  };
}

export const PRIMARY_LB = 'app/prod-Web/0123456789abcdef';
export const STANDBY_LB = 'app/prod-us-west-2-Web/fedcba9876543210';

/** The alarms CloudWatch holds in each Region, as this library and the failover records name them. */
export type World = Record<string, FakeAlarm[]>;

/**
 * Prod in us-east-1 and its standby in us-west-2, every alarm OK: each Region's alarms, the
 * standby's replica-lag alarm in its redundancy-lost composite, and both endpoint-health alarms
 * in us-east-1 (beside the primary's own, under the same `prod-` prefix).
 */
export function deployedWorld(options: { replica?: boolean; endpointAlarms?: boolean } = {}): World {
  const primary = deployedAlarms('prod', PRIMARY_LB, ['targetgroup/prod-default/1111'], ['us-east-1a', 'us-east-1b', 'us-east-1c']);
  const standby = deployedAlarms(
    'prod-us-west-2',
    STANDBY_LB,
    ['targetgroup/prod-us-west-2-default/2222'],
    ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  );
  if (options.replica ?? true) {
    const lag: FakeAlarm = {
      AlarmName: 'prod-us-west-2-data-replica-lag',
      StateValue: 'OK',
      StateReason: 'Threshold Crossed: 3 datapoints were not greater than the threshold (120.0)',
      Metrics: [{ Id: 'lag', MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'ReplicaLag' }, Period: 60, Stat: 'Maximum' } }],
    };
    const redundancy = standby.find((a) => a.AlarmName === 'prod-us-west-2-redundancy-lost')!;
    redundancy.AlarmRule = `${String(redundancy.AlarmRule)} OR ALARM("arn:aws:cloudwatch:us-west-2:123456789012:alarm:prod-us-west-2-data-replica-lag")`;
    standby.push(lag);
  }
  const endpoint = (name: string): FakeAlarm => ({
    AlarmName: name,
    StateValue: 'OK',
    StateReason: 'Threshold Crossed: 1 datapoint [1.0] was not less than the threshold (1.0)',
    Namespace: 'AWS/Route53',
    MetricName: 'HealthCheckStatus',
    Dimensions: [{ Name: 'HealthCheckId', Value: `hc-${name}` }],
  });
  const endpoints = (options.endpointAlarms ?? true) ? [endpoint('prod-endpoint-health'), endpoint('prod-us-west-2-endpoint-health')] : [];
  return { 'us-east-1': [...primary, ...endpoints], 'us-west-2': standby };
}

/** Sets one alarm's state wherever it is. */
export function setWorldState(world: World, name: string, state: string): World {
  const region = Object.keys(world).find((r) => world[r].some((a) => a.AlarmName === name));
  if (!region) {
    throw new Error(`no alarm ${name} in the world`);
  }
  setState(world[region], name, state);
  return world;
}

/** Removes one alarm wherever it is. */
export function removeAlarm(world: World, name: string): World {
  for (const region of Object.keys(world)) {
    world[region] = world[region].filter((a) => a.AlarmName !== name);
  }
  return world;
}

const isComposite = (a: FakeAlarm) => typeof a.AlarmRule === 'string';
const asSdk = (a: FakeAlarm) =>
  ({
    ...a,
    StateUpdatedTimestamp: typeof a.StateUpdatedTimestamp === 'number' ? new Date(a.StateUpdatedTimestamp * 1000) : undefined,
  }) as never;

/**
 * Answers the mocked client's DescribeAlarms and GetMetricData from the world, by the calling
 * client's Region: by prefix or by names, as CloudWatch does; every ALB metric a steady 1,000
 * requests, no 5xx, 3 healthy hosts. A Region in `failing` answers with that error.
 */
export function serveWorld(mock: AwsClientStub<CloudWatchClient>, world: World, failing: Record<string, Error> = {}): void {
  const regionOf = async (getClient: () => unknown) => (getClient() as CloudWatchClient).config.region();
  mock.on(DescribeAlarmsCommand).callsFake(async (input, getClient) => {
    const region = await regionOf(getClient);
    if (failing[region]) {
      throw failing[region];
    }
    const alarms = (world[region] ?? []).filter((a) =>
      input.AlarmNames ? input.AlarmNames.includes(a.AlarmName) : a.AlarmName.startsWith(input.AlarmNamePrefix ?? ''),
    );
    return {
      MetricAlarms: alarms.filter((a) => !isComposite(a)).map(asSdk) as MetricAlarm[],
      CompositeAlarms: input.AlarmNames ? [] : (alarms.filter(isComposite).map(asSdk) as CompositeAlarm[]),
    };
  });
  mock.on(GetMetricDataCommand).callsFake(async (input, getClient) => {
    const region = await regionOf(getClient);
    if (failing[region]) {
      throw failing[region];
    }
    return {
      MetricDataResults: input.MetricDataQueries.map((q: any) => {
        const name = q.MetricStat?.Metric?.MetricName;
        const value = name === 'RequestCount' ? 1000 : name === 'HealthyHostCount' ? 3 : 0;
        return { Id: q.Id, Timestamps: [input.EndTime], Values: [value], StatusCode: 'Complete' };
      }),
    };
  });
}

/** What a run printed, and its exit code. */
export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An io for runStatusCommand that captures output and makes clients with fixed keys (no credential chain). */
export function capturingIo(): StatusIo & { readonly stdout: string[]; readonly stderr: string[] } {
  // As createCloudWatchClient does: the SDK's Node 22 notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    createClient: (region) =>
      new CloudWatchClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }),
    now: () => new Date('2026-11-29T12:00:00Z'),
  };
}
