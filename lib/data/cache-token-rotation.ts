import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../private/acknowledge-nag';
import { cacheTokenRotationCode } from '../private/cache-token-rotation-code';
import { createEncryptedLogGroup } from '../private/encrypted-log-group';
import { grantKeyUseViaService } from '../private/grant-through-principal';

/** Properties of {@link CacheTokenRotation}. */
export interface CacheTokenRotationProps {
  /** The secret holding the AUTH token. */
  readonly secret: secretsmanager.ISecret;
  /** The secret's key (also the cache's): the function reads and writes the secret through Secrets Manager. */
  readonly encryptionKey: kms.IKey;
  /** The replication group whose token rotates. */
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The cache's connections: the function's security group is let in on the cache port. */
  readonly cacheConnections: ec2.Connections;
  /** The cache's port. */
  readonly port: number;
  /** The VPC of the cache. */
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the AWS APIs (the application subnets, through their NAT gateways). */
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Days between rotations. */
  readonly schedule: Duration;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * Rotates an HaCache's AUTH token on a schedule: a Secrets Manager rotation schedule and the
 * function that runs ElastiCache's ROTATE, tests the new token over TLS, and SETs it (the code:
 * lib/private/cache-token-rotation-code.ts; the decision: docs/adr/0054).
 *
 * The function runs in the cache's VPC, in the subnets that reach the Secrets Manager and
 * ElastiCache APIs through the NAT gateways (the cache's own subnets are isolated), with a
 * security group the cache admits on its port. Its role may change this group's token and this
 * secret's versions, nothing else.
 */
export class CacheTokenRotation extends Construct {
  /** The rotation function. */
  public readonly function: lambda.Function;
  /** Its security group: TLS to the cache and HTTPS to the AWS APIs, nothing inbound. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The rotation schedule on the secret. */
  public readonly schedule: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: CacheTokenRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Cache token rotation: the cache port, and HTTPS to Secrets Manager and ElastiCache',
      allowAllOutbound: false,
    });
    this.securityGroup.connections.allowTo(props.cacheConnections, ec2.Port.tcp(props.port), 'AUTH tests of the rotated token');
    // The APIs' public endpoints, through the subnets' NAT gateways: no VPC endpoint in this design (docs/adr/0054).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager and ElastiCache APIs');

    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Rotates the AUTH token of ${props.replicationGroup.node.path}`,
    });
    const logGroup = createEncryptedLogGroup(this, 'Logs', { retention: props.logRetention, encryptionKey: props.encryptionKey });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // The four steps' calls, on this secret only.
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: [props.secret.secretArn],
      }),
    );
    // Secrets Manager encrypts the new version and decrypts the others with the secret's key, on the role's behalf.
    grantKeyUseViaService(role, props.encryptionKey, ['kms:Decrypt', 'kms:GenerateDataKey'], 'secretsmanager', stack.region);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // Both actions take the replication group as their resource (Service Authorization Reference, Amazon ElastiCache, read 2026-11-29).
        actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ModifyReplicationGroup'],
        resources: [
          stack.formatArn({
            service: 'elasticache',
            resource: 'replicationgroup',
            resourceName: props.replicationGroup.ref,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    // Lambda creates and deletes the function's network interfaces with its role; EC2 offers no resource to scope these to.
    const networkInterfaces = new iam.Policy(this, 'NetworkInterfacePolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      ],
    });
    acknowledgeNag(
      networkInterfaces,
      'IAM5[Resource::*]',
      'A function in a VPC needs ec2:CreateNetworkInterface and ec2:DescribeNetworkInterfaces, which take no resource that can be named before Lambda creates the interface (the permissions of AWSLambdaVPCAccessExecutionRole, without its managed policy)',
    );

    this.function = new lambda.Function(this, 'Function', {
      description: `Rotates the AUTH token of ${props.replicationGroup.node.path}: ROTATE, test over TLS, SET`,
      // Python with boto3 in the runtime: no bundling, no asset; the newest Python runtime aws-cdk-lib knows (cdk-nag L1).
      runtime: lambda.Runtime.PYTHON_3_15,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(cacheTokenRotationCode()),
      // Each step waits for a modifying group while it has time (lib/private/cache-token-rotation-code.ts): the most
      // Lambda allows, 900 s (Lambda Developer Guide, "Lambda quotas", read 2026-11-29).
      timeout: Duration.minutes(15),
      memorySize: 256,
      role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      environment: { REPLICATION_GROUP_ID: props.replicationGroup.ref },
    });
    this.function.node.addDependency(networkInterfaces);
    // Secrets Manager invokes the function for this secret only (aws:SourceArn, aws:SourceAccount: Secrets Manager
    // User Guide, "Permissions for rotation", read 2026-11-29).
    this.function.addPermission('InvokedBySecretsManager', {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: props.secret.secretArn,
      sourceAccount: Aws.ACCOUNT_ID,
    });

    this.schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secret.secretArn,
      rotationLambdaArn: this.function.functionArn,
      // rate(1 day), rate(30 days): the expression aws-cdk-lib's RotationSchedule writes.
      rotationRules: { scheduleExpression: events.Schedule.rate(props.schedule).expressionString },
      // The first rotation runs when the schedule is created, so that a broken path (network, IAM, KMS)
      // fails at deploy time, watched, rather than a month later (docs/adr/0054).
      rotateImmediatelyOnUpdate: true,
    });
    // Rotating needs an available group; and the invoke permission must exist before Secrets Manager checks it.
    this.schedule.addResourceDependency(props.replicationGroup, 'rotating needs an available group');
    this.schedule.node.addDependency(this.function);
  }

  /** Failed invocations of the rotation function (any step), per 5 minutes. */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', ...props });
  }
}
