import { CfnTemplate, Finding, GuaranteeCheck } from '../template-model';

const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

/**
 * HA-MON-001 — every alarm tells someone when it fires and when it recovers.
 *
 * Why: an alarm without an action changes colour on a dashboard nobody is watching at 3 a.m.;
 * without an OK action, on-call never learns that the incident ended by itself.
 * How it is judged: each `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm` has at
 * least one `AlarmActions` entry and one `OKActions` entry, and `ActionsEnabled` is not false.
 * Fix: `notifyOnAlarmAndOk(alarm, topic, tier)`, which `HaMonitoring` applies to its alarms.
 */
export const ALARM_ACTIONS: GuaranteeCheck = {
  id: 'HA-MON-001',
  severity: 'error',
  rule: 'Every alarm has an alarm action and an OK action',
  fix: 'Add an SNS alarm action and OK action (notifyOnAlarmAndOk)',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const [logicalId, alarm] of Object.entries(template.Resources ?? {})) {
      if (!ALARM_TYPES.includes(alarm.Type)) {
        continue;
      }
      const props = alarm.Properties ?? {};
      const missing = [
        ...(props.AlarmActions?.length ? [] : ['AlarmActions']),
        ...(props.OKActions?.length ? [] : ['OKActions']),
        ...(props.ActionsEnabled === false ? ['ActionsEnabled (false)'] : []),
      ];
      if (missing.length > 0) {
        const name = typeof props.AlarmName === 'string' ? `${props.AlarmName} (${logicalId})` : logicalId;
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId,
          message: `Alarm ${name} lacks ${missing.join(' and ')}: nobody hears when it fires or recovers. Send both to the alarm topic.`,
        });
      }
    }
    return findings;
  },
};
