import { ALARM_ACTIONS } from '../../lib';
import { modelOf } from '../support/model';

const alarm = (props: Record<string, unknown>) => ({
  Resources: { A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'prod-web-5xx-rate', ...props } } },
});

describe('HA-MON-001 alarm actions', () => {
  test('passes an alarm with an alarm action and an OK action', () => {
    expect(ALARM_ACTIONS.check(modelOf(alarm({ AlarmActions: [{ Ref: 'Topic' }], OKActions: [{ Ref: 'Topic' }] })))).toEqual([]);
  });

  test('fails an alarm with no action', () => {
    const [finding] = ALARM_ACTIONS.check(modelOf(alarm({})));
    expect(finding.message).toBe(
      'Alarm prod-web-5xx-rate (A) lacks AlarmActions and OKActions: nobody hears when it fires or recovers. Send both to the alarm topic.',
    );
  });

  test('fails an alarm whose actions are disabled, or a composite without an OK action', () => {
    expect(ALARM_ACTIONS.check(modelOf(alarm({ AlarmActions: ['x'], OKActions: ['x'], ActionsEnabled: false })))[0].message).toMatch(
      /lacks ActionsEnabled \(false\)/,
    );
    const composite = { Resources: { C: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: { AlarmActions: ['x'] } } } };
    expect(ALARM_ACTIONS.check(modelOf(composite))[0].message).toMatch(/Alarm C lacks OKActions/);
  });
});
