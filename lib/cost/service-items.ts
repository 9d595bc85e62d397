import { ALB_LCU_PER_HOUR } from './assumptions';
import { CostItem, shortName } from './cost-item';
import { EnvironmentModel } from '../guarantees/model/environment-model';
import { resolvesNumber } from '../guarantees/model/facts';
import { isUnknown, ResourceRef } from '../guarantees/model/resolved';

/**
 * Everything billed per resource-hour or resource-month besides compute and data: NAT gateways
 * and public IPv4 addresses, load balancers, alarms and dashboards, keys and secrets, the web ACL,
 * endpoints and zonal autoshift; plus the resources whose charge is per GB or per request only,
 * listed as excluded so that the table shows they were seen.
 */
export function serviceItems(model: EnvironmentModel): CostItem[] {
  const count = (type: string) => model.resources(type).length;
  const items: CostItem[] = [];
  const counted = (service: string, what: string, type: string, unit: string, priceKey: string, note?: string) => {
    const n = count(type);
    if (n > 0) {
      items.push({ service, what, resource: `${n} x ${type}`, quantity: n, unit, priceKey, ...(note ? { note } : {}) });
    }
  };
  counted('VPC', 'NAT gateways', 'AWS::EC2::NatGateway', 'gateway', 'vpc:nat-gateway', 'hours only; data processed is per GB (excluded)');
  counted('VPC', 'Elastic IPs (public IPv4)', 'AWS::EC2::EIP', 'address', 'vpc:public-ipv4', "the NAT gateways' addresses");
  items.push(...model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer').flatMap((lb) => loadBalancerItems(model, lb)));
  items.push(...alarmItems(model));
  counted(
    'CloudWatch',
    'dashboards',
    'AWS::CloudWatch::Dashboard',
    'dashboard',
    'cloudwatch:dashboard',
    "an account's first three are free (not deducted)",
  );
  counted('KMS', 'customer managed keys', 'AWS::KMS::Key', 'key', 'kms:key', 'requests and rotated key material not priced');
  counted('Secrets Manager', 'secrets', 'AWS::SecretsManager::Secret', 'secret', 'secretsmanager:secret', 'API calls excluded');
  for (const acl of model.resources('AWS::WAFv2::WebACL')) {
    const rules = (acl.resource.Properties?.Rules as unknown[] | undefined)?.length ?? 0;
    items.push({
      service: 'WAF',
      what: 'web ACL',
      resource: shortName(acl),
      quantity: 1,
      unit: 'web ACL',
      priceKey: 'waf:web-acl',
      note: 'requests ($ per million) excluded',
    });
    items.push({
      service: 'WAF',
      what: 'rules and managed rule groups',
      resource: shortName(acl),
      quantity: rules,
      unit: 'rule',
      priceKey: 'waf:rule',
    });
  }
  counted('ARC', 'zonal autoshift configurations', 'AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 'configuration', 'arc:zonal-shift');
  for (const endpoint of model.resources('AWS::EC2::VPCEndpoint')) {
    const kind = model.resolve(endpoint.stack, endpoint.resource.Properties?.VpcEndpointType ?? 'Gateway');
    const gateway = kind.kind === 'literal' && kind.value === 'Gateway';
    items.push({
      service: 'VPC',
      what: `${gateway ? 'gateway' : String(kind.kind === 'literal' ? kind.value : 'interface').toLowerCase()} endpoint`,
      resource: shortName(endpoint),
      quantity: 1,
      unit: 'endpoint',
      priceKey: gateway ? 'vpc:gateway-endpoint' : 'vpc:interface-endpoint',
      label: gateway ? 'gateway endpoint' : 'interface endpoint (per AZ-hour)',
    });
  }
  for (const type of ['AWS::Route53::HostedZone', 'AWS::Route53::HealthCheck']) {
    counted(
      'Route 53',
      type === 'AWS::Route53::HealthCheck' ? 'health checks' : 'hosted zones',
      type,
      type.endsWith('Zone') ? 'zone' : 'health check',
      `route53:${type.split('::')[2]}`,
    );
  }
  items.push(...usageOnlyItems(model));
  return items;
}

function loadBalancerItems(model: EnvironmentModel, lb: ResourceRef): CostItem[] {
  const props = lb.resource.Properties ?? {};
  const type = model.resolve(lb.stack, props.Type ?? 'application');
  const name = shortName(lb);
  if (type.kind !== 'literal' || type.value !== 'application') {
    return [
      {
        service: 'ELB',
        what: `${type.kind === 'literal' ? type.value : 'unknown'} load balancer`,
        resource: name,
        quantity: 1,
        unit: 'load balancer',
        priceKey: `elb:${type.kind === 'literal' ? type.value : 'unknown'}`,
        label: `${type.kind === 'literal' ? type.value : 'unknown'} load balancer`,
      },
    ];
  }
  const items: CostItem[] = [
    { service: 'ELB', what: 'Application Load Balancer', resource: name, quantity: 1, unit: 'load balancer', priceKey: 'elb:alb' },
    {
      service: 'ELB',
      what: `LCUs (assumed ${ALB_LCU_PER_HOUR} per hour)`,
      resource: name,
      quantity: ALB_LCU_PER_HOUR,
      unit: 'LCU',
      priceKey: 'elb:alb-lcu',
      note: 'see the LCU assumption',
    },
  ];
  const scheme = model.resolve(lb.stack, props.Scheme ?? 'internet-facing');
  if (scheme.kind === 'literal' && scheme.value === 'internet-facing') {
    const subnets = model.resolveList(lb.stack, props.Subnets ?? props.SubnetMappings ?? []);
    items.push(
      Array.isArray(subnets)
        ? {
            service: 'VPC',
            what: 'public IPv4 of the load balancer (one per AZ)',
            resource: name,
            quantity: subnets.length,
            unit: 'address',
            priceKey: 'vpc:public-ipv4',
            note: 'AWS may add addresses as the load balancer scales',
          }
        : { service: 'VPC', what: 'public IPv4 of the load balancer', resource: name, quantity: 0, unit: 'address', unknown: subnets.why },
    );
  }
  return items;
}

/**
 * Alarms billed per metric they read: a metric-math alarm is billed for each metric in it, a
 * period under 60 s makes it high resolution, and composite alarms have their own price.
 */
function alarmItems(model: EnvironmentModel): CostItem[] {
  let standard = 0;
  let highResolution = 0;
  let anomaly = 0;
  for (const alarm of model.resources('AWS::CloudWatch::Alarm')) {
    const props = alarm.resource.Properties ?? {};
    const queries = (props.Metrics as Array<Record<string, any>> | undefined) ?? [];
    if (queries.some((q) => typeof q.Expression === 'string' && q.Expression.includes('ANOMALY_DETECTION_BAND'))) {
      anomaly += 1;
      continue;
    }
    const stats = queries.length > 0 ? queries.filter((q) => q.MetricStat !== undefined) : [props];
    for (const stat of stats) {
      const period = resolvesNumber(model, alarm.stack, stat.MetricStat?.Period ?? stat.Period ?? 60, 'Period');
      if (!isUnknown(period) && period < 60) {
        highResolution += 1;
      } else {
        standard += 1;
      }
    }
  }
  const composites = model.resources('AWS::CloudWatch::CompositeAlarm').length;
  const alarms = model.resources('AWS::CloudWatch::Alarm').length;
  const items: CostItem[] = [];
  if (standard > 0) {
    items.push({
      service: 'CloudWatch',
      what: 'alarm metrics, standard resolution',
      resource: `${alarms} alarms`,
      quantity: standard,
      unit: 'alarm metric',
      priceKey: 'cloudwatch:alarm-metric',
      note: 'metric-math alarms count each metric they read',
    });
  }
  if (highResolution > 0) {
    items.push({
      service: 'CloudWatch',
      what: 'alarm metrics, high resolution',
      resource: `${alarms} alarms`,
      quantity: highResolution,
      unit: 'alarm metric',
      priceKey: 'cloudwatch:alarm-metric-high-resolution',
    });
  }
  if (anomaly > 0) {
    items.push({
      service: 'CloudWatch',
      what: 'anomaly detection alarms',
      resource: `${anomaly} alarms`,
      quantity: anomaly,
      unit: 'alarm',
      priceKey: 'cloudwatch:anomaly-detection-alarm',
      label: 'anomaly detection alarm',
    });
  }
  if (composites > 0) {
    items.push({
      service: 'CloudWatch',
      what: 'composite alarms',
      resource: `${composites} composite alarms`,
      quantity: composites,
      unit: 'alarm',
      priceKey: 'cloudwatch:composite-alarm',
    });
  }
  return items;
}

/** Resources billed only per GB or per request: shown, not priced. */
const USAGE_ONLY: ReadonlyArray<[type: string, service: string, why: string]> = [
  ['AWS::SQS::Queue', 'SQS', 'per request; idle long polling by the workers also counts as requests'],
  ['AWS::SNS::Topic', 'SNS', 'per notification delivered'],
  ['AWS::S3::Bucket', 'S3', 'per GB stored and per request; the access logs grow with traffic'],
  ['AWS::Logs::LogGroup', 'CloudWatch Logs', 'per GB ingested and stored'],
  ['AWS::EC2::FlowLog', 'VPC', 'flow log delivery per GB'],
  ['AWS::WAFv2::LoggingConfiguration', 'WAF', 'log delivery per GB'],
  ['AWS::Lambda::Function', 'Lambda', 'per invocation (custom resources run at deploy time)'],
];

function usageOnlyItems(model: EnvironmentModel): CostItem[] {
  return USAGE_ONLY.flatMap(([type, service, why]) => {
    const n = model.resources(type).length;
    return n > 0 ? [{ service, what: type.split('::')[2], resource: `${n} x ${type}`, quantity: n, unit: 'resource', excluded: why }] : [];
  });
}

/** Types the estimate prices or lists above. */
export const ASSESSED_TYPES: ReadonlySet<string> = new Set([
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::WAFv2::WebACL',
  'AWS::ARCZonalShift::ZonalAutoshiftConfiguration',
  'AWS::EC2::VPCEndpoint',
  'AWS::Route53::HostedZone',
  'AWS::Route53::HealthCheck',
  ...USAGE_ONLY.map(([type]) => type),
]);
