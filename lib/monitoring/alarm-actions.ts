import { Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Sends an alarm's ALARM and OK transitions to a topic and tags it with its tier, so that
 * on-call hears both when it breaks and when it recovers, and the live-status CLI finds it.
 */
export function notifyOnAlarmAndOk(alarm: cloudwatch.Alarm | cloudwatch.CompositeAlarm, topic: sns.ITopic, tier: string): void {
  const action = new actions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  Tags.of(alarm).add('ha:tier', tier);
}
