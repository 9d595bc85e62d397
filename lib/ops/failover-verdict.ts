import { EndpointHealth, EndpointHealthReading, healthOfState } from './endpoint-health';
import { EXIT_CODES, StatusReport, Verdict } from './verdict';

/** Which Region's endpoint Route 53 answers with, judged from the two endpoint-health alarms. */
export type Serving = 'primary' | 'standby' | 'none' | 'unknown';

/**
 * The verdict on an environment with a warm standby: the single-Region verdicts, plus
 * - `failed-over`: Route 53 answers with the standby (the primary's health check fails);
 * - `down`: both health checks fail, so Route 53 answers with the primary, which fails too.
 */
export type RegionsVerdict = Verdict | 'failed-over' | 'down';

/**
 * Exit codes of an environment with a standby: 0-3 mean what they mean for one Region, judged
 * over both (the primary serving); 4 failed over; 5 down. Single-Region environments never exit 4 or 5.
 */
export const REGIONS_EXIT_CODES: Record<RegionsVerdict, number> = { ...EXIT_CODES, 'failed-over': 4, down: 5 };

/**
 * What Route 53 answers for a pair of failover records (PRIMARY and SECONDARY, each with a health
 * check), per the Route 53 API Reference, `ResourceRecordSet.Failover` (read 2026-11-29, as the
 * API model's text): the PRIMARY while it is healthy, whatever the SECONDARY's health; the
 * SECONDARY when the PRIMARY is unhealthy and the SECONDARY healthy; and "when the secondary
 * resource record set is unhealthy, Route 53 responds to DNS queries with the applicable value
 * from the primary resource record set regardless of the health of the primary". So with both
 * unhealthy Route 53 still answers, with an endpoint that fails its check: nobody serves.
 *
 * The alarms trail the health checks by their 60 s period (and the health checks trail the
 * endpoint by interval x failure threshold), so this is what Route 53 decided a minute or two ago.
 * A health state nobody could read leaves the answer unknown whenever it could change it.
 */
export function servingRegion(primary: EndpointHealth, standby: EndpointHealth): { serving: Serving; why: string } {
  if (primary === 'healthy') {
    return { serving: 'primary', why: 'the primary passes its Route 53 health check: Route 53 answers with the PRIMARY record' };
  }
  if (primary === 'unhealthy' && standby === 'healthy') {
    return {
      serving: 'standby',
      why: 'the primary fails its Route 53 health check and the standby passes: Route 53 answers with the SECONDARY record (failed over)',
    };
  }
  if (primary === 'unhealthy' && standby === 'unhealthy') {
    return {
      serving: 'none',
      why: 'both Regions fail their Route 53 health checks: Route 53 answers with the PRIMARY record, whose endpoint fails its check; no Region serves',
    };
  }
  if (primary === 'unhealthy') {
    return {
      serving: 'unknown',
      why: "the primary fails its Route 53 health check and the standby's health is unknown: the standby serves, or nobody",
    };
  }
  return {
    serving: 'unknown',
    why:
      standby === 'healthy'
        ? "the primary's Route 53 health is unknown: the primary or the standby serves"
        : standby === 'unhealthy'
          ? "the primary's Route 53 health is unknown and the standby fails its check: Route 53 answers with the primary, which may or may not serve"
          : "neither Region's Route 53 health is known: cannot tell which serves",
  };
}

/** One Region as read: its single-Region report, and the failure that kept it from being read, if any. */
export interface RegionRead {
  readonly report: StatusReport;
  /** Set when CloudWatch in that Region could not be asked; the report is then `unknown` with this reason. */
  readonly failure?: string;
}

/** The replica's lag as the standby's alarm tells it: the Region-loss RPO holds only while it is OK. */
export interface ReplicaLagView {
  readonly alarmName: string;
  /**
   * The alarm's state, `missing` (no such alarm), `not-built` (no replica yet: the profile has no
   * `sourceDatabaseInstanceArn`) or `unreadable` (the standby's CloudWatch could not be asked).
   */
  readonly state: string;
  /** The lag the alarm allows, in seconds: the RPO claimed while the alarm is OK. */
  readonly maxLagSeconds: number;
  readonly reason: string;
}

/** Everything {@link judgeRegions} reads. */
export interface RegionsInput {
  /** The primary environment's name (`prod`). */
  readonly environment: string;
  readonly primary: RegionRead;
  readonly standby: RegionRead;
  readonly primaryEndpoint: EndpointHealthReading;
  readonly standbyEndpoint: EndpointHealthReading;
  readonly replicaLag: ReplicaLagView;
}

/** The report on an environment with a standby: the `--json` document of a two-Region run. */
export interface RegionsReport extends RegionsInput {
  readonly verdict: RegionsVerdict;
  readonly exitCode: number;
  readonly serving: Serving;
  /** How `serving` follows from the two health checks. */
  readonly servingReason: string;
  /** Why the verdict is what it is, worst first. */
  readonly reasons: string[];
  /** What was read that does not change the verdict. */
  readonly notes: string[];
}

const RANK: Record<Verdict, number> = { healthy: 0, degraded: 1, unknown: 2, impaired: 3 };

/** Reads the replica's lag alarm from the standby's alarms. */
export function replicaLagView(standby: RegionRead, alarmName: string, replicaExpected: boolean, maxLagSeconds: number): ReplicaLagView {
  if (!replicaExpected) {
    return {
      alarmName,
      state: 'not-built',
      maxLagSeconds,
      reason:
        "no cross-region replica yet (secondaryRegion.sourceDatabaseInstanceArn is not set): a Region loss now loses every write since the primary's last backup copied to the standby's Region, if any",
    };
  }
  if (standby.failure) {
    return { alarmName, state: 'unreadable', maxLagSeconds, reason: standby.failure };
  }
  const alarm = standby.report.alarms.find((a) => a.name === alarmName);
  if (!alarm) {
    return {
      alarmName,
      state: 'missing',
      maxLagSeconds,
      reason: `no alarm named ${alarmName} in ${standby.report.region}: the StandbyData stack is not deployed there`,
    };
  }
  return { alarmName, state: alarm.state, maxLagSeconds, reason: alarm.reason };
}

/** What a replica-lag alarm that is neither OK nor in ALARM says; undefined when OK. */
function replicaLagLine(lag: ReplicaLagView): string | undefined {
  switch (lag.state) {
    case 'OK':
    case 'ALARM':
      return undefined;
    case 'not-built':
      return lag.reason;
    case 'missing':
      return `replica lag unknown: ${lag.reason}`;
    case 'unreadable':
      return `replica lag unknown: ${lag.alarmName} could not be read (the standby's CloudWatch did not answer)`;
    default:
      return `replica lag unknown: ${lag.alarmName} is ${lag.state}`;
  }
}

/**
 * The verdict over both Regions. While the primary serves, the standby is the environment's
 * protection against a Region loss: its problems (its own verdict, a failing health check, a
 * replica behind) make the environment degraded, and anything unread makes it unknown, as a
 * lost AZ's redundancy does for one Region. Once the standby serves, the verdict is `failed-over`
 * whatever else holds; with neither serving, `down`.
 */
export function judgeRegions(input: RegionsInput): RegionsReport {
  const { primary, standby, primaryEndpoint, standbyEndpoint, replicaLag } = input;
  const { serving, why } = servingRegion(primaryEndpoint.health, standbyEndpoint.health);
  const where = (read: RegionRead, role: string) => `${role} ${read.report.environment} (${read.report.region})`;
  const tagged = (read: RegionRead, role: string) => read.report.reasons.map((r) => `${where(read, role)}: ${r}`);
  const endpointLine = (reading: EndpointHealthReading) =>
    reading.state === 'missing' || reading.state === 'unreadable'
      ? `${reading.alarmName} ${reading.state}: ${reading.reason}`
      : reading.health !== healthOfState(reading.state)
        ? `${reading.alarmName} is ${reading.state === 'ALARM' ? 'in ALARM' : reading.state}, but not believed: ${reading.reason}`
        : `${reading.alarmName} is ${reading.state === 'ALARM' ? 'in ALARM' : reading.state}`;
  const lagAtRisk = replicaLag.state === 'ALARM';
  const lagLine = lagAtRisk
    ? `RPO at risk: ${replicaLag.alarmName} is in ALARM: the cross-region replica is more than ${replicaLag.maxLagSeconds} s behind, or not replicating`
    : replicaLagLine(replicaLag);

  const reasons: string[] = [];
  const notes: string[] = [];
  let verdict: RegionsVerdict;
  if (serving === 'primary') {
    const found: { verdict: Verdict; reason: string }[] = tagged(primary, 'primary').map((reason) => ({
      verdict: primary.report.verdict,
      reason,
    }));
    if (standby.report.verdict !== 'healthy') {
      // The standby takes no users' traffic yet: its impairment is the environment's lost protection.
      const standbyVerdict: Verdict = standby.report.verdict === 'unknown' ? 'unknown' : 'degraded';
      found.push(...tagged(standby, 'standby').map((reason) => ({ verdict: standbyVerdict, reason })));
    }
    if (standbyEndpoint.health === 'unhealthy') {
      found.push({
        verdict: 'degraded',
        reason: `${endpointLine(standbyEndpoint)}: the standby fails its Route 53 health check, so a primary loss now would leave no Region serving`,
      });
    } else if (standbyEndpoint.health === 'unknown') {
      found.push({ verdict: 'unknown', reason: `${endpointLine(standbyEndpoint)}: cannot tell whether the standby could take traffic` });
    }
    if (lagLine) {
      found.push({ verdict: lagAtRisk || replicaLag.state === 'not-built' ? 'degraded' : 'unknown', reason: lagLine });
    }
    found.sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
    verdict = found[0]?.verdict ?? 'healthy';
    reasons.push(...found.map((f) => f.reason));
  } else {
    verdict = serving === 'standby' ? 'failed-over' : serving === 'none' ? 'down' : 'unknown';
    // The serving line (servingReason) says why; the reasons name the alarms behind it, then each Region's.
    for (const reading of [primaryEndpoint, standbyEndpoint].filter((r) => r.health !== 'healthy')) {
      reasons.push(endpointLine(reading));
    }
    if (serving === 'standby') {
      reasons.push(...tagged(standby, 'standby'));
      notes.push(...tagged(primary, 'primary'));
      // Replication stops with the source: the lag at the loss is the data lost, and the alarm stays in ALARM after promotion.
      if (lagLine) {
        notes.push(lagLine);
      }
    } else {
      reasons.push(...tagged(primary, 'primary'), ...tagged(standby, 'standby'));
      if (lagLine) {
        reasons.push(lagLine);
      }
    }
  }
  notes.push(...primary.report.notes.map((n) => `${where(primary, 'primary')}: ${n}`));
  notes.push(...standby.report.notes.map((n) => `${where(standby, 'standby')}: ${n}`));
  return {
    ...input,
    verdict,
    exitCode: REGIONS_EXIT_CODES[verdict],
    serving,
    servingReason: why,
    reasons,
    notes,
  };
}
