import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CfnTemplate, checkEnvironment, environmentsOfAssembly, PROD, UnreadableInputError } from '../../lib';
import { modelOf, modelOfTemplates, synthEnvironment } from '../support/model';

/** Holes the adversarial review named beyond its red tests, each closed and held here. */
type Templates = Record<string, CfnTemplate & { Resources: Record<string, any>; Outputs?: Record<string, any> }>;
const prod = synthEnvironment(PROD) as Templates;
const errorsAfter = (mutate: (t: Templates) => void) => {
  const copy = structuredClone(prod);
  mutate(copy);
  return checkEnvironment(modelOfTemplates(copy)).filter((f) => f.severity === 'error');
};
const webGroup = (t: Templates) => Object.values<any>(t['prod-Web'].Resources).find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');

describe('the engine reads values as CloudFormation does', () => {
  test.each(['0x9', ' 9', '9e0', ''])('a MinSize of %p is not taken for a number', (minSize) => {
    const errors = errorsAfter((t) => (webGroup(t).Properties.MinSize = minSize));
    expect(errors.map((f) => [f.checkId, f.message])).toEqual(
      expect.arrayContaining([
        ['HA-WEB-001', expect.stringMatching(/^cannot prove static stability .*MinSize .* is .*not a number CloudFormation reads as one/)],
      ]),
    );
  });

  test('a Memcached cluster in one AZ, or a standalone Redis node, cannot fail over', () => {
    const cluster = (props: Record<string, unknown>) => ({
      Resources: {
        C: { Type: 'AWS::ElastiCache::CacheCluster', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: props },
      },
    });
    const messages = (props: Record<string, unknown>) =>
      checkEnvironment(modelOf(cluster(props)))
        .filter((f) => f.checkId === 'HA-DATA-003')
        .map((f) => f.message);
    expect(messages({ Engine: 'redis', NumCacheNodes: 1 })).toEqual([expect.stringMatching(/standalone node with no replica/)]);
    expect(messages({ Engine: 'memcached', NumCacheNodes: 3 })).toEqual([
      expect.stringMatching(/AZMode single-az; losing one AZ loses every node/),
    ]);
    expect(messages({ Engine: 'memcached', NumCacheNodes: 3, AZMode: 'cross-az' })).toEqual([]);
  });
});

describe('secrets outside resource properties', () => {
  test('an ElastiCache user’s password list, an output shaped like an access key, a password in cfn-init metadata', () => {
    const errors = errorsAfter((t) => {
      t['prod-Data'].Resources.User = {
        Type: 'AWS::ElastiCache::User',
        Properties: { UserId: 'app', UserName: 'app', Engine: 'redis', Passwords: ['correct-horse-battery'] },
      };
      t['prod-Data'].Outputs = { ...t['prod-Data'].Outputs, Leak: { Value: 'AKIAIOSFODNN7EXAMPLE' } };
      webGroup(t).Metadata = {
        ...webGroup(t).Metadata,
        'AWS::CloudFormation::Init': { config: { files: { '/etc/app': { content: 'x', DbPassword: 'hunter2hunter2' } } } },
      };
    });
    expect(errors.filter((f) => f.checkId === 'HA-SEC-002').map((f) => f.logicalId)).toEqual(
      expect.arrayContaining(['User', 'Leak', expect.stringMatching(/^WebAutoScalingGroup/)]),
    );
  });
});

describe('inputs the model cannot tell apart', () => {
  test('two stacks with one name make every reference to it ambiguous', () => {
    const copy = structuredClone(prod);
    const model = modelOfTemplates(copy);
    const doubled = new (model.constructor as any)([...model.stacks, { ...model.stacks[0] }], 'us-east-1');
    expect(checkEnvironment(doubled).map((f) => f.checkId)).toContain('HA-ENV-001');
  });

  test('a nested assembly that points back at its parent is unreadable, not an endless walk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-'));
    mkdirSync(join(dir, 'inner'));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ artifacts: { self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } } }),
    );
    expect(() => environmentsOfAssembly(dir)).toThrow(UnreadableInputError);
  });
});
