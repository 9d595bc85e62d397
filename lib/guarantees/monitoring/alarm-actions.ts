import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { alarmRouting } from '../model/alarm-routing';
import { isUnknown } from '../model/resolved';

/**
 * HA-MON-001 — every alarm tells someone when it fires and when it recovers.
 *
 * Why: an alarm without an action changes colour on a dashboard nobody is watching at 3 a.m.;
 * without an OK action, on-call never learns that the incident ended by itself; a topic with no
 * subscriber is an action that reaches nobody.
 * How it is judged: each `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm` has
 * `ActionsEnabled` not false in any form (`false`, `"false"`, or a value only known at deploy time);
 * its `AlarmActions` and `OKActions`, followed across stacks (entries that resolve to
 * `AWS::NoValue` are dropped), each reach an SNS topic of the environment that CloudWatch can
 * publish to (its KMS key lets CloudWatch use it; no topic policy denies publishing) and that has
 * a subscription reaching a person or tool (email, HTTPS, SMS, Lambda; without a filter policy,
 * which could drop every notification), or the environment declares an external subscriber
 * (`externalAlarmSubscribers`).
 * Fix: send both to the alarm topic (`HaAlerting`) and subscribe the on-call rotation to it.
 */
export const ALARM_ACTIONS: GuaranteeCheck = {
  id: 'HA-MON-001',
  rule: 'Every alarm has an enabled alarm action and OK action that reach a subscribed topic',
  fix: 'Send AlarmActions and OKActions to the alarm topic and subscribe on-call to it (monitoring.alarmEmails)',
  check(model) {
    const problems: Problem[] = [];
    const external = model.settings.externalAlarmSubscribers.length > 0;
    for (const { alarm, actionsEnabled, actions } of alarmRouting(model)) {
      const props = alarm.resource.Properties ?? {};
      const name = typeof props.AlarmName === 'string' ? `${props.AlarmName} (${alarm.logicalId})` : alarm.logicalId;
      if (isUnknown(actionsEnabled)) {
        problems.push(cannotProve(alarm, 'that the alarm notifies anyone', `ActionsEnabled is ${actionsEnabled.why}`));
        continue;
      }
      const missing: string[] = actionsEnabled ? [] : ['enabled actions (ActionsEnabled is false)'];
      for (const list of ['AlarmActions', 'OKActions'] as const) {
        const routed = actions[list];
        if (isUnknown(routed)) {
          problems.push(cannotProve(alarm, `where its ${list} go`, routed));
          continue;
        }
        const unprovable = routed.topics.map((t) => t.publishBlocked).find(isUnknown);
        const open = routed.topics.filter((t) => t.publishBlocked === undefined);
        if (routed.topics.length === 0) {
          missing.push(`${list} that reach a topic${routed.other.length ? ` (it has only ${routed.other.join(', ')})` : ''}`);
        } else if (open.length === 0 && unprovable) {
          problems.push(cannotProve(alarm, `that CloudWatch can publish its ${list}`, unprovable));
        } else if (open.length === 0) {
          missing.push(
            `${list} that CloudWatch can publish (${routed.topics.map((t) => `${t.topic.logicalId}: ${t.publishBlocked}`).join('; ')})`,
          );
        } else if (!external && open.every((t) => t.subscribers.length === 0)) {
          missing.push(`a subscriber on the topic its ${list} reach (${routed.topics.map((t) => t.topic.logicalId).join(', ')})`);
        }
      }
      if (missing.length > 0) {
        problems.push(
          problemAt(
            alarm,
            `Alarm ${name} lacks ${missing.join(' and ')}: nobody hears when it fires or recovers. Send both to the alarm topic and subscribe on-call to it.`,
          ),
        );
      }
    }
    return problems;
  },
};
