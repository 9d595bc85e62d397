#!/usr/bin/env node
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PROFILES } from '../lib/config/profiles';
import { fetchEnvironmentStatus } from '../lib/ops/alarm-status';
import { fetchAvailability } from '../lib/ops/availability';
import { renderStatus } from '../lib/ops/render-status';

// Usage: cdk-ha-status <env> [--region us-east-1] [--hours 24]
// Reads a deployed environment's alarms and measured availability from CloudWatch, with the
// credentials of the usual AWS SDK chain. Exit code: 0 healthy, 1 degraded or unknown, 2 impaired.
async function main(argv: string[]): Promise<number> {
  const option = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const environment = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const profile = PROFILES.find((p) => p.name === environment);
  if (!environment) {
    console.error(`usage: cdk-ha-status <${PROFILES.map((p) => p.name).join('|')}> [--region REGION] [--hours N]`);
    return 64;
  }
  const hours = Number(option('hours') ?? 24);
  if (!Number.isFinite(hours) || hours <= 0) {
    console.error(`cdk-ha-status: --hours ${option('hours')} is not a positive number of hours`);
    return 64;
  }
  const client = new CloudWatchClient({ region: option('region') ?? profile?.region });
  const status = await fetchEnvironmentStatus(client, environment);
  const to = new Date();
  const availability = status.loadBalancer
    ? await fetchAvailability(client, status.loadBalancer, new Date(to.getTime() - hours * 3_600_000), to)
    : undefined;
  console.log(renderStatus(status, availability));
  return { healthy: 0, degraded: 1, unknown: 1, impaired: 2 }[status.verdict];
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    // Credentials, region or permissions: the SDK's message says which.
    console.error(`cdk-ha-status: ${error.name}: ${error.message}`);
    process.exit(3);
  },
);
