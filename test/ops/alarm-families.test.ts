import { defaultAppEnvironments, defaultAppStacks } from '../support/default-app';
import { belongsToEnvironment } from '../../lib/ops/alarm-status';

/**
 * cdk-ha-status keeps an alarm only if a family it knows follows `<env>-` (ALARM_FAMILIES): a
 * family the library starts naming without adding it there would vanish from the status. Every
 * alarm the default app synthesizes must belong to exactly one of its environments.
 */
test('every alarm name in the synthesized app belongs to exactly one environment, by a known family', () => {
  const environments = defaultAppEnvironments();
  const names = defaultAppStacks().flatMap((stack) =>
    Object.values(stack.template.Resources ?? {})
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm')
      .map((r) => r.Properties?.AlarmName)
      .filter((name): name is string => typeof name === 'string'),
  );
  expect(names.length).toBeGreaterThan(100);
  const owners = names.map((name) => [name, environments.filter((env) => belongsToEnvironment(name, env))] as const);
  expect(owners.filter(([, envs]) => envs.length !== 1)).toEqual([]);
});
