import {
  checkEnvironment,
  estimateRegionLoss,
  Finding,
  GuaranteeCheck,
  REGION_POLICY_MET,
  regionPairOf,
  REGIONAL_KEYS,
  REPLICATED_FROM_PRIMARY,
  STANDBY_TIERS,
} from '../../lib';
import { ACCOUNT, handWrittenRegionPair, PAIR_TERMS, pairModels, RegionPairTemplates } from '../fixtures/hand-written-region-pair';

/**
 * What the HA-REG checks and HA-AVL-002 learnt from the third adversarial review
 * (adversary3-findings.test.ts holds the bypasses): the shapes they now accept as well as refuse,
 * so that each rule is shown both ways on the hand-written pair.
 */

const CHECKS: readonly GuaranteeCheck[] = [STANDBY_TIERS, REPLICATED_FROM_PRIMARY, REGIONAL_KEYS, REGION_POLICY_MET];
const resources = (t: { Resources?: Record<string, any> }) => t.Resources as Record<string, any>;
const env = (t: Record<string, any>) => t.Metadata['cdk-ha-blueprint:environment'];
const STANDBY_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PRIMARY_KEY = STANDBY_KEY.replace('us-west-2', 'us-east-1');

/** Both sides' findings after `mutate`, as "checkId severity: message". */
function findingsAfter(mutate: (t: RegionPairTemplates) => void, checks: readonly GuaranteeCheck[] = CHECKS): string[] {
  const templates = handWrittenRegionPair();
  mutate(templates);
  const { primary, standby } = pairModels(templates);
  return [primary!, standby!].flatMap((m) => checkEnvironment(m, checks)).map((f: Finding) => `${f.checkId} ${f.severity}: ${f.message}`);
}

function estimate(mutate: (t: RegionPairTemplates) => void) {
  const templates = handWrittenRegionPair();
  mutate(templates);
  const of = regionPairOf(pairModels(templates).standby!);
  if (of.kind !== 'pair') {
    throw new Error('not paired');
  }
  return estimateRegionLoss(of.pair);
}

/** The replica made MySQL (which reports ReplicaLag -1 when replication stops). */
const mysql = (t: RegionPairTemplates) => {
  resources(t.primary).Db.Properties.Engine = 'mysql';
  resources(t.standby).ParameterGroup.Properties.Family = 'mysql8.0';
};

/** The replica's lag alarm rewritten as metric math returning `expression` over `lag`. */
const asMath = (expression: string) => (t: RegionPairTemplates) => {
  const props = resources(t.standby).ReplicaLag.Properties;
  const stat = { Metric: { MetricName: 'ReplicaLag', Namespace: 'AWS/RDS', Dimensions: props.Dimensions }, Period: 60, Stat: 'Maximum' };
  for (const key of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Period']) {
    delete props[key];
  }
  props.Metrics = [
    { Id: 'lag', MetricStat: stat, ReturnData: false },
    { Id: 'e', Expression: expression, ReturnData: true },
  ];
};

/** A second alarm on the replica's ReplicaLag firing below zero. */
const negativeAlarm =
  (extra: Record<string, unknown> = {}) =>
  (t: RegionPairTemplates) => {
    resources(t.standby).StoppedLag = structuredClone(resources(t.standby).ReplicaLag);
    Object.assign(resources(t.standby).StoppedLag.Properties, { Threshold: 0, ComparisonOperator: 'LessThanThreshold', ...extra });
  };

const both =
  (...edits: Array<(t: RegionPairTemplates) => void>) =>
  (t: RegionPairTemplates) =>
    edits.forEach((edit) => edit(t));

describe('lag alarms that see the lag', () => {
  test.each<[string, (t: RegionPairTemplates) => void]>([
    ['a MySQL replica with a plain alarm and a routed alarm on lag < 0', both(mysql, negativeAlarm())],
    ["a MySQL replica with HaCrossRegionReplica's guard", both(mysql, asMath('IF(lag < 0, 61, lag)'))],
    ['a MySQL replica with the guard written the other way round', both(mysql, asMath('IF(lag >= 0, lag, 1000)'))],
    [
      'a replica whose engine is named by its own Engine (postgres), with a plain alarm',
      (t) => {
        resources(t.standby).Replica.Properties.Engine = 'postgres';
      },
    ],
  ])('%s passes', (_, mutate) => {
    expect(findingsAfter(mutate)).toEqual([]);
  });

  test.each<[string, (t: RegionPairTemplates) => void]>([
    ['a MySQL replica whose lag < 0 alarm notifies nobody', both(mysql, negativeAlarm({ AlarmActions: [] }))],
    ['a MySQL replica whose only guard is MAX([lag])', both(mysql, asMath('MAX([lag])'))],
    ['a MySQL replica whose guard maps -1 to the threshold itself', both(mysql, asMath('IF(lag < 0, 60, lag)'))],
    [
      'a replica whose engine is not named (it may be MySQL), with a plain alarm',
      (t) => {
        delete resources(t.standby).Replica.Properties.DBParameterGroupName;
      },
    ],
    ['a lag alarm with no Namespace', (t) => delete resources(t.standby).ReplicaLag.Properties.Namespace],
    ['a lag alarm with no dimension', (t) => (resources(t.standby).ReplicaLag.Properties.Dimensions = [])],
  ])('%s fails HA-REG-001', (_, mutate) => {
    expect(findingsAfter(mutate, [STANDBY_TIERS])).toEqual([
      expect.stringMatching(/^HA-REG-001 error: No alarm that notifies a topic watches the replication lag of Replica/),
    ]);
  });

  test('a metric in milliseconds divided by 1000 is compared in seconds: the RPO is the threshold in seconds + the window', () => {
    // Synthetic, in the Aurora secondary's form (ms to s): lag / 1000 > 60 fires above 60 000 of the
    // metric's unit, ReplicaLag's seconds here; held for 3 x 60 s.
    const e = estimate(asMath('lag / 1000'));
    expect(e.rpoSeconds).toBe(PAIR_TERMS.lagThreshold * 1000 + PAIR_TERMS.lagWindow);
    const seconds = estimate((t) => {
      asMath('lag * 2')(t);
    });
    // lag * 2 > 60 fires above 30 s of lag.
    expect(seconds.rpoSeconds).toBe(PAIR_TERMS.lagThreshold / 2 + PAIR_TERMS.lagWindow);
  });

  test('the RPO comes from the routed alarm: an unrouted stricter one is ignored, a routed one counts', () => {
    const quiet = (routed: boolean) => (t: RegionPairTemplates) => {
      resources(t.standby).Quiet = structuredClone(resources(t.standby).ReplicaLag);
      Object.assign(resources(t.standby).Quiet.Properties, { Threshold: 1 });
      if (!routed) {
        delete resources(t.standby).Quiet.Properties.AlarmActions;
      }
    };
    expect(estimate(quiet(false)).rpoSeconds).toBe(PAIR_TERMS.lagThreshold + PAIR_TERMS.lagWindow);
    expect(estimate(quiet(true)).rpoSeconds).toBe(1 + PAIR_TERMS.lagWindow);
  });
});

describe('HA-REG-001: data and cache tiers', () => {
  const table = (type: string, properties: Record<string, unknown> = {}) => ({
    Type: type,
    Properties: {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...properties,
    },
  });

  test('a primary global table with a replica in the standby Region passes; one without fails', () => {
    const global = (regions: string[]) => (t: RegionPairTemplates) => {
      resources(t.primary).Carts = table('AWS::DynamoDB::GlobalTable', { Replicas: regions.map((Region) => ({ Region })) });
    };
    expect(findingsAfter(global(['us-east-1', 'us-west-2']), [STANDBY_TIERS])).toEqual([]);
    expect(findingsAfter(global(['us-east-1', 'eu-west-1']), [STANDBY_TIERS])).toEqual([
      expect.stringMatching(/^HA-REG-001 error: The primary shop has 1 DynamoDB table\(s\) with no replica in us-west-2 \(Carts\)/),
    ]);
  });

  test("a global table's replica Region that cannot be resolved fails closed", () => {
    expect(
      findingsAfter(
        (t) => {
          t.primary.Parameters = { Other: { Type: 'String' } };
          resources(t.primary).Carts = table('AWS::DynamoDB::GlobalTable', { Replicas: [{ Region: { Ref: 'Other' } }] });
        },
        [STANDBY_TIERS],
      ),
    ).toEqual([expect.stringMatching(/^HA-REG-001 error: cannot prove a replica in us-west-2 for Carts/)]);
  });

  test("a plain primary table is matched by a table of the standby (the tier serves; its items are a global table's business)", () => {
    const plain = (t: RegionPairTemplates) => (resources(t.primary).Carts = table('AWS::DynamoDB::Table'));
    expect(
      findingsAfter(
        both(plain, (t) => (resources(t.standby).Carts = table('AWS::DynamoDB::Table'))),
        [STANDBY_TIERS],
      ),
    ).toEqual([]);
  });

  test('a serverless cache in each Region passes', () => {
    const serverless = { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'valkey', ServerlessCacheName: 'shop' } };
    expect(
      findingsAfter(
        (t) => {
          delete resources(t.primary).Cache;
          delete resources(t.standby).Cache;
          resources(t.primary).Serverless = serverless;
          resources(t.standby).Serverless = structuredClone(serverless);
        },
        [STANDBY_TIERS],
      ),
    ).toEqual([]);
  });

  test('two writers each with their own replica pass', () => {
    expect(
      findingsAfter(
        (t) => {
          resources(t.primary).Db2 = structuredClone(resources(t.primary).Db);
          t.primary.Outputs.Db2Arn = { Value: { 'Fn::Join': ['', [`arn:aws:rds:us-east-1:${ACCOUNT}:db:`, { Ref: 'Db2' }]] } };
          resources(t.standby).Replica2 = structuredClone(resources(t.standby).Replica);
          resources(t.standby).Replica2.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-east-1:${ACCOUNT}:db:shop-db-generated2`;
          resources(t.standby).Replica2Lag = structuredClone(resources(t.standby).ReplicaLag);
          resources(t.standby).Replica2Lag.Properties.Dimensions[0].Value = { Ref: 'Replica2' };
        },
        [STANDBY_TIERS, REPLICATED_FROM_PRIMARY],
      ),
    ).toEqual([]);
  });
});

describe('HA-REG-004: keys recognised by value', () => {
  test.each<[string, Record<string, any>]>([
    ['a Kinesis stream', { Type: 'AWS::Kinesis::Stream', Properties: { StreamEncryption: { EncryptionType: 'KMS', KeyId: STANDBY_KEY } } }],
    [
      'a Backup vault',
      { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'dr', EncryptionKeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    ],
    ['a CodeBuild project', { Type: 'AWS::CodeBuild::Project', Properties: { EncryptionKey: { Ref: 'Key' } } }],
    [
      'a bucket whose key is chosen by Fn::If between two keys of the standby',
      {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: { 'Fn::If': ['Always', STANDBY_KEY, { 'Fn::GetAtt': ['Key', 'Arn'] }] },
                },
              },
            ],
          },
        },
      },
    ],
  ])('%s with a key of the standby Region passes', (_, resource) => {
    expect(
      findingsAfter(
        (t) => {
          t.standby.Conditions = { Always: { 'Fn::Equals': ['a', 'a'] } };
          resources(t.standby).Keyed = resource;
        },
        [REGIONAL_KEYS],
      ),
    ).toEqual([]);
  });

  test.each<[string, Record<string, any>, RegExp]>([
    [
      'a key ARN of the primary in a property named for nothing (an EKS provider KeyArn)',
      { Type: 'AWS::EKS::Cluster', Properties: { EncryptionConfig: [{ Provider: { KeyArn: PRIMARY_KEY }, Resources: ['secrets'] }] } },
      /EncryptionConfig\[0\]\.Provider\.KeyArn of Keyed is a key of us-east-1/,
    ],
    [
      'a bare key ID under KeyId',
      {
        Type: 'AWS::Kinesis::Stream',
        Properties: { StreamEncryption: { EncryptionType: 'KMS', KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } },
      },
      /a key ID or alias name that is looked up in whichever Region deploys it/,
    ],
    [
      'a primary key in the false branch of an Fn::If',
      { Type: 'AWS::CodeBuild::Project', Properties: { EncryptionKey: { 'Fn::If': ['Always', STANDBY_KEY, PRIMARY_KEY] } } },
      /EncryptionKey \(Fn::If false\) of Keyed is a key of us-east-1/,
    ],
    [
      'a KMS ARN joined around a parameter',
      {
        Type: 'AWS::CodeBuild::Project',
        Properties: { EncryptionKey: { 'Fn::Join': ['', ['arn:aws:kms:', { Ref: 'KeyRegion' }, `:${ACCOUNT}:key/abc`]] } },
      },
      /cannot prove that EncryptionKey names a key of us-west-2/,
    ],
  ])('%s fails', (_, resource, message) => {
    expect(
      findingsAfter(
        (t) => {
          t.standby.Conditions = { Always: { 'Fn::Equals': ['a', 'a'] } };
          t.standby.Parameters = { KeyRegion: { Type: 'String' } };
          resources(t.standby).Keyed = resource;
        },
        [REGIONAL_KEYS],
      ),
    ).toEqual([expect.stringMatching(new RegExp(`^HA-REG-004 error: .*${message.source}`))]);
  });

  test('a name that is not a key property and a value that is no key are left alone (an API usage plan key)', () => {
    expect(
      findingsAfter(
        (t) => {
          resources(t.standby).Api = { Type: 'AWS::ApiGateway::ApiKey', Properties: {} };
          resources(t.standby).PlanKey = {
            Type: 'AWS::ApiGateway::UsagePlanKey',
            Properties: { KeyId: { Ref: 'Api' }, KeyType: 'API_KEY' },
          };
        },
        [REGIONAL_KEYS],
      ),
    ).toEqual([]);
  });
});

describe('HA-AVL-002: the policy and the scale-up term', () => {
  test("the primary's bound holds when the standby declares a looser one", () => {
    const findings = findingsAfter(
      (t) => {
        env(t.standby).availabilityPolicy.bounds.region = { maxRtoSeconds: 100_000, maxRpoSeconds: 100_000 };
        resources(t.standby).Group.Properties.HealthCheckGracePeriod = 3600;
      },
      [REGION_POLICY_MET],
    );
    expect(findings).toEqual([expect.stringMatching(/^HA-AVL-002 error: Region loss: the RTO is \d+ s .*above the policy's 1800 s/)]);
  });

  test("the standby's bound holds when the primary declares none", () => {
    const findings = findingsAfter(
      (t) => {
        delete env(t.primary).availabilityPolicy.bounds.region;
        env(t.standby).availabilityPolicy.bounds.region = { maxRpoSeconds: 100 };
      },
      [REGION_POLICY_MET],
    );
    expect(findings).toEqual([expect.stringMatching(/^HA-AVL-002 error: Region loss: the RPO is 240 s .*above the policy's 100 s/)]);
  });

  test('a primary web group without a capacity plan leaves the scale-up term unbounded', () => {
    const e = estimate((t) => delete resources(t.primary).Group.Metadata);
    expect(e.rtoSeconds).toBeUndefined();
    expect(e.rtoTerms.find((term) => term.term === 'scale-up')?.basis).toMatch(
      /^cannot prove the scale-up term: the primary's group Group has no/,
    );
  });
});
