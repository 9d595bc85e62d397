import { AlarmState, compositeNames, EnvironmentAlarms } from './alarm-status';
import { MeasuredAvailability } from './availability';
import { ZoneView } from './zones';
import { BURN_RATE_POLICIES, burnRateThreshold } from '../monitoring/error-budget';

/** What the CLI concludes, and its exit code. */
export type Verdict = 'healthy' | 'degraded' | 'impaired' | 'unknown';

/**
 * - 0 `healthy`
 * - 1 `degraded`: users are served, but redundancy is lost or the error budget is burning or spent
 * - 2 `impaired`: users are affected now
 * - 3 `unknown`: cannot tell (also every failure to ask CloudWatch)
 */
export const EXIT_CODES: Record<Verdict, number> = { healthy: 0, degraded: 1, impaired: 2, unknown: 3 };
/** Exit code of a usage error (sysexits.h EX_USAGE). */
export const USAGE_EXIT_CODE = 64;

/** Everything the CLI read about one environment, and its verdict: the `--json` document. */
export interface StatusReport {
  readonly environment: string;
  readonly region: string;
  readonly verdict: Verdict;
  readonly exitCode: number;
  /** Why the verdict is what it is, worst first; empty when healthy. */
  readonly reasons: string[];
  /** What was read that does not change the verdict (saturation alarms, missing data). */
  readonly notes: string[];
  readonly slo: { readonly availabilityPercent: number; readonly windowDays: number };
  /** Every alarm of the environment (`<env>-<family>-*`, see belongsToEnvironment), ALARM first. */
  readonly alarms: AlarmState[];
  /** Measured over the SLO window; undefined when no alarm names the load balancer. */
  readonly availability?: MeasuredAvailability;
  /** By AZ over the per-AZ window. */
  readonly zones: ZoneView[];
  readonly perAzWindowHours: number;
}

/** What {@link judge} reads. */
export interface StatusInput {
  readonly environment: string;
  readonly region: string;
  readonly slo: { readonly availabilityPercent: number; readonly windowDays: number };
  readonly alarms: EnvironmentAlarms;
  readonly availability?: MeasuredAvailability;
  readonly zones: ZoneView[];
  readonly perAzWindowHours: number;
}

const RANK: Record<Verdict, number> = { healthy: 0, degraded: 1, unknown: 2, impaired: 3 };

/**
 * The verdict from everything read: the composites, the burn-rate alarms, the budget measured
 * over the SLO window and the per-AZ view. Users affected beats cannot-tell, which beats
 * degraded: a pipeline must not ship past a verdict that could hide an impairment.
 */
export function judge(input: StatusInput): StatusReport {
  const { environment, region, slo, alarms, availability, zones } = input;
  const names = compositeNames(environment);
  const found: { verdict: Verdict; reason: string }[] = [];
  const notes: string[] = [];
  const state = (name: string) => alarms.composites.get(name);
  // A root past 50 alarms rolls up part composites (CompositeHierarchy): name the metric alarms
  // under them, not the parts.
  const leaves = (composite: string, seen = new Set<string>()): string[] =>
    (alarms.members.get(composite) ?? []).flatMap((member) => {
      if (seen.has(member)) {
        return [];
      }
      seen.add(member);
      return alarms.members.has(member) ? leaves(member, seen) : [member];
    });
  // A composite whose rule is `ALARM(a) OR ALARM(b)` is OK when every member is
  // INSUFFICIENT_DATA: its OK then says nothing (metrics gone, alarms on a replaced load
  // balancer). Only members whose state was read count; none read, nothing to conclude.
  const silent = (composite: string) => {
    const members = new Set(leaves(composite));
    const read = alarms.alarms.filter((a) => members.has(a.name));
    return read.length > 0 && read.every((a) => a.state === 'INSUFFICIENT_DATA') ? read.map((a) => a.name) : undefined;
  };
  const noData = (composite: string, members: string[], cannotTell: string) => ({
    verdict: 'unknown' as const,
    reason: `${composite} is OK only because none of its members has data (${members.join(', ')} all INSUFFICIENT_DATA): ${cannotTell}`,
  });
  const firing = (composite: string) => {
    const members = leaves(composite);
    const inAlarm = alarms.alarms.filter((a) => a.state === 'ALARM' && members.includes(a.name)).map((a) => a.name);
    return inAlarm.length > 0 ? ` (${inAlarm.join(', ')})` : '';
  };

  if (alarms.alarms.length === 0) {
    found.push({
      verdict: 'unknown',
      reason: `no alarm named ${environment}-* in ${region}: nothing of ${environment} is deployed under these credentials' account and region`,
    });
  } else {
    const users = state(names.usersImpaired);
    if (users === 'ALARM') {
      found.push({ verdict: 'impaired', reason: `${names.usersImpaired} is in ALARM${firing(names.usersImpaired)}` });
    } else if (users === undefined) {
      found.push({
        verdict: 'unknown',
        reason: `${names.usersImpaired} not found: the ${environment} Observability stack is not deployed here`,
      });
    } else if (users !== 'OK') {
      found.push({
        verdict: 'unknown',
        reason: `${names.usersImpaired} is ${users}: CloudWatch cannot tell yet whether users are affected`,
      });
    } else {
      const members = silent(names.usersImpaired);
      if (members) {
        found.push(noData(names.usersImpaired, members, 'nothing watches whether users are affected'));
      }
    }
    const fast = state(names.fastBurn);
    if (fast === 'ALARM') {
      found.push({
        verdict: 'impaired',
        reason: `${names.fastBurn} is in ALARM: the error budget burns ${burnRateThreshold(BURN_RATE_POLICIES[0], slo.windowDays)}x or faster over 1 h and 5 min`,
      });
    }
    const redundancy = state(names.redundancyLost);
    if (redundancy === 'ALARM') {
      found.push({ verdict: 'degraded', reason: `${names.redundancyLost} is in ALARM${firing(names.redundancyLost)}` });
    } else if (redundancy === undefined || redundancy === 'INSUFFICIENT_DATA') {
      found.push({
        verdict: 'unknown',
        reason: `${names.redundancyLost} is ${redundancy ?? 'missing'}: cannot tell whether redundancy holds`,
      });
    } else if (redundancy === 'OK') {
      const members = silent(names.redundancyLost);
      if (members) {
        found.push(noData(names.redundancyLost, members, 'nothing watches whether redundancy holds'));
      }
    }
    const slow = state(names.slowBurn);
    if (slow === 'ALARM') {
      found.push({ verdict: 'degraded', reason: `${names.slowBurn} is in ALARM: at this pace the error budget will not last the window` });
    }
    if (fast === undefined || slow === undefined) {
      notes.push(`no error-budget burn-rate alarms (${names.fastBurn}, ${names.slowBurn}): deploy this version's Observability stack`);
    }
    const judged = new Set([...Object.values(names), ...[...alarms.members.values()].flat()]);
    for (const alarm of alarms.alarms.filter((a) => a.state === 'ALARM' && !judged.has(a.name))) {
      notes.push(`${alarm.name} is in ALARM (saturation: neither users impaired nor redundancy lost yet)`);
    }
  }

  if (availability?.unmeasured !== undefined) {
    found.push({ verdict: 'unknown', reason: availability.unmeasured }); // metric data not fully returned (metric-data.ts)
  } else if (availability) {
    const budget = availability.budgetRemainingPercent;
    if (availability.requestDatapoints === 0) {
      // An ALB publishes RequestCount only while it serves: not one datapoint in the whole window
      // is a load balancer that is idle, replaced or gone, and the SLO cannot be measured (ADR 0021).
      found.push({
        verdict: 'unknown',
        reason: `${alarms.web.loadBalancer ?? 'the load balancer'} published no RequestCount datapoint in the last ${slo.windowDays} days: it is idle, replaced or deleted, so the alarms that name it watch nothing and the SLO cannot be measured`,
      });
    } else if (budget === undefined) {
      notes.push(`no requests in the last ${slo.windowDays} days: no error budget spent`);
    } else if (budget <= 0) {
      found.push({
        verdict: 'degraded',
        reason: `error budget exhausted: ${availability.availabilityPercent!.toFixed(3)}% of ${Math.round(availability.requests).toLocaleString('en-US')} requests answered without a 5xx over the last ${slo.windowDays} days, against the ${slo.availabilityPercent}% SLO (${budget.toFixed(1)}% of the budget left)`,
      });
    }
  } else if (alarms.alarms.length > 0) {
    notes.push('availability not measured: no alarm names the load balancer');
  }

  found.push(...zones.flatMap((z) => (z.unmeasured ? [{ verdict: 'unknown' as const, reason: z.unmeasured }] : []))); // metric data not fully returned
  for (const zone of zones.filter((z) => z.outlierReasons.length > 0)) {
    found.push({
      verdict: 'degraded',
      reason: `${zone.availabilityZone} is an outlier over the last ${input.perAzWindowHours} h: ${zone.outlierReasons.join('; ')}; consider a zonal shift away from it`,
    });
  }

  found.sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
  const verdict = found[0]?.verdict ?? 'healthy';
  return {
    environment,
    region,
    verdict,
    exitCode: EXIT_CODES[verdict],
    reasons: found.map((f) => f.reason),
    notes,
    slo,
    alarms: alarms.alarms,
    availability,
    zones,
    perAzWindowHours: input.perAzWindowHours,
  };
}
