import {
  checkEnvironment,
  DNS_FAILOVER,
  estimateRegionLoss,
  Finding,
  GuaranteeCheck,
  REGION_POLICY_MET,
  regionPairOf,
  REGIONAL_KEYS,
  REPLICA_SPREAD,
  REPLICATED_FROM_PRIMARY,
  STANDBY_TIERS,
} from '../../lib';
import {
  ACCOUNT,
  handWrittenRegionPair,
  PAIR_TERMS,
  pairModels,
  PRIMARY_REGION,
  RegionPairTemplates,
  STANDBY_REGION,
} from '../fixtures/hand-written-region-pair';

const REGION_CHECKS: readonly GuaranteeCheck[] = [STANDBY_TIERS, REPLICATED_FROM_PRIMARY, DNS_FAILOVER, REGIONAL_KEYS, REGION_POLICY_MET];

/** The findings of both sides of the pair after `mutate`, as "checkId severity: message". */
function findingsAfter(
  mutate: (t: RegionPairTemplates) => void = () => undefined,
  checks: readonly GuaranteeCheck[] = REGION_CHECKS,
  sides: Array<keyof RegionPairTemplates> = ['primary', 'standby'],
): string[] {
  const templates = handWrittenRegionPair();
  mutate(templates);
  const models = pairModels(Object.fromEntries(sides.map((s) => [s, templates[s]])));
  return Object.values(models)
    .flatMap((m) => (m ? checkEnvironment(m, checks) : []))
    .map((f: Finding) => `${f.checkId} ${f.severity}: ${f.message}`);
}

const resources = (t: { Resources?: Record<string, any> }) => t.Resources as Record<string, any>;

describe('the Region pair', () => {
  test('a hand-written primary and standby keep every HA-REG guarantee and the Region-loss policy', () => {
    expect(findingsAfter()).toEqual([]);
  });

  test('pairs the standby with the primary it declares, both ways, with both Regions and the account', () => {
    const { primary, standby } = pairModels(handWrittenRegionPair());
    const fromStandby = regionPairOf(standby!);
    const fromPrimary = regionPairOf(primary!);
    expect(fromStandby).toMatchObject({
      kind: 'pair',
      role: 'standby',
      pair: { primaryRegion: PRIMARY_REGION, standbyRegion: STANDBY_REGION, primaryAccount: ACCOUNT },
    });
    expect(fromPrimary).toMatchObject({ kind: 'pair', role: 'primary' });
  });

  test.each<[string, Array<keyof RegionPairTemplates>, RegExp]>([
    ['the standby alone', ['standby'], /shop-west stands by for shop in us-east-1/],
    ['the primary alone', ['primary'], /shop declares its standby shop-west in us-west-2/],
  ])('given %s, every HA-REG check fails closed: the other Region was not given', (_, sides, who) => {
    const findings = findingsAfter(undefined, REGION_CHECKS, sides);
    expect(findings.map((f) => f.split(' ')[0])).toEqual(['HA-REG-001', 'HA-REG-002', 'HA-REG-003', 'HA-REG-004', 'HA-AVL-002']);
    for (const f of findings) {
      expect(f).toMatch(/error: cannot prove .*: the other Region's templates were not given/);
      expect(f).toMatch(who);
    }
  });

  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    [
      'the standby names the wrong primary Region',
      (t) => (t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.region = 'eu-west-1'),
      /stands by for eu-west-1, but shop's stacks deploy to us-east-1/,
    ],
    [
      'the standby names another account',
      (t) => (t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.account = '222222222222'),
      /declares shop's account 222222222222, but its stacks deploy to 111111111111/,
    ],
  ])('fails closed when %s', (_, mutate, message) => {
    const findings = findingsAfter(mutate, [STANDBY_TIERS]);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f).toMatch(/^HA-REG-001 error: cannot prove that the standby has every tier/);
      expect(f).toMatch(message);
    }
  });
});

test('fails closed on both sides when the primary declares another standby', () => {
  expect(findingsAfter((t) => (t.primary.Metadata['cdk-ha-blueprint:environment'].standby.name = 'shop-eu'), [STANDBY_TIERS])).toEqual([
    expect.stringMatching(
      /^HA-REG-001 error: cannot prove .*: the other Region's templates were not given: shop declares its standby shop-eu/,
    ),
    expect.stringMatching(/^HA-REG-001 error: cannot prove .*: shop-west stands by for shop, but shop declares shop-eu as its standby/),
  ]);
});

describe('HA-REG-001: the standby has every tier', () => {
  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    ['no replica', (t) => delete resources(t.standby).Replica, /1 DB instance writer\(s\) \(Db\), the standby 0 cross-Region replica/],
    ['no cache', (t) => delete resources(t.standby).Cache, /has a cache and the standby none/],
    ['no queue', (t) => delete resources(t.standby).Orders, /has queues and the standby none/],
    ['no load balancer', (t) => delete resources(t.standby).Lb, /The standby has no load balancer/],
    ['no web group', (t) => delete resources(t.standby).Group, /runs 1 web Auto Scaling group\(s\), the standby 0 \(none matches Group\)/],
    [
      'a network in one AZ',
      (t) => (resources(t.standby).Subnet1.Properties.AvailabilityZone = 'us-west-2a'),
      /spans 1 AZ\(s\) of us-west-2 \(us-west-2a\); the environment requires at least 2/,
    ],
    [
      'a declared AZ without a subnet',
      (t) => (t.standby.Metadata['cdk-ha-blueprint:environment'].availabilityZones = ['us-west-2a', 'us-west-2b', 'us-west-2c']),
      /declares AZs us-west-2a, us-west-2b, us-west-2c but has no subnet in us-west-2c/,
    ],
    [
      'no lag alarm on the replica',
      (t) => delete resources(t.standby).ReplicaLag,
      /No alarm that notifies a topic watches the replication lag of Replica/,
    ],
    [
      'a lag alarm that fires when the lag is low',
      (t) => (resources(t.standby).ReplicaLag.Properties.ComparisonOperator = 'LessThanThreshold'),
      /No alarm that notifies a topic watches the replication lag of Replica/,
    ],
    [
      'a metric-math lag alarm whose expression hides the lag',
      (t) => {
        const props = resources(t.standby).ReplicaLag.Properties;
        const stat = {
          Metric: { MetricName: 'ReplicaLag', Namespace: 'AWS/RDS', Dimensions: props.Dimensions },
          Period: 60,
          Stat: 'Maximum',
        };
        for (const key of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Period']) {
          delete props[key];
        }
        props.Metrics = [
          { Id: 'lag', MetricStat: stat, ReturnData: false },
          { Id: 'e', Expression: 'lag * 0', ReturnData: true },
        ];
      },
      /No alarm that notifies a topic watches the replication lag of Replica/,
    ],
    [
      'a lag alarm that notifies nobody',
      (t) => delete resources(t.standby).ReplicaLag.Properties.AlarmActions,
      /No alarm that notifies a topic watches the replication lag of Replica/,
    ],
  ])('fails a standby with %s', (_, mutate, message) => {
    expect(findingsAfter(mutate, [STANDBY_TIERS])).toEqual([expect.stringMatching(new RegExp(`^HA-REG-001 error: .*${message.source}`))]);
  });

  test('fails a standby with a subnet in the primary Region, and the AZs it lacks in its own', () => {
    expect(findingsAfter((t) => (resources(t.standby).Subnet1.Properties.AvailabilityZone = 'us-east-1b'), [STANDBY_TIERS])).toEqual([
      expect.stringMatching(/^HA-REG-001 error: Subnet Subnet1 is in us-east-1b, outside the standby's Region us-west-2/),
      expect.stringMatching(/^HA-REG-001 error: The standby's network spans 1 AZ\(s\) of us-west-2 \(us-west-2a\)/),
    ]);
  });

  test("a metric-math lag alarm in HaCrossRegionReplica's form (-1 counted above the threshold) watches the lag", () => {
    const guarded = (expression: string) => (t: RegionPairTemplates) => {
      const props = resources(t.standby).ReplicaLag.Properties;
      const stat = {
        Metric: { MetricName: 'ReplicaLag', Namespace: 'AWS/RDS', Dimensions: props.Dimensions },
        Period: 60,
        Stat: 'Maximum',
      };
      for (const key of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Period']) {
        delete props[key];
      }
      props.Metrics = [
        { Id: 'lag', MetricStat: stat, ReturnData: false },
        { Id: 'e', Expression: expression, ReturnData: true },
      ];
    };
    expect(findingsAfter(guarded('IF(lag < 0, 61, lag)'), [STANDBY_TIERS, REGION_POLICY_MET])).toEqual([]);
    // A replacement at or below the threshold would keep a stopped MySQL replica's alarm OK.
    expect(findingsAfter(guarded('IF(lag < 0, 60, lag)'), [STANDBY_TIERS])).toEqual([
      expect.stringMatching(/^HA-REG-001 error: No alarm that notifies a topic watches the replication lag of Replica/),
    ]);
  });

  test('a tier the standby declares not built yet is a warning with the reason, even in a strict environment', () => {
    const findings = findingsAfter(
      (t) => {
        delete resources(t.standby).Cache;
        t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = [{ tier: 'cache', reason: 'built next sprint' }];
      },
      [STANDBY_TIERS],
    );
    expect(findings).toEqual([expect.stringMatching(/^HA-REG-001 warning: The primary shop has a cache and the standby none/)]);
    const [finding] = checkEnvironment(
      pairModels(
        (() => {
          const t = handWrittenRegionPair();
          delete resources(t.standby).Cache;
          t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = [{ tier: 'cache', reason: 'built next sprint' }];
          return t;
        })(),
      ).standby!,
      [STANDBY_TIERS],
    );
    expect(finding.acknowledged).toBe('declared not built yet: built next sprint');
  });

  test('an Aurora primary needs a secondary cluster in its global database', () => {
    const aurora = (t: RegionPairTemplates) => {
      delete resources(t.primary).Db;
      delete t.primary.Outputs;
      delete resources(t.standby).Replica;
      delete resources(t.standby).ReplicaLag;
      Object.assign(resources(t.primary), {
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', GlobalClusterIdentifier: { Ref: 'Global' } } },
        Global: { Type: 'AWS::RDS::GlobalCluster', Properties: { GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql' } },
      });
      Object.assign(resources(t.standby), {
        Secondary: {
          Type: 'AWS::RDS::DBCluster',
          Properties: { Engine: 'aurora-postgresql', GlobalClusterIdentifier: 'shop-global', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        },
        // A secondary with no instance serves no query (HA-REG-001): this one has a reader.
        SecondaryReader: {
          Type: 'AWS::RDS::DBInstance',
          Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'Secondary' }, DBInstanceClass: 'db.r7g.large' },
        },
        GlobalLag: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            MetricName: 'AuroraGlobalDBReplicationLag',
            Namespace: 'AWS/RDS',
            Dimensions: [{ Name: 'DBClusterIdentifier', Value: { Ref: 'Secondary' } }],
            Period: 60,
            EvaluationPeriods: 2,
            Threshold: 5000,
            ComparisonOperator: 'GreaterThanThreshold',
            TreatMissingData: 'breaching',
            AlarmActions: [{ Ref: 'Topic' }],
          },
        },
      });
    };
    expect(findingsAfter(aurora, [STANDBY_TIERS, REPLICATED_FROM_PRIMARY])).toEqual([]);
    expect(
      findingsAfter(
        (t) => {
          aurora(t);
          resources(t.standby).Secondary.Properties.GlobalClusterIdentifier = 'other-global';
        },
        [STANDBY_TIERS, REPLICATED_FROM_PRIMARY],
      ),
    ).toEqual([
      expect.stringMatching(/^HA-REG-001 error: No DB cluster of the standby joins global database shop-global/),
      expect.stringMatching(
        /^HA-REG-002 error: Secondary joins global database other-global, which no AWS::RDS::GlobalCluster of shop is \(shop-global\)/,
      ),
    ]);
    expect(
      findingsAfter(
        (t) => {
          aurora(t);
          delete resources(t.primary).Cluster.Properties.GlobalClusterIdentifier;
        },
        [STANDBY_TIERS],
      ),
    ).toEqual([expect.stringMatching(/^HA-REG-001 error: Aurora cluster Cluster belongs to no global database/)]);
    // A global cluster named at deploy time cannot be matched across Regions: both checks fail closed.
    expect(
      findingsAfter(
        (t) => {
          aurora(t);
          resources(t.primary).Global.Properties.GlobalClusterIdentifier = { Ref: 'AWS::StackName' };
        },
        [STANDBY_TIERS, REPLICATED_FROM_PRIMARY],
      ),
    ).toEqual([
      expect.stringMatching(
        /^HA-REG-001 error: cannot prove a secondary of Cluster in us-west-2: global cluster Global has no literal GlobalClusterIdentifier/,
      ),
      expect.stringMatching(
        /^HA-REG-002 error: cannot prove replication from the primary's global database for Secondary: global cluster Global has no literal/,
      ),
    ]);
  });
});

describe('HA-REG-002: the standby replicates the primary', () => {
  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    [
      "a replica whose source is in the standby's own Region",
      (t) => (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:${STANDBY_REGION}:${ACCOUNT}:db:local`),
      /is in us-west-2, the standby's own Region/,
    ],
    [
      'a replica of a third Region',
      (t) => (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:other`),
      /is in eu-west-1, not in shop's Region us-east-1/,
    ],
    [
      'a replica of another account',
      (t) => (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:${PRIMARY_REGION}:999999999999:db:x`),
      /is in account 999999999999, not shop's account 111111111111/,
    ],
    [
      'a replica configured for another engine',
      (t) => (resources(t.standby).ParameterGroup.Properties.Family = 'mysql8.0'),
      /configured for engine mysql8.0, but shop's DB instance writers run postgres/,
    ],
    [
      "a replica naming an identifier the primary's named writer does not have",
      (t) => (resources(t.primary).Db.Properties.DBInstanceIdentifier = 'shop-db'),
      /names DB instance shop-db-generated1, but shop's writers are shop-db/,
    ],
    [
      "a primary that does not output its database's ARN",
      (t) => delete t.primary.Outputs,
      /shop does not output the ARN of DB instance Db/,
    ],
  ])('fails %s', (_, mutate, message) => {
    expect(findingsAfter(mutate, [REPLICATED_FROM_PRIMARY])).toEqual([
      expect.stringMatching(new RegExp(`^HA-REG-002 error: .*${message.source}`)),
    ]);
  });

  test('HA-DATA-002 leaves the cross-Region replica to HA-REG, but still cannot prove a replica named by an ARN of its own Region', () => {
    const replicaSpread = (mutate?: (t: RegionPairTemplates) => void) => findingsAfter(mutate, [REPLICA_SPREAD], ['standby']);
    expect(replicaSpread()).toEqual([]);
    expect(
      replicaSpread(
        (t) => (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:${STANDBY_REGION}:${ACCOUNT}:db:x`),
      ),
    ).toEqual([expect.stringMatching(/^HA-DATA-002 error: cannot prove replica placement for Replica/)]);
  });
});

describe('HA-REG-003: DNS fails over on a health check', () => {
  test.each<[string, (t: RegionPairTemplates) => void, RegExp[]]>([
    [
      'no health check on the PRIMARY record',
      (t) => delete resources(t.primary).Primary.Properties.HealthCheckId,
      [/PRIMARY record app.example.com A in zone z0123456789abc has no health check/],
    ],
    [
      'a SECONDARY record with a different name',
      (t) => (resources(t.standby).Secondary.Properties.Name = 'www.example.com'),
      [/No SECONDARY record in shop-west answers for app.example.com A/, /SECONDARY record www.example.com A .* has no PRIMARY record/],
    ],
    [
      'a SECONDARY record in another hosted zone',
      (t) => (resources(t.standby).Secondary.Properties.HostedZoneId = 'ZOTHER'),
      [/No SECONDARY record in shop-west answers/, /has no PRIMARY record of the same name, type and hosted zone/],
    ],
    ['no PRIMARY record at all', (t) => delete resources(t.primary).Primary, [/shop has no Route 53 record with Failover PRIMARY/]],
    [
      'a health check on another endpoint',
      (t) => (resources(t.primary).HealthCheck.Properties.HealthCheckConfig.FullyQualifiedDomainName = 'status.example.net'),
      [/probes status.example.net, not shop's load balancer in us-east-1/],
    ],
    [
      "a SECONDARY alias to the primary Region's address",
      (t) => (resources(t.standby).Secondary.Properties.AliasTarget.DNSName = 'dualstack.shop-123.us-east-1.elb.amazonaws.com'),
      [/SECONDARY record app.example.com A .* is an alias to something other than a load balancer of shop-west's templates/],
    ],
    [
      'a disabled health check',
      (t) => (resources(t.primary).HealthCheck.Properties.HealthCheckConfig.Disabled = true),
      [/Health check HealthCheck of PRIMARY record app.example.com A .* is disabled: Route 53 then reports it healthy/],
    ],
    [
      'an inverted health check',
      (t) => (resources(t.primary).HealthCheck.Properties.HealthCheckConfig.Inverted = 'true'),
      [/Health check HealthCheck of PRIMARY record .* is inverted/],
    ],
    [
      'a calculated health check',
      (t) => (resources(t.primary).HealthCheck.Properties.HealthCheckConfig.Type = 'CALCULATED'),
      [/cannot prove a health check on us-east-1's endpoint for HealthCheck: a CALCULATED health check is not followed/],
    ],
  ])('fails %s', (_, mutate, messages) => {
    expect(findingsAfter(mutate, [DNS_FAILOVER])).toEqual(
      messages.map((m) => expect.stringMatching(new RegExp(`^HA-REG-003 error: .*${m.source}`))),
    );
  });

  test('a health check on a regional name aliased to the primary load balancer passes', () => {
    expect(
      findingsAfter(
        (t) => {
          resources(t.primary).HealthCheck.Properties.HealthCheckConfig.FullyQualifiedDomainName = 'us-east-1.app.example.com';
          resources(t.primary).Regional = {
            Type: 'AWS::Route53::RecordSet',
            Properties: {
              Name: 'us-east-1.app.example.com.',
              Type: 'A',
              HostedZoneId: 'Z0123456789ABC',
              AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, HostedZoneId: 'Z35SXDOTRQ7X7K' },
            },
          };
        },
        [DNS_FAILOVER],
      ),
    ).toEqual([]);
  });

  test('declared pending, missing records are a warning', () => {
    expect(
      findingsAfter(
        (t) => {
          delete resources(t.primary).Primary;
          delete resources(t.standby).Secondary;
          t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = [
            { tier: 'dns', reason: 'the records come with the dns branch' },
          ];
        },
        [DNS_FAILOVER],
      ),
    ).toEqual([expect.stringMatching(/^HA-REG-003 warning: shop has no Route 53 record with Failover PRIMARY/)]);
  });
});

describe('HA-REG-004: the standby uses keys of its own Region', () => {
  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    [
      'a replica key from the primary Region',
      (t) =>
        (resources(t.standby).Replica.Properties.KmsKeyId =
          `arn:aws:kms:${PRIMARY_REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      /KmsKeyId of Replica is a key of us-east-1, the primary Region whose loss the standby must survive, not of the standby's Region us-west-2/,
    ],
    [
      'a queue key named by a bare key ID',
      (t) => (resources(t.standby).Orders.Properties.KmsMasterKeyId = '1234abcd-12ab-34cd-56ef-1234567890ab'),
      /KmsMasterKeyId of Orders is "1234abcd-.*", a key ID or alias name that is looked up in whichever Region deploys it/,
    ],
    [
      'a cache key that is not a key',
      (t) => (resources(t.standby).Cache.Properties.KmsKeyId = { Ref: 'Topic' }),
      /KmsKeyId of Cache refers to Topic, a AWS::SNS::Topic, not a KMS key/,
    ],
    [
      'a key passed as a parameter',
      (t) => {
        t.standby.Parameters = { KeyArn: { Type: 'String' } };
        resources(t.standby).Replica.Properties.PerformanceInsightsKMSKeyId = { Ref: 'KeyArn' };
      },
      /cannot prove that PerformanceInsightsKMSKeyId names a key of us-west-2 for Replica: parameter KeyArn/,
    ],
  ])('fails %s', (_, mutate, message) => {
    expect(findingsAfter(mutate, [REGIONAL_KEYS])).toEqual([expect.stringMatching(new RegExp(`^HA-REG-004 error: .*${message.source}`))]);
  });

  test("a key ARN of the standby's Region and AWS managed aliases pass", () => {
    expect(
      findingsAfter(
        (t) => {
          resources(t.standby).Replica.Properties.KmsKeyId =
            `arn:aws:kms:${STANDBY_REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
          resources(t.standby).Topic.Properties.KmsMasterKeyId = 'alias/aws/sns';
        },
        [REGIONAL_KEYS],
      ),
    ).toEqual([]);
  });
});

describe('the Region-loss estimate and HA-AVL-002', () => {
  const estimate = (mutate: (t: RegionPairTemplates) => void = () => undefined) => {
    const t = handWrittenRegionPair();
    mutate(t);
    const of = regionPairOf(pairModels(t).standby!);
    if (of.kind !== 'pair') {
      throw new Error('not paired');
    }
    return estimateRegionLoss(of.pair);
  };

  test('RTO is detection + DNS TTL + promotion + scale-up, RPO the lag alarm threshold + window, each read from the templates', () => {
    const e = estimate();
    const t = PAIR_TERMS;
    expect(e.rtoTerms.map((term) => [term.term, term.seconds])).toEqual([
      ['detection', t.detection],
      ['dns-ttl', t.ttl],
      ['promotion', t.promotion],
      ['scale-up', t.launch + t.grace],
    ]);
    expect(e.rtoSeconds).toBe(t.detection + t.ttl + t.promotion + t.launch + t.grace);
    expect(e.rpoSeconds).toBe(t.lagThreshold + t.lagWindow);
    expect(e.capacity).toEqual([{ group: 'Group', primaryBaseline: 4, standbyBaseline: 2, standbyRunning: 2, standbyMaximum: 8 }]);
  });

  test("no scale-up term when the standby already runs the primary's baseline; health-check defaults of 30 s x 3", () => {
    const e = estimate((t) => {
      resources(t.standby).Group.Properties.MinSize = '4';
      delete resources(t.primary).HealthCheck.Properties.HealthCheckConfig.RequestInterval;
      delete resources(t.primary).HealthCheck.Properties.HealthCheckConfig.FailureThreshold;
    });
    expect(e.rtoTerms.find((x) => x.term === 'scale-up')?.seconds).toBe(0);
    expect(e.rtoTerms.find((x) => x.term === 'detection')?.seconds).toBe(90);
  });

  test.each<[string, (t: RegionPairTemplates) => void, RegExp]>([
    [
      'an RTO bound tighter than the promotion',
      (t) => (t.standby.Metadata['cdk-ha-blueprint:environment'].availabilityPolicy.bounds.region.maxRtoSeconds = 600),
      /the RTO is 930 s \(detection 30 s \+ dns-ttl 60 s \+ promotion 600 s \+ scale-up 240 s\), above the policy's 600 s; promotion dominates at 600 s/,
    ],
    [
      'an RPO bound tighter than the lag alarm lets through',
      (t) => (t.standby.Metadata['cdk-ha-blueprint:environment'].availabilityPolicy.bounds.region.maxRpoSeconds = 120),
      /the RPO is 240 s \(replica-lag 240 s\), above the policy's 120 s; replica-lag dominates/,
    ],
    [
      'a lag alarm that treats missing data as OK',
      (t) => (resources(t.standby).ReplicaLag.Properties.TreatMissingData = 'notBreaching'),
      /the RPO is unbounded, above the policy's 900 s: its replica-lag term cannot be bounded \(no alarm on Replica's replication lag treats missing data as breaching/,
    ],
    [
      'no health check to detect the loss',
      (t) => delete resources(t.primary).Primary.Properties.HealthCheckId,
      /the RTO is unbounded, above the policy's 1800 s: its detection term cannot be bounded/,
    ],
    [
      'a standby that cannot grow to the primary baseline',
      (t) => (resources(t.standby).Group.Properties.MaxSize = '3'),
      /its scale-up term cannot be bounded \(group Group may grow to 3 instances, below the primary's baseline 4/,
    ],
  ])('HA-AVL-002 fails %s, naming the term', (_, mutate, message) => {
    const standbyFindings = findingsAfter(mutate, [REGION_POLICY_MET], ['primary', 'standby']);
    expect(standbyFindings).toEqual([expect.stringMatching(new RegExp(`^HA-AVL-002 error: Region loss: .*${message.source}`))]);
  });

  test('HA-AVL-002 only warns of a term left unbounded by a part the standby declares not built yet', () => {
    const dnsPending = (t: RegionPairTemplates) => {
      t.standby.Metadata['cdk-ha-blueprint:environment'].standbyFor.pending = [{ tier: 'dns', reason: 'records come next' }];
    };
    expect(
      findingsAfter(
        (t) => {
          dnsPending(t);
          delete resources(t.primary).Primary;
          delete resources(t.standby).Secondary;
        },
        [REGION_POLICY_MET],
      ),
    ).toEqual([expect.stringMatching(/^HA-AVL-002 warning: Region loss: the RTO is unbounded, .* detection term cannot be bounded/)]);
    // A bound the built parts exceed stays an error, pending declarations or not.
    expect(
      findingsAfter(
        (t) => {
          dnsPending(t);
          t.standby.Metadata['cdk-ha-blueprint:environment'].availabilityPolicy.bounds.region.maxRtoSeconds = 600;
        },
        [REGION_POLICY_MET],
      ),
    ).toEqual([expect.stringMatching(/^HA-AVL-002 error: Region loss: the RTO is 930 s/)]);
  });

  test('HA-AVL-002 fails a policy that bounds a Region loss for an environment with no standby', () => {
    const findings = findingsAfter(
      (t) => delete t.primary.Metadata['cdk-ha-blueprint:environment'].standby,
      [REGION_POLICY_MET],
      ['primary'],
    );
    expect(findings).toEqual([
      expect.stringMatching(/^HA-AVL-002 error: The policy bounds a Region loss \(RTO 1800 s, RPO 900 s\) but shop has no standby/),
    ]);
  });
});
