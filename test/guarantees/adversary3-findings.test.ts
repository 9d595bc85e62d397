import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Duration, Stack, Stage } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import {
  CfnTemplate,
  checkEnvironment,
  environmentOfAssemblyStacks,
  environmentsOfAssembly,
  EnvironmentModel,
  EnvironmentProfile,
  HaStage,
  HaStandbyStage,
  pairEnvironments,
  PLACEHOLDER_ACCOUNT,
  PROD,
  DNS_FAILOVER,
  Finding,
  GuaranteeCheck,
  REGION_POLICY_MET,
  REGIONAL_KEYS,
  REPLICATED_FROM_PRIMARY,
  STANDBY_TIERS,
} from '../../lib';
import { ACCOUNT, handWrittenRegionPair, pairModels, RegionPairTemplates } from '../fixtures/hand-written-region-pair';
import { testApp } from '../support/test-app';

/**
 * Adversarial review (round 3) of the Region-pair checks HA-REG-001..004 and HA-AVL-002.
 *
 * Every test starts from the hand-written pair (test/fixtures/hand-written-region-pair.ts), which
 * keeps every guarantee, and makes one edit that leaves the pair NOT safe against the loss of the
 * primary Region. The describes per check hold the bypasses: each asserts that the check reports
 * an error, and is red until the check learns to see the edit. 'already caught' holds the attempts
 * the checks already fail, so that they stay failed.
 */

const REGION_CHECKS: readonly GuaranteeCheck[] = [STANDBY_TIERS, REPLICATED_FROM_PRIMARY, DNS_FAILOVER, REGIONAL_KEYS, REGION_POLICY_MET];

/** The error findings of both sides of the pair after `mutate`, as "checkId: message". */
function errorsAfter(mutate: (t: RegionPairTemplates) => void, checks: readonly GuaranteeCheck[] = REGION_CHECKS): string[] {
  const templates = handWrittenRegionPair();
  mutate(templates);
  const { primary, standby } = pairModels(templates);
  return [primary!, standby!]
    .flatMap((m) => checkEnvironment(m, checks))
    .filter((f: Finding) => f.severity === 'error')
    .map((f: Finding) => `${f.checkId}: ${f.message}`);
}

const resources = (t: { Resources?: Record<string, any> }) => t.Resources as Record<string, any>;
const env = (t: Record<string, any>) => t.Metadata['cdk-ha-blueprint:environment'];
const healthCheckConfig = (t: RegionPairTemplates) => resources(t.primary).HealthCheck.Properties.HealthCheckConfig;
/** Drops availability.region from both sides: HA-AVL-002 then judges nothing. */
const withoutRegionBound = (t: RegionPairTemplates) =>
  [t.primary, t.standby].forEach((side) => delete env(side).availabilityPolicy.bounds.region);
const PRIMARY_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Asserts that `check` reports at least one error after `mutate`. */
function expectError(check: GuaranteeCheck, mutate: (t: RegionPairTemplates) => void, checks: readonly GuaranteeCheck[] = [check]): void {
  expect(errorsAfter(mutate, checks)).toContainEqual(expect.stringMatching(new RegExp(`^${check.id}: `)));
}

test('the unedited hand-written pair keeps every Region guarantee (the baseline the bypasses edit)', () => {
  expect(errorsAfter(() => undefined)).toEqual([]);
});

describe('HA-REG-003 bypasses: DNS that does not fail over', () => {
  test('a health check with IPAddress probes that address, not the load balancer its FullyQualifiedDomainName names', () => {
    // Route 53 probes IPAddress when it is set and uses FullyQualifiedDomainName only as the Host
    // header / SNI name (HealthCheckConfig docs). Here the checker probes an unrelated host in
    // another network: it stays healthy when us-east-1 is lost, so DNS never fails over.
    expectError(DNS_FAILOVER, (t) => (healthCheckConfig(t).IPAddress = '203.0.113.10'));
  });

  test('a health check whose FullyQualifiedDomainName is the failover record itself', () => {
    // The check resolves app.example.com, i.e. whichever record Route 53 answers with. Once the
    // primary is unhealthy the name answers with the standby, the check sees the standby healthy,
    // the PRIMARY becomes "healthy" again and users are sent back to the dead Region (flapping).
    // namedRecordTargets() accepts it because the PRIMARY record is itself aliased to the load balancer.
    expectError(DNS_FAILOVER, (t) => (healthCheckConfig(t).FullyQualifiedDomainName = 'app.example.com.'));
  });

  test("a health check whose FullyQualifiedDomainName merely contains the load balancer's name", () => {
    // mentioned() accepts any Fn::Join that mentions the load balancer: this probes
    // <lb-name>.status.example.net, a host of another zone that stays up whatever us-east-1 does.
    expectError(DNS_FAILOVER, (t) => {
      healthCheckConfig(t).FullyQualifiedDomainName = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Lb', 'DNSName'] }, '.status.example.net']] };
    });
  });

  test('a health check on a path the load balancer answers itself (fixed-response rule)', () => {
    // The ALB answers /health with a fixed 200 without reaching a target, so the check stays green
    // while every instance, or the database behind them, is down in us-east-1: a partial Region
    // failure (the common kind) never fails over. Only a total loss of the load balancer does.
    expectError(DNS_FAILOVER, (t) => {
      Object.assign(resources(t.primary), {
        Listener: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            LoadBalancerArn: { Ref: 'Lb' },
            Port: 443,
            Protocol: 'HTTPS',
            DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }],
          },
        },
        HealthRule: {
          Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
          Properties: {
            ListenerArn: { Ref: 'Listener' },
            Priority: 1,
            Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/health'] } }],
            Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'ok' } }],
          },
        },
      });
    });
  });

  test('a plain (non-failover) AAAA alias of the same name to the primary load balancer', () => {
    // Failover is per name AND type: the A records fail over, the AAAA record always answers with
    // us-east-1's load balancer, so every IPv6 (dual-stack) client keeps reaching the lost Region.
    expectError(DNS_FAILOVER, (t) => {
      resources(t.primary).PlainAaaa = {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          Name: 'app.example.com.',
          Type: 'AAAA',
          HostedZoneId: 'Z0123456789ABC',
          AliasTarget: structuredClone(resources(t.primary).Primary.Properties.AliasTarget),
        },
      };
    });
  });

  test('the SECONDARY record aliases an internal load balancer of the standby', () => {
    // Primary is internet-facing; the standby's load balancer is Scheme internal, so its DNS name
    // resolves to private addresses: after failover public users get answers they cannot reach.
    expectError(DNS_FAILOVER, (t) => (resources(t.standby).Lb.Properties.Scheme = 'internal'));
  });

  test('the SECONDARY record aliases a decoy load balancer of the standby that has no listener', () => {
    // Any AWS::ElasticLoadBalancingV2::LoadBalancer of the standby's templates is accepted; this one
    // has no listener (and no targets), so after failover every request is refused.
    expectError(DNS_FAILOVER, (t) => {
      resources(t.standby).Decoy = {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { Subnets: [{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }] },
      };
      resources(t.standby).Secondary.Properties.AliasTarget = {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': ['Decoy', 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': ['Decoy', 'CanonicalHostedZoneID'] },
      };
    });
  });
});

describe('HA-REG-002 bypasses: data not replicated from the primary', () => {
  test("two replicas of the primary's first writer and none of its second", () => {
    // HA-REG-001 counts replicas (2 >= 2 writers) and HA-REG-002 cannot match the generated
    // identifiers, so two copies of Db pass for a copy of each of Db and Db2: losing us-east-1
    // loses every write to Db2. Two replicas naming the SAME source ARN is provable at synth.
    const mutate = (t: RegionPairTemplates) => {
      resources(t.primary).Db2 = structuredClone(resources(t.primary).Db);
      t.primary.Outputs.Db2Arn = { Value: { 'Fn::Join': ['', [`arn:aws:rds:us-east-1:${ACCOUNT}:db:`, { Ref: 'Db2' }]] } };
      resources(t.standby).Replica2 = structuredClone(resources(t.standby).Replica);
      resources(t.standby).Replica2Lag = structuredClone(resources(t.standby).ReplicaLag);
      resources(t.standby).Replica2Lag.Properties.Dimensions[0].Value = { Ref: 'Replica2' };
    };
    expect(errorsAfter(mutate, [STANDBY_TIERS, REPLICATED_FROM_PRIMARY])).toContainEqual(expect.stringMatching(/^HA-REG-00[12]: /));
  });

  // KNOWN LIMIT, kept visible (docs/guarantees.md, HA-REG-002): the primary's DB instance identifier
  // is generated by CloudFormation at deploy, so a replica of another instance in the primary's
  // account and Region cannot be told apart at synth. `test.failing` passes while the bypass
  // stands and fails once a check catches it: then make it a plain test.
  test.failing("a replica whose ARN names a DB instance that is not the primary's writer (documented limit)", () => {
    // The primary's writer has a generated identifier, so any identifier in us-east-1 of the right
    // account passes: here the ARN names another application's database. Documented as a limit in
    // replicated-data.ts; listed because it is the bypass with the most impact on HA-REG-002.
    expectError(REPLICATED_FROM_PRIMARY, (t) => {
      resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-east-1:${ACCOUNT}:db:billing-legacy-db`;
    });
  });
});

describe('HA-REG-001 bypasses: a standby missing a tier', () => {
  test('a DynamoDB table in the primary with no global-table replica in the standby', () => {
    // The data tier counts only RDS instances and Aurora clusters: a plain AWS::DynamoDB::Table
    // (no Replicas, not a GlobalTable) holds data that is gone with us-east-1.
    expectError(STANDBY_TIERS, (t) => {
      resources(t.primary).Carts = {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      };
    });
  });

  test('an ElastiCache serverless cache in the primary and no cache in the standby', () => {
    // The cache tier counts ReplicationGroup and CacheCluster only.
    expectError(STANDBY_TIERS, (t) => {
      delete resources(t.primary).Cache;
      delete resources(t.standby).Cache;
      resources(t.primary).Serverless = {
        Type: 'AWS::ElastiCache::ServerlessCache',
        Properties: { Engine: 'valkey', ServerlessCacheName: 'shop' },
      };
    });
  });

  test('a lag alarm on ReplicaLag in a custom namespace that never receives data', () => {
    // lagAlarmsOf() matches MetricName and dimension, not Namespace: this alarm watches
    // Custom/Shop ReplicaLag, which nothing publishes. With missing data not breaching it stays OK
    // forever, so the replica's lag (the Region-loss RPO) grows unseen. HA-AVL-002 notices (missing
    // data not breaching leaves the RPO unbounded) only when the policy has a Region bound; here none.
    expectError(
      STANDBY_TIERS,
      (t) => {
        withoutRegionBound(t);
        const props = resources(t.standby).ReplicaLag.Properties;
        props.Namespace = 'Custom/Shop';
        props.TreatMissingData = 'notBreaching';
      },
      REGION_CHECKS,
    );
  });

  test('a lag alarm whose dimensions carry an extra dimension, so it matches no RDS metric', () => {
    // CloudWatch matches the exact dimension set: AWS/RDS ReplicaLag is published with
    // DBInstanceIdentifier alone, so this alarm never gets a datapoint.
    expectError(
      STANDBY_TIERS,
      (t) => {
        withoutRegionBound(t);
        const props = resources(t.standby).ReplicaLag.Properties;
        props.Dimensions.push({ Name: 'Role', Value: 'replica' });
        props.TreatMissingData = 'notBreaching';
      },
      REGION_CHECKS,
    );
  });
});

describe('HA-REG-001 / HA-AVL-002 bypasses: replication that stops unseen', () => {
  test('a plain ReplicaLag alarm on a MySQL replica, which reports -1 when replication stops', () => {
    // RDS MySQL/MariaDB report ReplicaLag -1 when replication is not running
    // (ha-cross-region-replica.ts guards it with IF(lag < 0, N, lag)). lagAlarmsOf() requires that
    // guard only of metric-math alarms: a plain "ReplicaLag > 60" alarm is accepted, and when
    // replication breaks it sits at -1, OK forever, while the standby falls behind without bound.
    // Both HA-REG-001 (routed lag alarm) and HA-AVL-002 (RPO 240 s) pass.
    const mysql = (t: RegionPairTemplates) => {
      resources(t.primary).Db.Properties.Engine = 'mysql';
      resources(t.standby).ParameterGroup.Properties.Family = 'mysql8.0';
    };
    expect(errorsAfter(mysql)).toContainEqual(expect.stringMatching(/^HA-(REG-001|AVL-002): /));
  });

  test('a headless Aurora secondary cluster (no DB instance) counts as a standby that serves reads at once', () => {
    // The standby's Aurora secondary has no AWS::RDS::DBInstance: it stores the replicated volume
    // but cannot answer a query, and a failover must first create and boot an instance. HA-REG-001
    // counts the cluster as the data tier, and the RTO's promotion term ignores the missing instance.
    expectError(
      STANDBY_TIERS,
      (t) => {
        delete resources(t.primary).Db;
        delete t.primary.Outputs;
        delete resources(t.standby).Replica;
        delete resources(t.standby).ReplicaLag;
        Object.assign(resources(t.primary), {
          Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', GlobalClusterIdentifier: { Ref: 'Global' } } },
          Writer: {
            Type: 'AWS::RDS::DBInstance',
            Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r7g.large' },
          },
          Global: { Type: 'AWS::RDS::GlobalCluster', Properties: { GlobalClusterIdentifier: 'shop-global', Engine: 'aurora-postgresql' } },
        });
        Object.assign(resources(t.standby), {
          SecondaryCluster: {
            Type: 'AWS::RDS::DBCluster',
            Properties: { Engine: 'aurora-postgresql', GlobalClusterIdentifier: 'shop-global', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
          },
          GlobalLag: {
            Type: 'AWS::CloudWatch::Alarm',
            Properties: {
              MetricName: 'AuroraGlobalDBReplicationLag',
              Dimensions: [{ Name: 'DBClusterIdentifier', Value: { Ref: 'SecondaryCluster' } }],
              Period: 60,
              EvaluationPeriods: 2,
              Threshold: 5000,
              ComparisonOperator: 'GreaterThanThreshold',
              TreatMissingData: 'breaching',
              AlarmActions: [{ Ref: 'Topic' }],
            },
          },
        });
      },
      REGION_CHECKS,
    );
  });
});

describe('pairing bypass: a standby Stage with a stack in the primary Region', () => {
  test("the standby's data stack deployed to us-east-1 is judged as if it were in us-west-2", () => {
    // environmentsOfAssembly() keeps ONE Region per assembly: the last stack's. A standby Stage whose
    // Data stack deploys to us-east-1 (the primary's Region) and whose App stack deploys to
    // us-west-2 is judged as a us-west-2 standby: its "cross-Region" replica and its key are in fact
    // in the primary's Region, lost with it. Written as cdk synth writes an assembly.
    const root = mkdtempSync(join(tmpdir(), 'adv3-'));
    const writeAssembly = (name: string, stacks: Array<[string, string, Record<string, any>]>) => {
      const dir = join(root, `assembly-${name}`);
      mkdirSync(dir);
      const artifacts: Record<string, any> = {};
      for (const [id, region, template] of stacks) {
        writeFileSync(join(dir, `${id}.template.json`), JSON.stringify(template));
        artifacts[id] = {
          type: 'aws:cloudformation:stack',
          environment: `aws://${ACCOUNT}/${region}`,
          properties: { templateFile: `${id}.template.json`, stackName: id },
        };
      }
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
      return `assembly-${name}`;
    };
    const { primary, standby } = handWrittenRegionPair();
    const dataIds = ['Key', 'ParameterGroup', 'Replica', 'ReplicaLag', 'Topic'];
    const data = { Metadata: standby.Metadata, Resources: Object.fromEntries(dataIds.map((id) => [id, resources(standby)[id]])) };
    for (const id of dataIds.filter((i) => i !== 'Topic')) {
      delete resources(standby)[id];
    }
    // The replica's lag alarm notifies the data stack's own topic; the app stack keeps its own.
    const primaryDir = writeAssembly('shop', [['shop-App', 'us-east-1', primary]]);
    const standbyDir = writeAssembly('shop-west', [
      ['shop-west-Data', 'us-east-1', data],
      ['shop-west-App', 'us-west-2', standby],
    ]);
    writeFileSync(
      join(root, 'manifest.json'),
      JSON.stringify({
        version: '36.0.0',
        artifacts: {
          'assembly-shop': { type: 'cdk:cloud-assembly', properties: { directoryName: primaryDir } },
          'assembly-shop-west': { type: 'cdk:cloud-assembly', properties: { directoryName: standbyDir } },
        },
      }),
    );
    const models = environmentsOfAssembly(root).map((e) => e.model);
    pairEnvironments(models);
    const errors = models
      .flatMap((m) => checkEnvironment(m, REGION_CHECKS))
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.checkId}: ${f.message}`);
    expect(models.map((m) => m.name).sort()).toEqual(['shop', 'shop-west']);
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-00[124]: /));
  });
});

describe('HA-REG-004 bypasses: keys of the primary Region', () => {
  test('a key of the primary Region inside an Fn::If is never looked at', () => {
    // keyProperties() does not descend into an object holding an intrinsic, so the whole
    // BucketEncryption under Fn::If (true here) is skipped.
    expectError(REGIONAL_KEYS, (t) => {
      t.standby.Conditions = { Always: { 'Fn::Equals': ['a', 'a'] } };
      resources(t.standby).Assets = {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: {
            'Fn::If': [
              'Always',
              {
                ServerSideEncryptionConfiguration: [
                  { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: PRIMARY_KEY } },
                ],
              },
              { Ref: 'AWS::NoValue' },
            ],
          },
        },
      };
    });
  });

  test.each<[string, Record<string, any>]>([
    [
      'a Kinesis stream (StreamEncryption.KeyId)',
      { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1, StreamEncryption: { EncryptionType: 'KMS', KeyId: PRIMARY_KEY } } },
    ],
    [
      'a Backup vault (EncryptionKeyArn)',
      { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'dr', EncryptionKeyArn: PRIMARY_KEY } },
    ],
    ['a CodeBuild project (EncryptionKey)', { Type: 'AWS::CodeBuild::Project', Properties: { EncryptionKey: PRIMARY_KEY } }],
  ])('a key of the primary Region in %s, a property name without "kms"', (_, resource) => {
    expectError(REGIONAL_KEYS, (t) => (resources(t.standby).Keyed = resource));
  });
});

describe('HA-AVL-002 bypasses: a Region-loss estimate that is too short', () => {
  test('the RPO is taken from a lag alarm that notifies nobody', () => {
    // The routed alarm fires only above 3600 s (RPO 3780 s > the policy's 900 s); a second alarm with
    // no AlarmActions fires above 1 s, and replicaLag() picks it (it does not ask for routing).
    // An alarm nobody hears bounds nothing: the real RPO is the routed one.
    expectError(
      REGION_POLICY_MET,
      (t) => {
        resources(t.standby).ReplicaLag.Properties.Threshold = 3600;
        resources(t.standby).QuietLag = structuredClone(resources(t.standby).ReplicaLag);
        Object.assign(resources(t.standby).QuietLag.Properties, { Threshold: 1 });
        delete resources(t.standby).QuietLag.Properties.AlarmActions;
      },
      REGION_CHECKS,
    );
  });

  test('the RPO is taken from a lag alarm whose actions are disabled', () => {
    expectError(
      REGION_POLICY_MET,
      (t) => {
        resources(t.standby).ReplicaLag.Properties.Threshold = 3600;
        resources(t.standby).QuietLag = structuredClone(resources(t.standby).ReplicaLag);
        Object.assign(resources(t.standby).QuietLag.Properties, { Threshold: 1, ActionsEnabled: false });
      },
      REGION_CHECKS,
    );
  });

  test("the primary's Region-loss bound is ignored when the standby's metadata omits it", () => {
    // HA-AVL-002 reads availability.region from the side it judges, and the pair is judged on the
    // standby's side only (judgeRegionPair): the primary, whose policy promises the bound, is never
    // held to it. Here the RTO is 120 + 3600 s of scale-up over the primary's 1800 s bound.
    expectError(
      REGION_POLICY_MET,
      (t) => {
        delete env(t.standby).availabilityPolicy.bounds.region;
        resources(t.standby).Group.Properties.HealthCheckGracePeriod = 3600;
      },
      REGION_CHECKS,
    );
  });

  test('web groups without a capacity plan get a baseline of 1, so the standby never needs to scale up', () => {
    // The primary runs 4, the standby 2 with a 3000 s grace period: the real scale-up is
    // 120 + 3000 s (RTO 3810 s > 1800 s). Without the capacity-plan metadata (any hand-written
    // group) the primary's baseline is taken as 1, the standby "already runs" it, and scale-up is 0.
    expectError(
      REGION_POLICY_MET,
      (t) => {
        delete resources(t.primary).Group.Metadata;
        delete resources(t.standby).Group.Metadata;
        resources(t.standby).Group.Properties.HealthCheckGracePeriod = 3000;
      },
      REGION_CHECKS,
    );
  });
});

/**
 * The real prod pair (HaStage + HaStandbyStage, a profile with secondaryRegion), with failover
 * records as region-real-pair.test.ts adds them: both sides pass EVERY check (all of them, not only
 * the Region ones). Each test hand-edits a copy of the synthesized templates.
 */
const REAL_SOURCE_ARN = `arn:aws:rds:us-east-1:${PLACEHOLDER_ACCOUNT}:db:prod-data-databaseinstance-abc123`;
const REAL_PROFILE: EnvironmentProfile = {
  ...PROD,
  // The records are added by hand below (the standby then declares dns pending); PROD's own
  // web.failoverRecord, set since, would add a second PRIMARY/SECONDARY pair and health check.
  web: { ...PROD.web, failoverRecord: undefined },
  availability: { ...PROD.availability, region: { maxRto: Duration.minutes(30), maxRpo: Duration.minutes(10) } },
  secondaryRegion: {
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    capacityPercent: 50,
    vpcCidr: '10.40.0.0/16',
    sourceDatabaseInstanceArn: REAL_SOURCE_ARN,
    maxReplicaLag: Duration.minutes(2),
  },
};

type Templates = Record<string, CfnTemplate & Record<string, any>>;

function synthesizeRealPair(): { primary: Templates; standby: Templates } {
  const app = testApp();
  const primary = new HaStage(app, 'prod', { profile: REAL_PROFILE, account: PLACEHOLDER_ACCOUNT });
  const standby = new HaStandbyStage(app, 'prod-us-west-2', { profile: REAL_PROFILE, account: PLACEHOLDER_ACCOUNT });
  const add = (stack: Stack, lb: elbv2.ApplicationLoadBalancer, failover: route53.Failover) => {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'FailoverZone', {
      hostedZoneId: 'Z0123456789ABC',
      zoneName: 'example.com',
    });
    const healthCheck =
      failover === route53.Failover.PRIMARY
        ? new route53.HealthCheck(stack, 'FailoverHealthCheck', {
            type: route53.HealthCheckType.HTTPS,
            fqdn: lb.loadBalancerDnsName,
            resourcePath: '/',
            requestInterval: Duration.seconds(10),
            failureThreshold: 3,
          })
        : undefined;
    new route53.ARecord(stack, 'FailoverRecord', {
      zone,
      recordName: 'app.example.com',
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(lb, { evaluateTargetHealth: true })),
      failover,
      healthCheck,
      setIdentifier: failover,
    });
  };
  add(primary.webStack, primary.webStack.web.loadBalancer, route53.Failover.PRIMARY);
  add(standby.webStack, standby.webStack.web.loadBalancer, route53.Failover.SECONDARY);
  const load = (stage: Stage): Templates => {
    const { model } = environmentOfAssemblyStacks(stage.synth().stacks.map((st) => st.templateFullPath));
    return Object.fromEntries(model.stacks.map((st) => [st.stackName, st.template as any]));
  };
  return { primary: load(primary), standby: load(standby) };
}

/** The one resource of `type` among the templates, with its stack's resources. */
function only(templates: Templates, type: string): { resources: Record<string, any>; id: string; resource: any } {
  const found = Object.values(templates).flatMap((t) =>
    Object.entries(t.Resources ?? {})
      .filter(([, r]: [string, any]) => r.Type === type)
      .map(([id, resource]) => ({ resources: t.Resources as Record<string, any>, id, resource })),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

describe('bypasses on the real prod pair (both sides pass every check before the edit)', () => {
  const real = synthesizeRealPair();

  /**
   * Every finding of both sides, all checks, after `mutate` edits copies of the templates, as
   * "checkId severity: message". HaStandbyStage declares dns (and cache, messaging) pending, so
   * HA-REG-003 reports on the real pair as warnings: the tests below accept either severity, and
   * one asserts separately that a record that exists and is wrong is still an error.
   */
  const realFindingsAfter = (mutate: (p: Templates, s: Templates) => void = () => undefined): string[] =>
    findingsOfReal(mutate).filter((f) => !baseline.has(f));
  /** All findings of the real pair after `mutate`, as "checkId severity: message". */
  const findingsOfReal = (mutate: (p: Templates, s: Templates) => void = () => undefined): string[] => {
    const primaryTemplates = structuredClone(real.primary);
    const standbyTemplates = structuredClone(real.standby);
    mutate(primaryTemplates, standbyTemplates);
    const model = (templates: Templates, region: string) =>
      new EnvironmentModel(
        Object.entries(templates).map(([stackName, template]) => ({ stackName, artifactId: stackName, template })),
        region,
        PLACEHOLDER_ACCOUNT,
      );
    const primary = model(primaryTemplates, 'us-east-1');
    const standby = model(standbyTemplates, 'us-west-2');
    pairEnvironments([primary, standby]);
    return [primary, standby].flatMap((m) => checkEnvironment(m)).map((f) => `${f.checkId} ${f.severity}: ${f.message}`);
  };
  /** The unedited pair's findings (warnings of the parts HaStandbyStage declares pending): the tests look at what an edit adds. */
  const baseline = new Set(findingsOfReal());
  const errorsOf = (findings: string[]) => findings.filter((f) => / error: /.test(f));
  const healthCheck = (p: Templates) => only(p, 'AWS::Route53::HealthCheck').resource.Properties.HealthCheckConfig;

  test('unedited, neither side has an error', () => {
    expect(errorsOf(findingsOfReal())).toEqual([]);
    expect(findingsOfReal().filter((f) => f.startsWith('HA-REG-003'))).toEqual([]);
  });

  test('HA-REG-003: a DISABLED health check on the real pair is an error, though the standby declares dns pending', () => {
    // whenPending() used to downgrade every HA-REG-003 problem once dns was declared pending,
    // including problems of records that exist: "not built yet" silenced "built wrong". Pending now
    // softens only what is absent, so a PRIMARY record whose health check is disabled (never fails
    // over) fails the build in strict prod even while the standby declares dns pending (as it does
    // here: the records are added by hand, REAL_PROFILE names no web.failoverRecord).
    const findings = realFindingsAfter((p) => (healthCheck(p).Disabled = true));
    expect(errorsOf(findings)).toContainEqual(
      expect.stringMatching(/^HA-REG-003 error: Health check \w+ of PRIMARY record .* is disabled/),
    );
  });

  test('HA-REG-003: the PRIMARY health check given an IPAddress of another host', () => {
    // Route 53 probes IPAddress and sends the load balancer's name only as Host/SNI: the real pair
    // then never fails over, and no check of the whole engine notices.
    const errors = realFindingsAfter((p) => {
      healthCheck(p).IPAddress = '203.0.113.10';
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-003 (error|warning): /));
  });

  test('HA-REG-003: the PRIMARY health check probing the failover name app.example.com itself', () => {
    const errors = realFindingsAfter((p) => {
      healthCheck(p).FullyQualifiedDomainName = 'app.example.com';
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-003 (error|warning): /));
  });

  test('HA-REG-003: a plain AAAA alias of app.example.com to the primary load balancer', () => {
    const errors = realFindingsAfter((p) => {
      const record = only(p, 'AWS::Route53::RecordSet');
      const aaaa = structuredClone(record.resource);
      aaaa.Properties.Type = 'AAAA';
      delete aaaa.Properties.Failover;
      delete aaaa.Properties.SetIdentifier;
      delete aaaa.Properties.HealthCheckId;
      record.resources.PlainAaaa = aaaa;
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-003 (error|warning): /));
  });

  test('HA-REG-003: the standby load balancer made internal', () => {
    const errors = realFindingsAfter((_, s) => {
      only(s, 'AWS::ElasticLoadBalancingV2::LoadBalancer').resource.Properties.Scheme = 'internal';
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-00[13] (error|warning): /));
  });

  test('HA-REG-001: a DynamoDB table added to the primary, none in the standby', () => {
    const errors = realFindingsAfter((p) => {
      const data = Object.values(p).find((t) => Object.values(t.Resources ?? {}).some((r: any) => r.Type === 'AWS::RDS::DBInstance'))!;
      data.Resources!.Carts = {
        Type: 'AWS::DynamoDB::Table',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      };
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-001 (error|warning): /));
  });

  // KNOWN LIMIT, kept visible (docs/guarantees.md, HA-REG-002): the primary's DB instance identifier
  // is generated by CloudFormation at deploy, so a replica of another instance in the primary's
  // account and Region cannot be told apart at synth. `test.failing` passes while the bypass
  // stands and fails once a check catches it: then make it a plain test.
  test.failing('HA-REG-002: the replica names another DB instance of the primary account and Region (documented limit)', () => {
    const errors = realFindingsAfter((_, s) => {
      only(s, 'AWS::RDS::DBInstance').resource.Properties.SourceDBInstanceIdentifier = REAL_SOURCE_ARN.replace(
        'prod-data-databaseinstance-abc123',
        'billing-legacy-db',
      );
    });
    expect(errors).toContainEqual(expect.stringMatching(/^HA-REG-002 (error|warning): /));
  });
});

describe('engine crashes instead of failing closed', () => {
  // Each edit is malformed metadata or a malformed alarm; the engine should report it (fail
  // closed), not throw, so that cdk-ha-check prints findings instead of a stack trace.
  test.each<[string, (t: RegionPairTemplates) => void]>([
    // region-pair.ts maps declared.pending without checking it is an array of objects.
    ['standbyFor.pending is not an array', (t) => (env(t.standby).standbyFor.pending = 'dns')],
    ['standbyFor.pending holds null', (t) => (env(t.standby).standbyFor.pending = [null])],
    // per-az-coverage.ts maps props.Metrics without checking it is an array.
    [
      'an alarm whose Metrics is an object',
      (t) => {
        delete resources(t.standby).ReplicaLag.Properties.MetricName;
        resources(t.standby).ReplicaLag.Properties.Metrics = { lag: {} };
      },
    ],
  ])('%s', (_, mutate) => {
    expect(() => errorsAfter(mutate)).not.toThrow();
    expect(() => {
      const templates = handWrittenRegionPair();
      mutate(templates);
      const { primary, standby } = pairModels(templates);
      [primary!, standby!].forEach((m) => checkEnvironment(m));
    }).not.toThrow();
  });
});

describe('already caught', () => {
  /** Errors every check (not only the Region ones) adds to the unedited pair's. */
  const newErrorsAfter = (mutate: (t: RegionPairTemplates) => void): string[] => {
    const all = (m: (t: RegionPairTemplates) => void) => {
      const templates = handWrittenRegionPair();
      m(templates);
      const { primary, standby } = pairModels(templates);
      return [primary!, standby!]
        .flatMap((model) => checkEnvironment(model))
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.checkId}: ${f.message}`);
    };
    const baseline = new Set(all(() => undefined));
    return all(mutate).filter((f) => !baseline.has(f));
  };

  test.each<[string, GuaranteeCheck, (t: RegionPairTemplates) => void]>([
    [
      'a PRIMARY record that exists only under a Condition',
      DNS_FAILOVER,
      (t) => {
        t.primary.Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
        resources(t.primary).Primary.Condition = 'Never';
      },
    ],
    [
      'a PRIMARY whose Failover is an Fn::If',
      DNS_FAILOVER,
      (t) => {
        t.primary.Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
        resources(t.primary).Primary.Properties.Failover = { 'Fn::If': ['Never', 'PRIMARY', 'SECONDARY'] };
      },
    ],
    ['a wildcard SECONDARY name', DNS_FAILOVER, (t) => (resources(t.standby).Secondary.Properties.Name = '*.example.com.')],
    ['a SECONDARY of another type', DNS_FAILOVER, (t) => (resources(t.standby).Secondary.Properties.Type = 'AAAA')],
    [
      "a SECONDARY aliased to the primary load balancer's literal name",
      DNS_FAILOVER,
      (t) => (resources(t.standby).Secondary.Properties.AliasTarget.DNSName = 'dualstack.shop-1.us-east-1.elb.amazonaws.com.'),
    ],
    [
      'a SECONDARY whose alias is an Fn::If',
      DNS_FAILOVER,
      (t) => {
        t.standby.Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
        const a = resources(t.standby).Secondary.Properties.AliasTarget;
        a.DNSName = { 'Fn::If': ['Never', a.DNSName, 'dualstack.shop-1.us-east-1.elb.amazonaws.com'] };
      },
    ],
    [
      'the SECONDARY record moved into the primary (both in one Region)',
      DNS_FAILOVER,
      (t) => {
        resources(t.primary).Secondary = resources(t.standby).Secondary;
        delete resources(t.standby).Secondary;
      },
    ],
    [
      'a health check disabled through a parameter',
      DNS_FAILOVER,
      (t) => {
        t.primary.Parameters = { Off: { Type: 'String', Default: 'false' } };
        healthCheckConfig(t).Disabled = { Ref: 'Off' };
      },
    ],
    ['a CLOUDWATCH_METRIC health check', DNS_FAILOVER, (t) => (healthCheckConfig(t).Type = 'CLOUDWATCH_METRIC')],
    [
      'a health check that probes an IP address only',
      DNS_FAILOVER,
      (t) => {
        delete healthCheckConfig(t).FullyQualifiedDomainName;
        healthCheckConfig(t).IPAddress = '203.0.113.10';
      },
    ],
    ['a HealthCheckId that is a literal ID', DNS_FAILOVER, (t) => (resources(t.primary).Primary.Properties.HealthCheckId = 'abcd-1234')],
    [
      'a non-alias PRIMARY record with a 86400 s TTL',
      DNS_FAILOVER,
      (t) => {
        const props = resources(t.primary).Primary.Properties;
        delete props.AliasTarget;
        Object.assign(props, { TTL: '86400', ResourceRecords: ['203.0.113.10'] });
      },
    ],
    [
      "a replica of a database in the standby's own Region",
      REPLICATED_FROM_PRIMARY,
      (t) =>
        (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-west-2:${ACCOUNT}:db:shop-db-generated1`),
    ],
    [
      'a replica of a cluster ARN',
      REPLICATED_FROM_PRIMARY,
      (t) => (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:shop`),
    ],
    [
      'a replica of another account',
      REPLICATED_FROM_PRIMARY,
      (t) =>
        (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-east-1:222222222222:db:shop-db-generated1`),
    ],
    [
      'a replica of a snapshot ARN (not a replica at all)',
      STANDBY_TIERS,
      (t) =>
        (resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:shop-nightly`),
    ],
    [
      'a replica whose source is a parameter',
      STANDBY_TIERS,
      (t) => {
        t.standby.Parameters = { Source: { Type: 'String' } };
        resources(t.standby).Replica.Properties.SourceDBInstanceIdentifier = { Ref: 'Source' };
      },
    ],
    [
      'a replica that exists only under a Condition',
      STANDBY_TIERS,
      (t) => {
        t.standby.Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
        resources(t.standby).Replica.Condition = 'Never';
      },
    ],
    ['a replica configured for MySQL', REPLICATED_FROM_PRIMARY, (t) => (resources(t.standby).Replica.Properties.Engine = 'mysql')],
    ['a lag alarm with actions disabled', STANDBY_TIERS, (t) => (resources(t.standby).ReplicaLag.Properties.ActionsEnabled = false)],
    ['a lag alarm on the wrong metric', STANDBY_TIERS, (t) => (resources(t.standby).ReplicaLag.Properties.MetricName = 'CPUUtilization')],
    [
      'a replica key that is an alias ARN of the primary Region',
      REGIONAL_KEYS,
      (t) => (resources(t.standby).Replica.Properties.KmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/shop`),
    ],
    ['a replica key given as a bare alias name', REGIONAL_KEYS, (t) => (resources(t.standby).Replica.Properties.KmsKeyId = 'alias/shop')],
    [
      'a nested key (LaunchTemplate EBS) of the primary Region',
      REGIONAL_KEYS,
      (t) =>
        (resources(t.standby).Template = {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: {
            LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: PRIMARY_KEY } }] },
          },
        }),
    ],
    [
      "the standby's primary declaration names another environment",
      STANDBY_TIERS,
      (t) => (env(t.standby).standbyFor.name = 'shop-staging'),
    ],
    [
      'a slow health check (30 s x 10) against a 1000 s RTO bound',
      REGION_POLICY_MET,
      (t) => {
        Object.assign(healthCheckConfig(t), { RequestInterval: 30, FailureThreshold: 10 });
        env(t.standby).availabilityPolicy.bounds.region.maxRtoSeconds = 1000;
      },
    ],
    [
      'a standby web group with a huge grace period',
      REGION_POLICY_MET,
      (t) => (resources(t.standby).Group.Properties.HealthCheckGracePeriod = 3600),
    ],
    [
      'a lag alarm over a day-long window',
      REGION_POLICY_MET,
      (t) => Object.assign(resources(t.standby).ReplicaLag.Properties, { Period: 86400, EvaluationPeriods: 1 }),
    ],
  ])('%s', (_, check, mutate) => {
    expectError(check, mutate, REGION_CHECKS);
  });

  test('a pair of which both sides deploy to one Region fails closed', () => {
    const templates = handWrittenRegionPair();
    env(templates.primary).standby.region = 'us-east-1';
    const stack = (name: string, template: Record<string, any>) => ({
      stackName: name,
      artifactId: name,
      template: template as CfnTemplate,
    });
    const primary = new EnvironmentModel([stack('shop-App', templates.primary)], 'us-east-1', ACCOUNT);
    const standby = new EnvironmentModel([stack('shop-west-App', templates.standby)], 'us-east-1', ACCOUNT);
    pairEnvironments([primary, standby]);
    expect(checkEnvironment(standby, [STANDBY_TIERS]).map((f) => `${f.severity}: ${f.message}`)).toContainEqual(
      expect.stringMatching(/^error: cannot prove .* both in us-east-1: a standby in the same Region does not survive its loss/),
    );
  });

  test('a standby whose primary name matches two environments fails closed (neither is taken)', () => {
    const templates = handWrittenRegionPair();
    const stack = (name: string, template: Record<string, any>) => ({
      stackName: name,
      artifactId: name,
      template: template as CfnTemplate,
    });
    const primary = new EnvironmentModel([stack('shop-App', structuredClone(templates.primary))], 'us-east-1', ACCOUNT);
    const impostor = new EnvironmentModel([stack('shop-eu-App', structuredClone(templates.primary))], 'us-east-1', ACCOUNT);
    const standby = new EnvironmentModel([stack('shop-west-App', templates.standby)], 'us-west-2', ACCOUNT);
    pairEnvironments([primary, impostor, standby]);
    expect(checkEnvironment(standby, [STANDBY_TIERS]).map((f) => `${f.severity}: ${f.message}`)).toEqual([
      expect.stringMatching(/^error: cannot prove .*the other Region's templates were not given: shop-west stands by for shop/),
    ]);
  });

  test("a standby that declares AZs of the primary's Region", () => {
    expectError(STANDBY_TIERS, (t) => (env(t.standby).availabilityZones = ['us-east-1a', 'us-east-1b']), REGION_CHECKS);
  });

  test('a standby whose web group can never run an instance is caught by HA-WEB-001, not by HA-REG-001', () => {
    expect(
      newErrorsAfter((t) => {
        withoutRegionBound(t);
        Object.assign(resources(t.standby).Group.Properties, { MinSize: '0', MaxSize: '0' });
      }),
    ).toContainEqual(expect.stringMatching(/^HA-WEB-001: Auto Scaling group Group has MinSize 0/));
  });

  test('a primary web group whose MinSize is a parameter: HA-AVL-002 leaves it out of the scale-up term, but HA-WEB-001 and HA-AVL-001 fail closed', () => {
    expect(
      newErrorsAfter((t) => {
        t.primary.Parameters = { WebMin: { Type: 'Number', Default: 4 } };
        resources(t.primary).Group.Properties.MinSize = { Ref: 'WebMin' };
        resources(t.standby).Group.Properties.HealthCheckGracePeriod = 3000;
      }),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/^HA-WEB-001: cannot prove/), expect.stringMatching(/^HA-AVL-001: cannot prove/)]),
    );
  });
});
