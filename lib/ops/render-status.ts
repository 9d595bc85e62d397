import { EnvironmentStatus } from './alarm-status';
import { MeasuredAvailability } from './availability';

/** The live status as text: verdict, availability, then every alarm not OK, then a count of the OK ones. */
export function renderStatus(status: EnvironmentStatus, availability?: MeasuredAvailability): string {
  const lines = [`${status.environment}: ${status.verdict.toUpperCase()}`];
  if (availability) {
    const hours = Math.round((availability.to.getTime() - availability.from.getTime()) / 3_600_000);
    lines.push(
      availability.availabilityPercent === undefined
        ? `  availability (last ${hours} h): no requests`
        : `  availability (last ${hours} h): ${availability.availabilityPercent.toFixed(3)}% of ${availability.requests} requests (${availability.errors} answered 5xx)`,
    );
  }
  const notOk = status.alarms.filter((a) => a.state !== 'OK');
  for (const alarm of notOk) {
    lines.push(`  ${alarm.state.padEnd(17)} ${alarm.name}${alarm.reason ? `: ${alarm.reason}` : ''}`);
  }
  lines.push(`  ${status.alarms.length - notOk.length} of ${status.alarms.length} alarms OK`);
  if (status.alarms.length === 0) {
    lines.push(`  no alarm named ${status.environment}-*: is the environment deployed to this account and region?`);
  }
  return lines.join('\n');
}
