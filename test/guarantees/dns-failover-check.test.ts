import { checkEnvironment, DNS_FAILOVER, Finding, PER_AZ_COVERAGE, STANDBY_TIERS } from '../../lib';
import { handWrittenRegionPair, pairModels, RegionPairTemplates } from '../fixtures/hand-written-region-pair';

/**
 * HA-REG-003 beyond the records themselves: what the health check really probes (an exact load
 * balancer name, its port, a path the load balancer forwards) and what the load balancers serve.
 * Each test edits the hand-written pair (test/fixtures/hand-written-region-pair.ts), which passes.
 */

/** HA-REG-003's findings on both sides after `mutate`, as "severity: message". */
function dnsFindingsAfter(mutate: (t: RegionPairTemplates) => void): string[] {
  const templates = handWrittenRegionPair();
  mutate(templates);
  const { primary, standby } = pairModels(templates);
  return [primary!, standby!].flatMap((m) => checkEnvironment(m, [DNS_FAILOVER])).map((f: Finding) => `${f.severity}: ${f.message}`);
}

const resources = (t: { Resources?: Record<string, any> }) => t.Resources as Record<string, any>;
const healthCheckConfig = (t: RegionPairTemplates) => resources(t.primary).HealthCheck.Properties.HealthCheckConfig;

/** A listener rule of the primary's HTTPS listener. */
const rule = (priority: number, paths: string[], action: Record<string, unknown>, extra: object[] = []) => ({
  Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  Properties: {
    ListenerArn: { Ref: 'Listener' },
    Priority: priority,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: paths } }, ...extra],
    Actions: [action],
  },
});
const FIXED_200 = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } };
const FORWARD = { Type: 'forward', TargetGroupArn: 'tg' };

test('the hand-written pair passes', () => {
  expect(dnsFindingsAfter(() => undefined)).toEqual([]);
});

describe('a path the load balancer answers itself fails', () => {
  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    [
      'an HTTP check on port 80, where the listener only redirects (Route 53 counts a 3xx healthy)',
      (t) => {
        healthCheckConfig(t).Type = 'HTTP';
        resources(t.primary).Redirect = {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            LoadBalancerArn: { Ref: 'Lb' },
            Port: 80,
            Protocol: 'HTTP',
            DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
          },
        };
      },
      /requests \/health on port 80, but on load balancer Lb listener Redirect answers \/health itself by its default action \(redirect\)/,
    ],
    [
      "the same check, held against the standby's load balancer, which has no listener on port 80",
      (t) => (healthCheckConfig(t).Type = 'HTTP'),
      /SECONDARY record app.example.com A .* answers with load balancer Lb of shop-west, which has no HTTP listener on port 80/,
    ],
    [
      'a fixed-response rule matching by wildcard',
      (t) => (resources(t.primary).Rule = rule(5, ['/heal*'], FIXED_200)),
      /listener rule Rule answers \/health itself \(fixed-response\)/,
    ],
    [
      'a fixed-response rule that also asks for a source IP (it may single out the checkers)',
      (t) =>
        (resources(t.primary).Rule = rule(5, ['/health'], FIXED_200, [{ Field: 'source-ip', SourceIpConfig: { Values: ['54.0.0.0/8'] } }])),
      /listener rule Rule may answer \/health itself \(fixed-response\)/,
    ],
    [
      'a rule that authenticates before forwarding (an unauthenticated checker is redirected)',
      (t) => (resources(t.primary).Rule = rule(5, ['/health'], { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: {} })),
      /listener rule Rule answers \/health itself \(authenticate-oidc, which answers an unauthenticated checker itself\)/,
    ],
  ])('%s', (_, mutate, message) => {
    expect(dnsFindingsAfter(mutate)).toContainEqual(expect.stringMatching(new RegExp(`^error: .*${message.source}`)));
  });

  test.each<[string, (t: RegionPairTemplates) => void]>([
    ['a fixed-response rule on another path', (t) => (resources(t.primary).Rule = rule(5, ['/admin/*'], FIXED_200))],
    [
      'a forward rule for /health ahead of a fixed-response catch-all',
      (t) => Object.assign(resources(t.primary), { Health: rule(1, ['/health'], FORWARD), CatchAll: rule(9, ['/*'], FIXED_200) }),
    ],
    ['a path pattern of another case (ALB paths are case-sensitive)', (t) => (resources(t.primary).Rule = rule(5, ['/HEALTH'], FIXED_200))],
  ])('passes with %s', (_, mutate) => {
    expect(dnsFindingsAfter(mutate)).toEqual([]);
  });
});

describe('what the health check probes', () => {
  test('a check of another load balancer than the one the record answers with fails', () => {
    expect(
      dnsFindingsAfter((t) => {
        resources(t.primary).Other = structuredClone(resources(t.primary).Lb);
        healthCheckConfig(t).FullyQualifiedDomainName = { 'Fn::GetAtt': ['Other', 'DNSName'] };
      }),
    ).toEqual([expect.stringMatching(/^error: Health check HealthCheck .* probes load balancer Other, but the record answers with Lb/)]);
  });

  test("'dualstack.' joined to the load balancer's DNSName is that load balancer", () => {
    expect(
      dnsFindingsAfter(
        (t) => (healthCheckConfig(t).FullyQualifiedDomainName = { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': ['Lb', 'DNSName'] }]] }),
      ),
    ).toEqual([]);
  });

  test('a regional name that is a failover record is not a name of the load balancer', () => {
    expect(
      dnsFindingsAfter((t) => {
        healthCheckConfig(t).FullyQualifiedDomainName = 'us-east-1.app.example.com';
        resources(t.primary).Regional = structuredClone(resources(t.primary).Primary);
        Object.assign(resources(t.primary).Regional.Properties, { Name: 'us-east-1.app.example.com.', HealthCheckId: undefined });
      }),
    ).toContainEqual(
      expect.stringMatching(/^error: Health check HealthCheck .* probes us-east-1.app.example.com, the failover name itself/),
    );
  });

  test('a TCP check with no Port cannot be followed to a listener', () => {
    expect(dnsFindingsAfter((t) => (healthCheckConfig(t).Type = 'TCP'))).toEqual([
      expect.stringMatching(
        /^error: cannot prove a health check on us-east-1's endpoint for HealthCheck: the Port of HealthCheck is not a literal number/,
      ),
    ]);
  });
});

describe('dns declared pending', () => {
  const pending = (t: RegionPairTemplates) =>
    (t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = [{ tier: 'dns', reason: 'records come later' }]);

  test('softens what is absent: a SECONDARY not written yet is a warning', () => {
    expect(
      dnsFindingsAfter((t) => {
        pending(t);
        delete resources(t.standby).Secondary;
      }),
    ).toEqual([expect.stringMatching(/^warning: No SECONDARY record in shop-west answers for app.example.com A/)]);
  });

  test('does not soften what is built wrong: a plain AAAA record beside the pair is an error', () => {
    expect(
      dnsFindingsAfter((t) => {
        pending(t);
        resources(t.standby).Plain = structuredClone(resources(t.standby).Secondary);
        Object.assign(resources(t.standby).Plain.Properties, { Type: 'AAAA', Failover: undefined, SetIdentifier: undefined });
      }),
    ).toEqual([
      expect.stringMatching(/^error: Record app.example.com AAAA in zone z0123456789abc of shop-west answers for the failover name/),
    ]);
  });
});

describe('malformed metadata and alarms fail closed', () => {
  test('a standbyFor.pending that is not a list leaves the pair unproven', () => {
    const templates = handWrittenRegionPair();
    templates.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = { tier: 'dns' };
    const { standby } = pairModels(templates);
    expect(checkEnvironment(standby!, [STANDBY_TIERS]).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      expect.stringMatching(/^error: cannot prove .*shop-west's standbyFor.pending is \{"tier":"dns"\}, not a list of \{ tier, reason \}/),
    ]);
  });

  test('an alarm whose Metrics is not a list watches no AZ', () => {
    const templates = handWrittenRegionPair();
    resources(templates.standby).ReplicaLag.Properties.Metrics = { lag: {} };
    const { standby } = pairModels(templates);
    expect(() => checkEnvironment(standby!, [PER_AZ_COVERAGE])).not.toThrow();
  });
});
