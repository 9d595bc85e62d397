/**
 * Load Balancer Capacity Units assumed per hour for every Application Load Balancer: one LCU is
 * 25 new connections/s, 3,000 active connections/min, 1 GB processed per hour or 1,000 rule
 * evaluations/s, whichever is highest (Vantage ELB pricing handbook, read 2026-11-29). One is a
 * light, steady load; heavier traffic scales this line linearly.
 */
export const ALB_LCU_PER_HOUR = 1;

/** What the estimate leaves out, shown under every estimate. */
export const EXCLUSIONS: readonly string[] = [
  'data transfer (internet egress, cross-AZ, cross-Region replication) and NAT gateway data processing, both per GB',
  'per-request charges: SQS, SNS, KMS and Secrets Manager API calls, WAF requests, S3 requests, Route 53 queries',
  'storage that grows with use: RDS storage autoscaling up to MaxAllocatedStorage, backups and snapshots beyond the free allowance, S3 access logs, CloudWatch Logs ingestion and storage',
  'scaling out: every Auto Scaling group is priced at its baseline (DesiredCapacity, else MinSize), not at MaxSize',
  "free tiers and account-wide allowances (an account's first three dashboards, the first million SQS requests, new-account free tiers)",
  'Savings Plans, Reserved Instances and any negotiated discount: the prices are on-demand list prices',
  'taxes, support plans, and the CDK bootstrap stack',
];

/**
 * Configuration resources with no charge of their own (what they configure is billed through the
 * resources above): networking plumbing, IAM, security groups, target groups and listeners,
 * scaling policies, subnet and parameter groups, policies, associations, CDK metadata and custom
 * resources (whose Lambda functions are listed).
 */
export const NO_CHARGE_TYPES: ReadonlySet<string> = new Set([
  'AWS::AutoScaling::LifecycleHook',
  'AWS::AutoScaling::ScalingPolicy',
  'AWS::AutoScaling::ScheduledAction',
  'AWS::CDK::Metadata',
  'AWS::CertificateManager::Certificate',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Alias',
  'AWS::Lambda::Permission',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  // A record has no charge of its own: its hosted zone is the user's (not created here), and its
  // queries are per-request charges, excluded like every other (EXCLUSIONS above).
  'AWS::Route53::RecordSet',
  // The schedule itself is free; its rotation function is priced as a Lambda function line.
  'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::WAFv2::WebACLAssociation',
]);
