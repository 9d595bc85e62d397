import { ArnFormat, Aws, Fn, Names, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { createEncryptedLogGroup } from '../private/encrypted-log-group';

/** WAF's bounds on a rate-based rule's limit per evaluation window (AWS WAF Developer Guide, rate-based rules, 2026). */
const MIN_RATE_LIMIT = 10;
const MAX_RATE_LIMIT = 2_000_000_000;

/** AWS managed rule groups in front of every load balancer, in evaluation order after the rate limit. */
const MANAGED_RULE_GROUPS = [
  // Known malicious sources first: cheapest to evaluate, and they should not count toward rate limits.
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/** Properties of {@link HaWebAcl}. */
export interface HaWebAclProps {
  /** The load balancer to protect. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Requests one client IP may send in 5 minutes before WAF blocks it (until its rate falls).
   *
   * @default 2000 - about 7 requests per second, sustained
   */
  readonly rateLimitPer5Minutes?: number;

  /**
   * Retention of the WAF log.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Key that encrypts the WAF log.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * A WAFv2 web ACL on the load balancer: IP reputation, a rate limit per client IP (the rate
 * limiting a system under attack or a runaway client needs before it reaches the instances),
 * the AWS common rule set and known bad inputs; every request logged, with credentials redacted.
 */
export class HaWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The log group receiving WAF logs. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HaWebAclProps) {
    super(scope, id);
    const limit = props.rateLimitPer5Minutes ?? 2000;
    if (!Number.isInteger(limit) || limit < MIN_RATE_LIMIT || limit > MAX_RATE_LIMIT) {
      throw new ValidationError(
        `HaWebAcl: rateLimitPer5Minutes is ${limit}; WAF accepts whole numbers from ${MIN_RATE_LIMIT} to ${MAX_RATE_LIMIT} requests per IP per 5 minutes`,
        this,
      );
    }
    const metricPrefix = Names.uniqueId(this).slice(-40);
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metricPrefix}-${name}`,
    });
    const managed = MANAGED_RULE_GROUPS.map((name) => ({
      name,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    }));
    const rateLimit = {
      name: 'RateLimitPerIp',
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
      action: { block: {} },
      visibilityConfig: visibility('RateLimitPerIp'),
    };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'IP reputation, rate limit per IP, common rule set, known bad inputs',
      visibilityConfig: visibility('WebAcl'),
      rules: [managed[0], rateLimit, ...managed.slice(1)].map((rule, priority) => ({ ...rule, priority })),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF delivers only to log groups named aws-waf-logs-*: the one physical name this library sets.
    // The stack's own ID (a GUID per stack creation) ends it, so that a log group kept (Retain)
    // after the stack is destroyed never blocks the next deployment with "already exists".
    const stackGuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 200 })}-${stackGuid}`;
    this.logGroup = createEncryptedLogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logEncryptionKey,
      logGroupName,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ':*' suffix that LogGroup.logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    logging.node.addDependency(this.logGroup);
  }
}
