import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

/** What an alarm says about the system, for the composite alarms. */
export enum Meaning {
  /** Users see it: errors, latency, unavailability. */
  SYMPTOM,
  /** Users may not see it yet, but the next failure will hurt: an AZ impaired, a replica lagging, a node down. */
  REDUNDANCY,
  /** Running out of something; neither of the above yet. */
  SATURATION,
  /**
   * An automated operation failed (an AUTH-token rotation): users and redundancy are fine, but
   * someone must look before it matters. Notifies, joins no composite.
   */
  OPERATION,
}

/** One alarm as the monitoring classes describe it; {@link HaMonitoring} names, routes and files it. */
export interface AlarmSpec {
  readonly tier: string;
  readonly name: string;
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** Chosen per alarm: what a missing datapoint means for this metric. */
  readonly missing: cloudwatch.TreatMissingData;
  readonly meaning: Meaning;
  /** @default 3 of 3 one-minute periods: a spike of one minute does not page. */
  readonly evaluationPeriods?: number;
  /**
   * Breaching datapoints within `evaluationPeriods` that fire the alarm.
   *
   * @default - all of `evaluationPeriods`
   */
  readonly datapointsToAlarm?: number;
  /**
   * Where the alarm goes: a service's alarms go into the service's own stack when it has one
   * (docs/adr/0060), so that the Observability stack does not grow with the services.
   *
   * @default - the monitoring construct
   */
  readonly scope?: Construct;
}

/** Creates, names and routes an alarm from its spec (HaMonitoring's, handed to the per-kind monitoring classes). */
export type AlarmFactory = (spec: AlarmSpec) => cloudwatch.Alarm;
