import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * How the alarms that roll a deploy back evaluate. One definition for the alarms and for the
 * rollout's bake time, so that the bake time cannot drift below the time the alarms need to fire.
 */
export interface RollbackAlarmEvaluation {
  /** Period of each datapoint. */
  readonly period: Duration;
  /** Datapoints the alarm looks at. */
  readonly evaluationPeriods: number;
  /** Breaching datapoints, among them, that put the alarm in ALARM. */
  readonly datapointsToAlarm: number;
}

/** The service alarms' evaluation: 2 of 3 one-minute datapoints, so a one-minute spike does not roll a deploy back. */
export const ROLLBACK_ALARM_EVALUATION: RollbackAlarmEvaluation = {
  period: Duration.minutes(1),
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
};

/**
 * Time between a datapoint's end and the alarm seeing it. ELB publishes its metrics to CloudWatch
 * every 60 s (ELB User Guide, "CloudWatch metrics for your Application Load Balancer", read
 * 2026-11); CloudWatch evaluates alarms once a minute and, for AWS-service metrics, data arrives
 * up to about two minutes late (CloudWatch User Guide, "Configuring how CloudWatch alarms treat
 * missing data" / alarm evaluation, read 2026-11). Three minutes covers both with the evaluation
 * tick on top.
 */
export const CLOUDWATCH_ALARM_DELAY = Duration.minutes(3);

/** Checkpoints of every instance refresh, in percent of the group replaced. */
export const ROLLOUT_CHECKPOINTS = [20, 50, 100];

/**
 * The longest time a rollback alarm can take to reach ALARM after new instances start failing:
 * every datapoint it evaluates (period x evaluationPeriods, which also covers an M-of-N pattern
 * with a gap) plus {@link CLOUDWATCH_ALARM_DELAY}.
 */
export function rollbackAlarmTimeToFire(evaluation: RollbackAlarmEvaluation = ROLLBACK_ALARM_EVALUATION): Duration {
  return Duration.seconds(evaluation.period.toSeconds() * evaluation.evaluationPeriods + CLOUDWATCH_ALARM_DELAY.toSeconds());
}

/** Options of {@link stagedInstanceRefresh}. */
export interface StagedRolloutOptions {
  /** Alarms that fail the refresh (and so roll the stack back) when they fire. */
  readonly alarms: cloudwatch.IAlarm[];
  /** Time a new instance needs before it counts as in service. */
  readonly instanceWarmup: Duration;
  /**
   * How the rollback alarms evaluate.
   *
   * @default ROLLBACK_ALARM_EVALUATION
   */
  readonly alarmEvaluation?: RollbackAlarmEvaluation;
}

/**
 * An instance refresh in stages: 20 %, 50 %, then 100 % of the group, each stage baked for longer
 * than the rollback alarms need to fire, and a final bake before CloudFormation calls the update
 * done. Launch before terminate (100 % healthy minimum) keeps full capacity throughout.
 *
 * Without the stages a refresh replaces the whole fleet in one batch and can finish before a
 * bad build's alarms have had the datapoints to fire.
 */
export function stagedInstanceRefresh(options: StagedRolloutOptions): autoscaling.UpdatePolicy {
  const bake = rollbackAlarmTimeToFire(options.alarmEvaluation);
  return autoscaling.UpdatePolicy.instanceRefresh({
    strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
    minHealthyPercentage: 100,
    maxHealthyPercentage: 200,
    instanceWarmup: options.instanceWarmup,
    checkpointPercentages: ROLLOUT_CHECKPOINTS,
    checkpointDelay: bake,
    // The last stage (50 % to 100 %) has no checkpoint after it; the bake time covers it.
    bakeTime: bake,
    alarms: options.alarms,
  });
}
