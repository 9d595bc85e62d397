/**
 * An AWS limit the design meets as it grows, with where it is documented.
 */
export interface AwsLimit {
  /** Short id, the last part of the warning id (`cdk-ha-blueprint:limit:<id>`). */
  readonly id: string;
  /** What is counted, in the messages: `resources in one stack`. */
  readonly what: string;
  /** The limit. */
  readonly max: number;
  /** Where AWS documents it. */
  readonly source: string;
}

/** Share of a limit at which the library warns (the 80 %). */
export const WARN_AT_SHARE = 0.8;

/**
 * The limits, each with its source; every figure read 2026-11-29.
 *
 * Adjustable quotas (security-group rules, listener rules, target groups) are held at their
 * defaults: a raised quota is an account fact the templates cannot see, and the deploy fails
 * at the default in every account that did not raise it.
 */
export const AWS_LIMITS = {
  /** CloudFormation User Guide, "CloudFormation quotas": Resources, 500 per stack. */
  stackResources: {
    id: 'stackResources',
    what: 'resources in one stack',
    max: 500,
    source: 'CloudFormation User Guide, "CloudFormation quotas" (Resources: 500 per stack)',
  },
  /** CloudFormation User Guide, "CloudFormation quotas": Outputs, 200 per stack. */
  stackOutputs: {
    id: 'stackOutputs',
    what: 'outputs in one stack',
    max: 200,
    source: 'CloudFormation User Guide, "CloudFormation quotas" (Outputs: 200 per template)',
  },
  /** CloudFormation User Guide, "CloudFormation quotas": parameters per template, 200 (read 2026-11). */
  stackParameters: {
    id: 'stackParameters',
    what: 'parameters in one stack',
    max: 200,
    source: 'CloudFormation User Guide, "CloudFormation quotas" (Parameters: 200 per template)',
  },
  /** CloudFormation User Guide, "CloudFormation quotas": mappings per template, 200 (read 2026-11). */
  stackMappings: {
    id: 'stackMappings',
    what: 'mappings in one stack',
    max: 200,
    source: 'CloudFormation User Guide, "CloudFormation quotas" (Mappings: 200 per template)',
  },
  /** CloudFormation User Guide, "CloudFormation quotas": template body size in an S3 object, 1 MB. */
  templateBytes: {
    id: 'templateBytes',
    what: 'bytes of one template',
    max: 1_048_576,
    source: 'CloudFormation User Guide, "CloudFormation quotas" (Template body size in an Amazon S3 object: 1 MB)',
  },
  /** ELB User Guide for ALBs, "Quotas for your Application Load Balancers": 100 rules per ALB, default rules not counted. */
  listenerRules: {
    id: 'listenerRules',
    what: 'listener rules on one load balancer (default actions not counted)',
    max: 100,
    source: 'ELB User Guide, "Quotas for your Application Load Balancers" (Rules per load balancer, not counting default rules: 100)',
  },
  /** ELB User Guide for ALBs, "Quotas for your Application Load Balancers": 100 target groups per ALB. */
  targetGroups: {
    id: 'targetGroups',
    what: 'target groups behind one load balancer',
    max: 100,
    source: 'ELB User Guide, "Quotas for your Application Load Balancers" (Target groups per Application Load Balancer: 100)',
  },
  /** ELB User Guide for ALBs, "Quotas for your Application Load Balancers": 1,000 targets per ALB (adjustable). */
  targetsPerLoadBalancer: {
    id: 'targetsPerLoadBalancer',
    what: "targets behind one load balancer at every service's maximum capacity",
    max: 1_000,
    source: 'ELB User Guide, "Quotas for your Application Load Balancers" (Targets per Application Load Balancer: 1,000)',
  },
  /** Amazon VPC User Guide, "Amazon VPC quotas": 60 inbound and 60 outbound rules per security group. */
  securityGroupRules: {
    id: 'securityGroupRules',
    what: 'rules in one direction of one security group',
    max: 60,
    source: 'Amazon VPC User Guide, "Amazon VPC quotas" (Inbound or outbound rules per security group: 60)',
  },
  /** CloudWatch API Reference, PutCompositeAlarm: "can include as many as 100 underlying alarms". */
  compositeChildren: {
    id: 'compositeChildren',
    what: 'alarms in one composite alarm rule',
    max: 100,
    source: 'CloudWatch API Reference, PutCompositeAlarm (as many as 100 underlying alarms)',
  },
  /** CloudWatch API Reference, PutCompositeAlarm: AlarmRule, maximum length 10,240. */
  compositeRuleLength: {
    id: 'compositeRuleLength',
    what: 'characters of one composite alarm rule',
    max: 10_240,
    source: 'CloudWatch API Reference, PutCompositeAlarm (AlarmRule: maximum length of 10240)',
  },
  /** CloudWatch Dashboard Body Structure, alarm status widget: at most 100 alarms. */
  alarmsPerWidget: {
    id: 'alarmsPerWidget',
    what: 'alarms in one alarm status widget',
    max: 100,
    source: 'CloudWatch User Guide, "Dashboard Body Structure and Syntax" (alarm status widget: up to 100 alarms)',
  },
  /** CloudWatch User Guide, "CloudWatch service quotas": dashboards, 500 widgets each. */
  dashboardWidgets: {
    id: 'dashboardWidgets',
    what: 'widgets on one dashboard',
    max: 500,
    source: 'CloudWatch User Guide, "CloudWatch service quotas" (Dashboards: up to 500 widgets per dashboard)',
  },
  /** CloudWatch User Guide, "CloudWatch service quotas": dashboards, 2,500 metrics across all widgets. */
  dashboardMetrics: {
    id: 'dashboardMetrics',
    what: 'metrics on one dashboard',
    max: 2_500,
    source: 'CloudWatch User Guide, "CloudWatch service quotas" (Dashboards: up to 2500 metrics per dashboard, across all widgets)',
  },
  /** CloudWatch User Guide, "CloudWatch service quotas": dashboards, 500 metrics per widget. */
  widgetMetrics: {
    id: 'widgetMetrics',
    what: 'metrics in one dashboard widget',
    max: 500,
    source: 'CloudWatch User Guide, "CloudWatch service quotas" (Dashboards: up to 500 metrics per dashboard widget)',
  },
} as const satisfies Record<string, AwsLimit>;

/** Where a count stands against its limit. */
export type LimitState = 'ok' | 'near' | 'over';

/** `near` from 80 % of the limit, `over` above it. */
export function limitState(limit: AwsLimit, count: number): LimitState {
  if (count > limit.max) {
    return 'over';
  }
  return count >= Math.ceil(limit.max * WARN_AT_SHARE) ? 'near' : 'ok';
}

/** The message for a count at or near its limit: the limit, its source, the count and the fix. */
export function limitMessage(limit: AwsLimit, count: number, where: string, fix: string): string {
  const share = Math.round((100 * count) / limit.max);
  return `${where}: ${count} ${limit.what}, ${share}% of the limit of ${limit.max} (${limit.source}). ${fix}`;
}
