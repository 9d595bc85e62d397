/**
 * The unit prices the cost estimate multiplies, as dated data: each with the page it was read
 * from, whether that page is AWS's own (`official`) or a dated third-party page quoting AWS's
 * price (`secondary`), and the day it was read. A resource with no price here is reported as
 * unpriced, never guessed (see `estimate-cost.ts`).
 *
 * All prices are on-demand, us-east-1 (US East, N. Virginia), USD, Linux where an OS applies.
 * To re-check one, use the AWS Pricing Calculator (https://calculator.aws/) or the Price List API
 * (`aws pricing get-products --region us-east-1 --service-code AmazonEC2 --filters ...`); see
 * docs/cost.md. A price added here needs its source; an instance type nobody sourced stays unpriced.
 */

/** Where a price was read. */
export interface PriceSource {
  /** The page the figure was read from. */
  readonly url: string;
  /** `official`: an AWS page; `secondary`: a dated third-party page quoting AWS's price. */
  readonly kind: 'official' | 'secondary';
  /** The day the page was read (ISO date). */
  readonly read: string;
  /** The page's own date, when it states one (ISO date). */
  readonly published?: string;
  /** What the page says, briefly, and any caveat. */
  readonly note?: string;
}

/** One unit price. */
export interface UnitPrice {
  /** USD per unit. */
  readonly usd: number;
  /** What one unit is: an hour of a resource, a month of it, or a GB stored for a month. */
  readonly per: 'hour' | 'month' | 'GB-month';
  readonly source: PriceSource;
}

/** The Region whose prices these are. The standby (another Region) is priced at them as an approximation. */
export const PRICE_REGION = 'us-east-1';

/** Hours in the estimated month: 365 x 24 / 12, the month AWS's own examples and the Pricing Calculator use. */
export const HOURS_PER_MONTH = 730;

/** The day the prices below were read. */
export const PRICES_READ = '2026-11-29';

const read = PRICES_READ;

/**
 * Unit prices by key (`ec2:<type>`, `rds:<engine>:<class>`, `elasticache:<engine>:<type>`, and one
 * key per other billed dimension). Instance types used by the shipped profiles that have no entry
 * here (t4g.small, m7g.medium, db.r7g.large, db.r7g.xlarge, the cache node types) had no page with
 * a stated price among the sources searched on 2026-11-29: they are reported as unpriced.
 *
 * A second search the same day (stored web pages and documentation, about 50 phrasings, including
 * the expected figures) found no acceptable source either. Rejected, so that nobody adds them later:
 * - cache.r7g.large "$0.252/hour" (moussouni.guyfarron.com/post/8227, a repost dated 2026-02-12):
 *   Redis OSS, not Valkey, and it names no Region.
 * - db.r8g.xlarge PostgreSQL "$0.478/hr" in us-east-1 (usage.ai, PostgreSQL read-replica guide):
 *   r8g, not r7g; carrying it over would be a derivation.
 * - "Valkey ... up to 20% lower cost per node" (ElastiCache FAQ, amazonaws.cn) and "30% less than
 *   Redis OSS" (MemoryDB reserved-node docs): "up to" and MemoryDB are no rule for ElastiCache nodes,
 *   and neither states a base price.
 * - t4g rows in matthiaskraaz.blogspot.com (2021-08-30): the stored copy ends before them and the
 *   page does not name its Region.
 * - Price tables in GitHub files (READMEs, JSON catalogues): undated or unsourced.
 */
export const UNIT_PRICES: Readonly<Record<string, UnitPrice>> = {
  // EC2, Linux on-demand, per instance-hour.
  // secondary: https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/, page dated 2026-06-17; read 2026-11-29.
  'ec2:m7g.large': {
    usd: 0.0816,
    per: 'hour',
    source: {
      url: 'https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/',
      kind: 'secondary',
      read,
      published: '2026-06-17',
      note: '"In us-east-1 (June 2026), Linux m7g.large is $0.0816/hr"',
    },
  },
  // EBS gp3, per GB-month; 3,000 IOPS and 125 MiB/s are included.
  // secondary: https://www.saisci.com/aws/gp3-throughput-explained/, page dated 2021-01-13; read 2026-11-29.
  'ebs:gp3': {
    usd: 0.08,
    per: 'GB-month',
    source: {
      url: 'https://www.saisci.com/aws/gp3-throughput-explained/',
      kind: 'secondary',
      read,
      published: '2021-01-13',
      note: '"$0.08/GiB-month ... price is based on N. Virginia"; 3,000 IOPS and 125 MiB/s included',
    },
  },
  // RDS for PostgreSQL, Single-AZ per instance-hour; Multi-AZ bills the standby's hours too.
  // secondary: https://infratally.com/articles/aws-rds-pricing-explained-2026.html, page dated 2026; read 2026-11-29.
  'rds:postgres:db.t4g.medium': {
    usd: 0.065,
    per: 'hour',
    source: {
      url: 'https://infratally.com/articles/aws-rds-pricing-explained-2026.html',
      kind: 'secondary',
      read,
      published: '2026',
      note: 'PostgreSQL, us-east-1: db.t4g.medium Single-AZ $0.065/hr, Multi-AZ $0.130/hr',
    },
  },
  // RDS gp3 storage, Single-AZ per GB-month (a Multi-AZ instance bills it for the standby too).
  // secondary: https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/, page dated 2026-06; read 2026-11-29.
  'rds:storage:gp3': {
    usd: 0.115,
    per: 'GB-month',
    source: {
      url: 'https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/',
      kind: 'secondary',
      read,
      published: '2026-06',
      note: '"GB provisioned x $0.115/month (gp3)", US East (N. Virginia), June 2026; 3,000 IOPS included',
    },
  },
  // VPC
  // secondary: https://basavytix.com/blog/aws-nat-gateway-pricing; read 2026-11-29.
  'vpc:nat-gateway': {
    usd: 0.045,
    per: 'hour',
    source: {
      url: 'https://basavytix.com/blog/aws-nat-gateway-pricing',
      kind: 'secondary',
      read,
      note: '$0.045/hr per NAT gateway and $0.045/GB processed, "the us-east-1 rates"',
    },
  },
  // secondary: https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/; read 2026-11-29.
  'vpc:public-ipv4': {
    usd: 0.005,
    per: 'hour',
    source: {
      url: 'https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/',
      kind: 'secondary',
      read,
      note: 'since 2024-02-01 every public IPv4 address (NAT gateway, load balancer, EC2) costs $0.005/hr',
    },
  },
  // secondary: https://www.usage.ai/blogs/aws-network-costs/, page dated 2026-05; read 2026-11-29.
  'vpc:gateway-endpoint': {
    usd: 0,
    per: 'hour',
    source: {
      url: 'https://www.usage.ai/blogs/aws-network-costs/',
      kind: 'secondary',
      read,
      published: '2026-05',
      note: '"Gateway Endpoints for S3 and DynamoDB cost nothing: no hourly charge, no per-GB charge"',
    },
  },
  // Elastic Load Balancing
  // secondary: https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/, page dated 2026-05-08; read 2026-11-29.
  'elb:alb': {
    usd: 0.0225,
    per: 'hour',
    source: {
      url: 'https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/',
      kind: 'secondary',
      read,
      published: '2026-05-08',
      note: '"The hourly base is $0.0225 per ALB per hour"',
    },
  },
  // secondary: https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/, page dated 2026-05-08; read 2026-11-29.
  'elb:alb-lcu': {
    usd: 0.008,
    per: 'hour',
    source: {
      url: 'https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/',
      kind: 'secondary',
      read,
      published: '2026-05-08',
      note: '"The LCU-hour bills $0.008 each"',
    },
  },
  // CloudWatch
  // secondary: https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm; read 2026-11-29.
  'cloudwatch:alarm-metric': {
    usd: 0.1,
    per: 'month',
    source: {
      url: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm',
      kind: 'secondary',
      read,
      note: 'standard resolution $0.10 per alarm metric-month; a metric-math alarm is billed per metric it reads',
    },
  },
  // secondary: https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm; read 2026-11-29.
  'cloudwatch:alarm-metric-high-resolution': {
    usd: 0.3,
    per: 'month',
    source: {
      url: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm',
      kind: 'secondary',
      read,
      note: 'high resolution (10 s) $0.30 per alarm metric-month',
    },
  },
  // secondary: https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm; read 2026-11-29.
  'cloudwatch:composite-alarm': {
    usd: 0.5,
    per: 'month',
    source: {
      url: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm',
      kind: 'secondary',
      read,
      note: 'composite alarms $0.50 per alarm-month',
    },
  },
  // secondary: https://ryuzoji.com/archives/969; read 2026-11-29.
  'cloudwatch:metric': {
    usd: 0.3,
    per: 'month',
    source: {
      url: 'https://ryuzoji.com/archives/969',
      kind: 'secondary',
      read,
      note: 'EC2 detailed monitoring is billed as CloudWatch metrics, 7 per instance, $0.30 per metric-month (first tier; the first 10 metrics of an account are free, not deducted)',
    },
  },
  // secondary: https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/, page dated 2026-06-13; read 2026-11-29.
  'cloudwatch:dashboard': {
    usd: 3,
    per: 'month',
    source: {
      url: 'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/',
      kind: 'secondary',
      read,
      published: '2026-06-13',
      note: '"dashboards at $3 each" per month (an account\'s first three are free; not deducted here)',
    },
  },
  // KMS and Secrets Manager
  // secondary: https://cloudburn.io/blog/aws-kms-pricing, page dated 2026-03-14; read 2026-11-29.
  'kms:key': {
    usd: 1,
    per: 'month',
    source: {
      url: 'https://cloudburn.io/blog/aws-kms-pricing',
      kind: 'secondary',
      read,
      published: '2026-03-14',
      note: '"a flat $1/month per customer managed key", sourced from the official KMS pricing page',
    },
  },
  // secondary: https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms; read 2026-11-29.
  'secretsmanager:secret': {
    usd: 0.4,
    per: 'month',
    source: {
      url: 'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms',
      kind: 'secondary',
      read,
      note: '"$0.40 per secret per month + $0.05 per 10k API calls"; RDS-managed master secrets are Secrets Manager secrets',
    },
  },
  // AWS WAF (priced the same in every Region: AWS Networking blog, "Cost-effective ways for securing your web applications using AWS WAF")
  // secondary: https://c3x.dev/blog/aws-waf-cost-explained/; read 2026-11-29.
  'waf:web-acl': {
    usd: 5,
    per: 'month',
    source: {
      url: 'https://c3x.dev/blog/aws-waf-cost-explained/',
      kind: 'secondary',
      read,
      note: '"$5/month per Web ACL + $1/month per rule + $0.60 per million requests"',
    },
  },
  // secondary: https://c3x.dev/blog/aws-waf-cost-explained/; read 2026-11-29.
  'waf:rule': {
    usd: 1,
    per: 'month',
    source: {
      url: 'https://c3x.dev/blog/aws-waf-cost-explained/',
      kind: 'secondary',
      read,
      note: '$1/month per rule or managed rule group (paid groups such as Bot Control cost more)',
    },
  },
  // Application Recovery Controller
  // official: https://docs.amazonaws.cn/en_us/r53recovery/latest/dg/introduction-pricing-zonal-shift.md; read 2026-11-29.
  'arc:zonal-shift': {
    usd: 0,
    per: 'month',
    source: {
      url: 'https://docs.amazonaws.cn/en_us/r53recovery/latest/dg/introduction-pricing-zonal-shift.md',
      kind: 'official',
      read,
      note: '"There is no additional charge for using zonal shift"; autoshift and its practice runs are zonal shifts',
    },
  },
};
