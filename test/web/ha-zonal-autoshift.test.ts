import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  DEV,
  EnvironmentProfile,
  HaStage,
  HaWebTier,
  HaZonalAutoshift,
  PLACEHOLDER_ACCOUNT,
  practiceRunBlockProblems,
  PROD,
  STAGING,
  validateProfile,
} from '../../lib';
import { alarmTopic, stackWithNetwork } from '../support/fixtures';
import { testApp } from '../support/test-app';

const app = testApp();
const stages = [DEV, STAGING, PROD].map((profile) => new HaStage(app, profile.name, { profile, account: PLACEHOLDER_ACCOUNT }));
const autoshiftOf = (stage: HaStage) =>
  Object.values(Template.fromStack(stage.observabilityStack).findResources('AWS::ARCZonalShift::ZonalAutoshiftConfiguration'));

describe('zonal autoshift in the environments', () => {
  test.each([stages[1], stages[2]].map((s) => [s.stageName, s]))(
    '%s: enabled for the load balancer, practice runs judged by users-impaired and blocked by redundancy-lost and the profile',
    (name, stage) => {
      const [config] = autoshiftOf(stage);
      const monitoring = stage.observabilityStack.monitoring;
      const arn = (alarm: cloudwatch.IAlarm) => stage.observabilityStack.resolve(alarm.alarmArn);
      expect(config.Properties).toMatchObject({
        ZonalAutoshiftStatus: 'ENABLED',
        PracticeRunConfiguration: {
          OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: arn(monitoring.usersImpaired) }],
          BlockingAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: arn(monitoring.redundancyLost) }],
          BlockedWindows: stage.profile.web.zonalAutoshift.blockedWindows,
        },
      });
      // The load balancer's ARN comes from the Web stack; Web never depends on Observability.
      expect(JSON.stringify(config.Properties.ResourceIdentifier)).toContain(`${name}-Web`);
      expect(stage.webStack.dependencies).not.toContain(stage.observabilityStack);
    },
  );

  test('dev has none', () => {
    expect(autoshiftOf(stages[0])).toHaveLength(0);
  });
});

describe('HaZonalAutoshift', () => {
  function build(props: Partial<ConstructorParameters<typeof HaZonalAutoshift>[2]> = {}) {
    const { stack, network } = stackWithNetwork();
    const web = new HaWebTier(stack, 'Web', {
      network,
      capacity: { baseline: 3, maximum: 12 },
      allowInsecureHttp: true,
      notificationTopic: alarmTopic(stack),
    });
    const alarm = new cloudwatch.Alarm(stack, 'Impaired', { metric: web.metricRequestCount(), threshold: 1, evaluationPeriods: 1 });
    new HaZonalAutoshift(stack, 'Autoshift', { loadBalancer: web.loadBalancer, outcomeAlarms: [alarm], ...props });
    return { stack, web, alarm };
  }

  test('without blocks, renders only the outcome alarm', () => {
    const { stack, web, alarm } = build();
    Template.fromStack(stack).hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      ResourceIdentifier: Stack.of(web).resolve(web.loadBalancer.loadBalancerArn),
      ZonalAutoshiftStatus: 'ENABLED',
      PracticeRunConfiguration: { OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: stack.resolve(alarm.alarmArn) }] },
    });
  });

  test('fails without an outcome alarm and with malformed windows and dates, listing each', () => {
    expect(() =>
      build({ outcomeAlarms: [], blockedWindows: ['Mon:23:00-Tue:01:00', 'monday 9-12'], blockedDates: ['2026-02-30'] }),
    ).toThrow(
      /spans two days[\s\S]*'monday 9-12'; use Day:HH:MM-Day:HH:MM[\s\S]*'2026-02-30'; use a real date[\s\S]*outcomeAlarms is empty/,
    );
  });

  test.each<[string[], string[], number]>([
    [['Mon:08:00-Mon:12:00', 'Fri:18:30-Fri:23:59'], ['2026-12-24'], 0],
    [['MON:08:00-MON:12:00'], [], 1],
    [['Mon:12:00-Mon:08:00'], [], 1],
    [['Mon:08:00-Mon:24:00'], [], 1],
    [[], ['24-12-2026'], 1],
  ])('blocked windows %j and dates %j: %i problem(s)', (windows, dates, count) => {
    expect(practiceRunBlockProblems('p', windows, dates)).toHaveLength(count);
  });
});

describe('profile validation of zonal independence', () => {
  const withWeb = (base: EnvironmentProfile, zonalAutoshift: EnvironmentProfile['web']['zonalAutoshift']): EnvironmentProfile => ({
    ...base,
    web: { ...base.web, zonalAutoshift },
  });

  test('a strict profile must enable zonal autoshift', () => {
    expect(() => validateProfile(withWeb(PROD, { ...PROD.web.zonalAutoshift, enabled: false }))).toThrow(
      /web.zonalAutoshift.enabled is false; a strict \(production\) profile/,
    );
  });

  test('blocked windows and dates are checked in the profile, before anything is built', () => {
    expect(() => validateProfile(withWeb(STAGING, { enabled: true, blockedWindows: ['Tue:18:00-Wed:02:00'], blockedDates: [] }))).toThrow(
      /web.zonalAutoshift.blockedWindows has 'Tue:18:00-Wed:02:00', which spans two days/,
    );
  });

  test('the request-volume guard must be a whole number of at least 1', () => {
    const profile = { ...STAGING, monitoring: { ...STAGING.monitoring, thresholds: { azOutlierMinimumRequests: 0 } } };
    expect(() => validateProfile(profile)).toThrow(/monitoring.thresholds.azOutlierMinimumRequests is 0/);
  });
});
