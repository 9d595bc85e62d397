import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { PLACEHOLDER_ACCOUNT, PROFILES } from '../lib';
import { CDK_JSON_CONTEXT } from './support/test-app';

describe('cdk.json', () => {
  test('sets every feature flag that cdk init recommends for the installed aws-cdk-lib', () => {
    for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS)) {
      expect([flag, CDK_JSON_CONTEXT[flag]]).toEqual([flag, value]);
    }
  });

  test('uses launch templates, not the retired launch configurations', () => {
    expect(CDK_JSON_CONTEXT['@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig']).toBe(true);
  });

  test('treats CloudFormation validation findings as errors', () => {
    expect(CDK_JSON_CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  test.each(PROFILES.map((p) => [p.name, p]))(
    "holds the AZ lookup for %s's account and region, covering its AZs, so synth makes no AWS call",
    (_name, profile) => {
      const key = `availability-zones:account=${PLACEHOLDER_ACCOUNT}:region=${profile.region}`;
      expect(CDK_JSON_CONTEXT[key]).toEqual(expect.arrayContaining(profile.availabilityZones));
    },
  );

  test.each(PROFILES.filter((p) => p.secondaryRegion).map((p) => [p.name, p]))(
    "holds the AZ lookup for %s's standby Region too, covering the standby's AZs",
    (_name, profile) => {
      const standby = profile.secondaryRegion!;
      const key = `availability-zones:account=${PLACEHOLDER_ACCOUNT}:region=${standby.region}`;
      expect(CDK_JSON_CONTEXT[key]).toEqual(expect.arrayContaining(standby.availabilityZones));
    },
  );

  test('prod is the built-in profile with a standby, so the standby test above is not empty', () => {
    expect(PROFILES.filter((p) => p.secondaryRegion).map((p) => p.name)).toEqual(['prod']);
  });
});
