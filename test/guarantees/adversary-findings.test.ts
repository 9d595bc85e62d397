import { CfnTemplate, PROD } from '../../lib';
import { errorIdsAfter, resourceId, resourceOf, synthEnvironment } from '../support/model';

/**
 * Adversarial review of the guarantee engine (2026-11-29): single edits to prod's real
 * synthesized templates that break a real availability or security guarantee while
 * `checkEnvironment` reports no error. Each case asserts the check that SHOULD fail does fail,
 * so every case here is RED until the engine closes the bypass. Grouped by the check (or the
 * model flaw) at fault, the most serious groups first: an availability break that passes silently,
 * then the fail-closed gaps, then security.
 */
type Templates = Record<string, CfnTemplate & { Resources: Record<string, any>; Parameters?: Record<string, any> }>;

const prod = synthEnvironment(PROD) as Templates;

const network = (t: Templates) => t['prod-Network'].Resources;
const web = (t: Templates) => t['prod-Web'].Resources;
const data = (t: Templates) => t['prod-Data'].Resources;
const alerting = (t: Templates) => t['prod-Alerting'].Resources;
const id = resourceId;
const get = resourceOf;
const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const NAT = 'AWS::EC2::NatGateway';
const ROUTE = 'AWS::EC2::Route';
const SUBSCRIPTION = 'AWS::SNS::Subscription';
const webGroup = (t: Templates) => get(web(t), 'WebAutoScalingGroupASG', ASG);
/** `Fn::GetStackOutput` of prod-Network's output for a logical ID prefix, as synthesized (the same form the Web stack uses). */
const networkOutput = (t: Templates, prefix: string) => {
  const name = Object.keys(t['prod-Network'].Outputs ?? {}).find((o) => o.startsWith(`PublishOutputRef${prefix}`))!;
  return { 'Fn::GetStackOutput': { StackName: 'prod-Network', Region: 'us-east-1', OutputName: name } };
};
/** A condition CloudFormation always evaluates to false: a resource carrying it is never created. */
const NEVER = { Never: { 'Fn::Equals': ['created', 'never'] } };
const withNeverCondition = (t: Templates, stack: string) => ((t[stack] as any).Conditions = { ...(t[stack] as any).Conditions, ...NEVER });

/**
 * Puts the always-false condition on a resource and on everything that reads it (resources, outputs,
 * and the resources of other stacks that read those outputs), as CloudFormation requires for a
 * template that deploys: a resource that is never created may only be read by others that are not
 * created either.
 */
function neverCreate(t: Templates, stackName: string, logicalIds: string[]): void {
  const stack = t[stackName];
  withNeverCondition(t, stackName);
  const condemned = new Set(logicalIds);
  // A Ref, a GetAtt and a DependsOn entry all name the logical ID as a JSON string.
  const reads = (value: unknown) => [...condemned].some((i) => JSON.stringify(value ?? null).includes(`"${i}"`));
  for (let grew = true; grew;) {
    grew = false;
    for (const [logicalId, resource] of Object.entries(stack.Resources)) {
      if (!condemned.has(logicalId) && reads({ p: resource.Properties, d: resource.DependsOn })) {
        condemned.add(logicalId);
        grew = true;
      }
    }
  }
  condemned.forEach((logicalId) => (stack.Resources[logicalId].Condition = 'Never'));
  const outputs = Object.entries<any>(stack.Outputs ?? {}).filter(([, o]) => reads(o.Value));
  outputs.forEach(([, o]) => (o.Condition = 'Never'));
  for (const [otherName, other] of Object.entries(t)) {
    const readers = Object.entries<any>(other.Resources)
      .filter(([, r]) => outputs.some(([name]) => JSON.stringify(r.Properties ?? {}).includes(`"OutputName":"${name}"`)))
      .map(([logicalId]) => logicalId);
    if (otherName !== stackName && readers.length > 0) {
      neverCreate(t, otherName, readers);
    }
  }
}

/** The ids of the checks that report an error after `mutate` is applied to a copy of prod's templates. */
const errorsAfter = (mutate: (t: Templates) => void) => errorIdsAfter(prod, mutate);

test('prod as synthesized passes every check (the baseline each bypass edits)', () => {
  expect(errorsAfter(() => undefined)).toEqual([]);
});

describe('resources with a `Condition` are judged as if they exist (the model ignores the Condition key)', () => {
  // CloudFormation creates a resource only when its Condition is true; `EnvironmentModel.resources`
  // returns it regardless. A resource that is never created still counts as a subscriber, a
  // replica, a group, a default route.
  test.each<[string, string, (t: Templates) => void]>([
    [
      // The alarm topic's only subscription is never created: every alarm fires into a topic nobody
      // reads. The most serious silent break: no incident is ever heard.
      'the on-call subscription is never created',
      'HA-MON-001',
      (t) => {
        neverCreate(t, 'prod-Alerting', [id(alerting(t), 'AlertingTopiconcall', SUBSCRIPTION)]);
      },
    ],
    [
      // The plan says 2 read replicas (one per other AZ); one is never created, so losing an AZ can
      // leave no reader and the read capacity the design counted on is short.
      'a planned read replica is never created',
      'HA-DATA-002',
      (t) => {
        neverCreate(t, 'prod-Data', [id(data(t), 'DatabaseReadReplica2', 'AWS::RDS::DBInstance')]);
      },
    ],
    [
      // The api service's Auto Scaling group is never created: the check that a planned group is
      // "missing from the template" sees it and passes, while the service has no instances at all.
      'a planned Auto Scaling group is never created',
      'HA-WEB-001',
      (t) => {
        neverCreate(t, 'prod-Web', [id(web(t), 'WebServiceapiAutoScalingGroupASG', ASG)]);
      },
    ],
    [
      // AZ a's default route now goes to AZ b's NAT gateway; a second 0.0.0.0/0 route to AZ a's own
      // gateway is added with a false Condition. CloudFormation deploys only the cross-AZ route;
      // the model keeps the last route it reads per table (the conditional one) and sees zonal egress.
      'a conditional default route shadows the real, cross-AZ one',
      'HA-NET-001',
      (t) => {
        withNeverCondition(t, 'prod-Network');
        const route = get(network(t), 'NetworkVpcApplicationSubnet1DefaultRoute', ROUTE);
        const ownNat = route.Properties.NatGatewayId;
        route.Properties.NatGatewayId = { Ref: id(network(t), 'NetworkVpcIngressSubnet2NATGateway', NAT) };
        network(t).ZShadowRoute = { Type: ROUTE, Condition: 'Never', Properties: { ...route.Properties, NatGatewayId: ownNat } };
      },
    ],
  ])('%s fails %s', (_name, checkId, mutate) => {
    expect(errorsAfter(mutate)).toContain(checkId);
  });
});

describe('HA-MON-001 alarms are heard', () => {
  // The topic is encrypted with AlertingKey; CloudWatch can publish to it only because the key
  // policy grants cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey* (SNS Developer
  // Guide, "Enable compatibility between event sources from AWS services and encrypted topics").
  // Without that grant every alarm notification is dropped, with no deploy error.
  test('the alarm topic’s key no longer lets CloudWatch publish', () => {
    expect(
      errorsAfter((t) => {
        const policy = get(alerting(t), 'AlertingKey', 'AWS::KMS::Key').Properties.KeyPolicy;
        policy.Statement = policy.Statement.filter((s: any) => s.Principal?.Service !== 'cloudwatch.amazonaws.com');
      }),
    ).toContain('HA-MON-001');
  });

  // The topic policy's only statement denies sns:Publish without TLS; dropping its Condition denies
  // every publish, CloudWatch's included. The model never reads topic policies.
  test('the topic policy denies every publish', () => {
    expect(
      errorsAfter((t) => {
        delete get(alerting(t), 'AlertingTopicPolicy', 'AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement[0].Condition;
      }),
    ).toContain('HA-MON-001');
  });

  // CloudWatch alarm notifications carry no message attributes; a filter policy on an attribute
  // (the default FilterPolicyScope is MessageAttributes) therefore drops every one of them.
  test('the on-call subscription filters out every alarm notification', () => {
    expect(
      errorsAfter((t) => {
        get(alerting(t), 'AlertingTopiconcall', SUBSCRIPTION).Properties.FilterPolicy = { severity: ['never-sent'] };
      }),
    ).toContain('HA-MON-001');
  });
});

describe('HA-NET-001 zonal egress', () => {
  // The check reads only routes whose destination is exactly 0.0.0.0/0 and whose target is a
  // NatGatewayId; any other route that carries the subnet's internet traffic is never judged (a
  // default route to a NAT instance's network interface is skipped the same way).
  // 0.0.0.0/1 and 128.0.0.0/1 are more specific than 0.0.0.0/0, so VPC routing sends every address
  // through them: AZ a's whole egress goes through AZ b's NAT gateway, and losing AZ b cuts AZ a
  // off (the trick HA-SEC-001 already closes for ingress).
  test('two /1 routes to another AZ’s NAT gateway override the zonal default route', () => {
    expect(
      errorsAfter((t) => {
        const route = get(network(t), 'NetworkVpcApplicationSubnet1DefaultRoute', ROUTE);
        const otherNat = { Ref: id(network(t), 'NetworkVpcIngressSubnet2NATGateway', NAT) };
        for (const [name, cidr] of [
          ['ZLowHalf', '0.0.0.0/1'],
          ['ZHighHalf', '128.0.0.0/1'],
        ]) {
          network(t)[name] = {
            Type: ROUTE,
            Properties: { RouteTableId: route.Properties.RouteTableId, DestinationCidrBlock: cidr, NatGatewayId: otherNat },
          };
        }
      }),
    ).toContain('HA-NET-001');
  });
});

describe('HA-WEB-001 / HA-WEB-002 spread over AZs', () => {
  // Subnets may name their AZ by ID (`AvailabilityZoneId: use1-az1`) instead of by name; AZ names
  // map to IDs differently in each account, so use1-az1 may well be this account's us-east-1a.
  // The model compares the strings and counts "us-east-1a", "us-east-1b" and "use1-az1" as three
  // AZs, when the group and the load balancer may really be in two.
  test('a third subnet named by AZ ID, not by name, is counted as a third AZ', () => {
    const errors = errorsAfter((t) => {
      for (const prefix of ['NetworkVpcApplicationSubnet3Subnet', 'NetworkVpcIngressSubnet3Subnet']) {
        const subnet = get(network(t), prefix, 'AWS::EC2::Subnet');
        delete subnet.Properties.AvailabilityZone;
        subnet.Properties.AvailabilityZoneId = 'use1-az1';
      }
    });
    expect(errors).toEqual(expect.arrayContaining(['HA-WEB-001', 'HA-WEB-002']));
  });

  // A scheduled action sets the web group's MinSize (and desired capacity) to 1 every five
  // minutes: the group keeps MinSize 9 in its own properties, which is all the check reads, while
  // at run time it holds one instance in one AZ. Static stability is gone and nothing is reported.
  test('a scheduled action that keeps setting the web group’s MinSize to 1', () => {
    expect(
      errorsAfter((t) => {
        web(t).ZShrink = {
          Type: 'AWS::AutoScaling::ScheduledAction',
          Properties: {
            AutoScalingGroupName: { Ref: id(web(t), 'WebAutoScalingGroupASG', ASG) },
            MinSize: 1,
            DesiredCapacity: 1,
            Recurrence: '*/5 * * * *',
          },
        };
      }),
    ).toContain('HA-WEB-001');
  });

  // A Classic Load Balancer (AWS::ElasticLoadBalancing::LoadBalancer) in one subnet, wired to the
  // web group, is an entry point that dies with its AZ; HA-WEB-002 reads only ELBv2 load balancers.
  test('a Classic Load Balancer in one AZ in front of the web group', () => {
    expect(
      errorsAfter((t) => {
        web(t).ZClassic = {
          Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
          Properties: {
            Subnets: [networkOutput(t, 'NetworkVpcIngressSubnet1Subnet')],
            Listeners: [{ LoadBalancerPort: '80', InstancePort: '8080', Protocol: 'HTTP' }],
          },
        };
        webGroup(t).Properties.LoadBalancerNames = [{ Ref: 'ZClassic' }];
      }),
    ).toContain('HA-WEB-002');
  });
});

describe('HA-DATA-003 cache failover', () => {
  // The replication group (primary + 2 replicas over 3 AZs, automatic failover) becomes a
  // single-node AWS::ElastiCache::CacheCluster under the same logical ID; only an output reads it
  // (by Ref), so the template deploys. HA-DATA-003 and HA-DATA-004 read only replication groups:
  // the cache now dies with its AZ, and its data with a replacement, and nothing is reported.
  test('the cache replication group replaced by a single-node cache cluster', () => {
    expect(
      errorsAfter((t) => {
        const cache = get(data(t), 'CacheReplicationGroup', 'AWS::ElastiCache::ReplicationGroup');
        cache.Type = 'AWS::ElastiCache::CacheCluster';
        cache.Properties = {
          Engine: 'redis',
          CacheNodeType: cache.Properties.CacheNodeType,
          NumCacheNodes: 1,
          CacheSubnetGroupName: cache.Properties.CacheSubnetGroupName,
          VpcSecurityGroupIds: cache.Properties.SecurityGroupIds,
        };
        delete cache.DeletionPolicy;
        delete cache.UpdateReplacePolicy;
      }),
    ).toContain('HA-DATA-003');
  });
});

describe('template content CloudFormation adds at deploy time is never judged (fail closed)', () => {
  // The checks read the templates as written. A nested stack (`AWS::CloudFormation::Stack`, what a
  // CDK NestedStack synthesizes) deploys another template the model never reads; an `AWS::Include`
  // transform in the Resources section (like a macro named in the template's `Transform`) rewrites
  // the template before CloudFormation deploys it. Whatever they hold (a single-AZ database, a port
  // open to the world) is unjudged, and the result is "no finding" instead of "cannot prove".
  test.each<[string, (t: Templates) => void]>([
    [
      'a nested stack',
      (t) =>
        (data(t).ZNested = {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: 'https://s3.us-east-1.amazonaws.com/templates/database.json' },
        }),
    ],
    [
      'an AWS::Include transform in the Resources section',
      (t) => (data(t)['Fn::Transform'] = { Name: 'AWS::Include', Parameters: { Location: 's3://templates/database.yaml' } }),
    ],
  ])('%s is reported as unproven', (_name, mutate) => {
    expect(errorsAfter(mutate)).not.toEqual([]);
  });
});

describe('HA-CFN-002 cross-stack references stay in the environment', () => {
  // `Fn::GetStackOutput` with a RoleArn reads the named stack in the role's account: here another
  // account's prod-Alerting, whose topic and subscribers are not this environment's. The model
  // ignores RoleArn and follows the reference into this environment's prod-Alerting, so the alarm
  // looks routed to the subscribed on-call topic. (A Region given by a parameter is followed the
  // same way: the region test is skipped when Region is not literal.)
  test('an alarm action read through a RoleArn into another account', () => {
    expect(
      errorsAfter((t) => {
        const alarm = get(t['prod-Observability'].Resources, 'Monitoringprodweb5xxrate', 'AWS::CloudWatch::Alarm');
        alarm.Properties.AlarmActions[0]['Fn::GetStackOutput'].RoleArn = 'arn:aws:iam::210987654321:role/read-outputs';
      }),
    ).toContain('HA-CFN-002');
  });
});

describe('HA-MON-002 per-AZ alarms', () => {
  // An alarm's `ha:availability-zone` tag is trusted over its metrics: here every alarm tagged
  // us-east-1a measures us-east-1b instead (its AvailabilityZone dimensions rewritten), so a gray
  // failure in us-east-1a is watched by nothing, and the check still counts the AZ as watched.
  test('the alarms tagged us-east-1a watch us-east-1b’s metrics', () => {
    expect(
      errorsAfter((t) => {
        for (const alarm of Object.values<any>(t['prod-Observability'].Resources)) {
          const tags: Array<{ Key: string; Value: unknown }> = alarm.Properties?.Tags ?? [];
          if (tags.some((tag) => tag.Key === 'ha:availability-zone' && tag.Value === 'us-east-1a')) {
            const { Tags, ...rest } = alarm.Properties;
            alarm.Properties = { ...JSON.parse(JSON.stringify(rest).split('"us-east-1a"').join('"us-east-1b"')), Tags };
          }
        }
      }),
    ).toContain('HA-MON-002');
  });
});

describe('HA-ENV-001 one set of rules per environment', () => {
  // "A relaxation must be declared everywhere" (EnvironmentModel): but a stack with no declaration
  // does not count as disagreeing. Remove the declaration from every stack but one, relax that one
  // (strict: false, HA-SEC-001 a warning), and port 22 of the database opens to the internet with
  // no error. The relaxation is visible only in prod-Web's metadata, not in the stack it relaxes.
  test('every stack but one stops declaring the environment, and that one relaxes it', () => {
    expect(
      errorsAfter((t) => {
        for (const [name, template] of Object.entries(t)) {
          const metadata = template.Metadata as Record<string, any>;
          if (name === 'prod-Web') {
            metadata['cdk-ha-blueprint:environment'] = {
              ...metadata['cdk-ha-blueprint:environment'],
              strict: false,
              warningChecks: ['HA-SEC-001'],
            };
          } else {
            delete metadata['cdk-ha-blueprint:environment'];
          }
        }
        get(data(t), 'DatabaseSecurityGroup', 'AWS::EC2::SecurityGroup').Properties.SecurityGroupIngress = [
          { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 },
        ];
      }),
    ).not.toEqual([]);
  });
});

describe('HA-SEC-002 no plaintext secrets', () => {
  // The property-name test is anchored (`^password$`), so credentials under any other key pass:
  // an environment variable named DB_PASSWORD is the most common way a password reaches a template.
  test('a Lambda environment variable DB_PASSWORD with a literal password', () => {
    expect(
      errorsAfter((t) => {
        get(network(t), 'CustomVpcRestrictDefaultSGCustomResourceProviderHandler', 'AWS::Lambda::Function').Properties.Environment = {
          Variables: { DB_PASSWORD: 'correct-horse-battery-staple' },
        };
      }),
    ).toContain('HA-SEC-002');
  });

  // A `Ref` to a NoEcho parameter is accepted as a secret reference, but the parameter's Default is
  // the password in plain text, in the template; Parameters are never scanned.
  test('a NoEcho parameter whose Default is the password', () => {
    expect(
      errorsAfter((t) => {
        t['prod-Data'].Parameters = { CachePassword: { Type: 'String', NoEcho: true, Default: 'correct-horse-battery-staple' } };
        get(data(t), 'CacheReplicationGroup', 'AWS::ElastiCache::ReplicationGroup').Properties.AuthToken = { Ref: 'CachePassword' };
      }),
    ).toContain('HA-SEC-002');
  });
});

describe('HA-SEC-003 IMDSv2 required', () => {
  // The web group launches from a launch template that is not in the environment (named by a
  // literal): its MetadataOptions are unknown, so IMDSv1 may be on for every web instance. The
  // check judges only launch templates that are in the templates, and never what a group uses.
  test('the web group launches from a launch template outside the templates', () => {
    expect(
      errorsAfter((t) => {
        webGroup(t).Properties.LaunchTemplate = { LaunchTemplateName: 'legacy-web-imdsv1', Version: '1' };
      }),
    ).toContain('HA-SEC-003');
  });
});
