import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEnvironments, EnvironmentProfile, PROD, STAGING } from '../../lib';
import { testApp } from '../support/test-app';

const ACCOUNT = '210987654321';

/** A profile made ready for a real account, with the web settings given. */
function real(profile: EnvironmentProfile, web: Partial<EnvironmentProfile['web']>): EnvironmentProfile {
  return {
    ...profile,
    // The primary's certificate alone: prod's standby has its own placeholders (traffic-failover.test.ts).
    secondaryRegion: undefined,
    monitoring: { ...profile.monitoring, alarmEmails: ['oncall@corp.test'] },
    web: { ...profile.web, domainName: 'shop.corp.test', ...web },
  };
}

function build(profile: EnvironmentProfile) {
  const app = testApp({ context: { [`availability-zones:account=${ACCOUNT}:region=${profile.region}`]: profile.availabilityZones } });
  const [stage] = addEnvironments(app, { environment: profile.name, account: ACCOUNT, profiles: [profile] });
  return stage;
}

describe('the certificate source of a real account', () => {
  test('a strict profile with a domain and neither a hosted zone nor a certificate ARN is refused at synth, naming both fixes', () => {
    expect(() => build(real(PROD, {}))).toThrow(
      /web.domainName 'shop.corp.test' has no certificate source a deploy can finish with; set web.hostedZoneId and web.hostedZoneName .*, or web.certificateArn/,
    );
  });

  test('with a hosted zone, the certificate is validated in it: CloudFormation writes the record and the deploy finishes', () => {
    const stage = build(real(PROD, { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'corp.test' }));
    Template.fromStack(stage.node.findChild('Web') as Stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'shop.corp.test',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'shop.corp.test', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
  });

  test('with a certificate ARN, no certificate is requested', () => {
    const stage = build(real(PROD, { certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abcd-1234` }));
    Template.fromStack(stage.node.findChild('Web') as Stack).resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('a non-strict profile without a source synthesizes, warning that the first deploy waits for a hand-made record', () => {
    const stage = build(real(STAGING, {}));
    const messages = stage.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(messages).toEqual([
      expect.stringMatching(
        /certificate for shop.corp.test is DNS-validated with no hosted zone.*cdk-ha-blueprint:certificateValidatedByHand/,
      ),
    ]);
  });

  test.each<[string, Partial<EnvironmentProfile['web']>, RegExp]>([
    ['a zone ID without its name', { hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, /web.hostedZoneId and web.hostedZoneName go together/],
    [
      'a domain outside the zone',
      { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'other.test' },
      /web.domainName 'shop.corp.test' is not in the zone web.hostedZoneName 'other.test'/,
    ],
  ])('a profile with %s fails before anything is built', (_name, web, message) => {
    expect(() => build(real(PROD, web))).toThrow(message);
  });
});
