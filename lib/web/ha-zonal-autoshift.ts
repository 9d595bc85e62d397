import * as arczonalshift from 'aws-cdk-lib/aws-arczonalshift';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';

/** Properties of {@link HaZonalAutoshift}. */
export interface HaZonalAutoshiftProps {
  /** The load balancer whose traffic AWS may shift away from an impaired AZ. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /**
   * Alarms that judge a practice run: one in ALARM ends the run and marks it FAILED. Use the
   * alarm that says users are hurt (the `users-impaired` composite).
   */
  readonly outcomeAlarms: cloudwatch.IAlarm[];
  /**
   * Alarms that keep practice runs from starting and end those in progress while in ALARM.
   *
   * @default - none: practice runs also start while redundancy is already lost
   */
  readonly blockingAlarms?: cloudwatch.IAlarm[];
  /**
   * UTC windows in which no practice run starts, `Day:HH:MM-Day:HH:MM` on one day, days
   * written `Mon`..`Sun` (e.g. `Mon:08:00-Mon:12:00`); release windows and peak hours belong here.
   *
   * @default - no blocked windows
   */
  readonly blockedWindows?: string[];
  /**
   * UTC dates on which no practice run starts, `YYYY-MM-DD` (sales events, freezes).
   *
   * @default - no blocked dates
   */
  readonly blockedDates?: string[];
}

// Title case: CloudFormation's schema for BlockedWindows accepts `Mon`, not `MON` or `mon`.
const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const WINDOW = new RegExp(`^${DAY}:(${TIME})-${DAY}:(${TIME})$`);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Problems with practice-run blocked windows and dates, in the format ARC accepts
 * (CloudFormation `AWS::ARCZonalShift::ZonalAutoshiftConfiguration` PracticeRunConfiguration,
 * read 2026-11): windows start and end on the same day, UTC.
 *
 * @param property where the lists came from, for the messages
 */
export function practiceRunBlockProblems(property: string, blockedWindows: readonly string[], blockedDates: readonly string[]): string[] {
  const problems: string[] = [];
  for (const window of blockedWindows) {
    const m = WINDOW.exec(window);
    if (!m) {
      problems.push(
        `${property}.blockedWindows has '${window}'; use Day:HH:MM-Day:HH:MM in UTC with the day as Mon..Sun, e.g. 'Mon:08:00-Mon:12:00'`,
      );
    } else if (m[1] !== m[4]) {
      problems.push(`${property}.blockedWindows has '${window}', which spans two days; ARC accepts windows within one day, so split it`);
    } else if (m[2] >= m[5]) {
      problems.push(`${property}.blockedWindows has '${window}', which ends before it starts; give the start first`);
    }
  }
  for (const date of blockedDates) {
    const m = DATE.exec(date);
    const parsed = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
    if (!m || !parsed || parsed.getUTCMonth() !== +m[2] - 1 || parsed.getUTCDate() !== +m[3]) {
      problems.push(`${property}.blockedDates has '${date}'; use a real date as YYYY-MM-DD, e.g. '2026-12-24'`);
    }
  }
  return problems;
}

/**
 * Zonal autoshift for a load balancer: AWS shifts its traffic away from an AZ when AWS's own
 * telemetry shows that AZ impaired, and shifts it back when the AZ recovers, without anyone
 * being paged first. AWS requires weekly practice runs (a zonal shift of about 30 minutes that
 * AWS starts), judged by the outcome alarms, so that a real autoshift is known to be safe.
 *
 * Safe here because every service keeps its baseline in the AZs that remain (static stability)
 * and its target groups are AZ-local, so a shift removes an AZ's targets with its node.
 * Pause it with `aws arc-zonal-shift update-zonal-autoshift-configuration
 * --resource-identifier <alb-arn> --zonal-autoshift-status DISABLED` (see README).
 */
export class HaZonalAutoshift extends Construct {
  /** The configuration resource. */
  public readonly resource: arczonalshift.CfnZonalAutoshiftConfiguration;

  constructor(scope: Construct, id: string, props: HaZonalAutoshiftProps) {
    super(scope, id);
    const problems = practiceRunBlockProblems('HaZonalAutoshift', props.blockedWindows ?? [], props.blockedDates ?? []);
    if (props.outcomeAlarms.length === 0) {
      problems.push('outcomeAlarms is empty; ARC requires an outcome alarm to judge practice runs: give the users-impaired alarm');
    }
    ValidationError.throwIfAny('HaZonalAutoshift: invalid properties', problems, this);
    const conditions = (alarms: cloudwatch.IAlarm[]) => alarms.map((alarm) => ({ type: 'CLOUDWATCH', alarmIdentifier: alarm.alarmArn }));
    this.resource = new arczonalshift.CfnZonalAutoshiftConfiguration(this, 'Resource', {
      resourceIdentifier: props.loadBalancer.loadBalancerArn,
      zonalAutoshiftStatus: 'ENABLED',
      practiceRunConfiguration: {
        outcomeAlarms: conditions(props.outcomeAlarms),
        blockingAlarms: props.blockingAlarms?.length ? conditions(props.blockingAlarms) : undefined,
        blockedWindows: props.blockedWindows?.length ? props.blockedWindows : undefined,
        blockedDates: props.blockedDates?.length ? props.blockedDates : undefined,
      },
    });
  }
}
