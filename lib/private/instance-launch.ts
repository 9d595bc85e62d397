import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeNag, managedPolicyFinding } from './acknowledge-nag';

/**
 * An instance role with SSM Session Manager access and nothing broad: the web services' and the
 * workers' instances are reached through Session Manager, never SSH.
 */
export function createInstanceRole(scope: Construct, description: string): iam.Role {
  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
  });
  acknowledgeNag(
    role,
    managedPolicyFinding('AmazonSSMManagedInstanceCore'),
    'AmazonSSMManagedInstanceCore is the minimal policy AWS maintains for Session Manager (no SSH); a hand-written copy would drift from what the SSM agent needs',
  );
  return role;
}

/** What {@link createInstanceLaunchTemplate} launches. */
export interface InstanceLaunchOptions {
  /** @default m7g.medium - Graviton, not burstable, so capacity does not vanish when credits run out */
  readonly instanceType?: ec2.InstanceType;
  /** @default - the latest Amazon Linux 2023 for the instance type's architecture, resolved from SSM at deploy time */
  readonly machineImage?: ec2.IMachineImage;
  readonly userData: ec2.UserData;
  readonly role: iam.IRole;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly volumeEncryptionKey: kms.IKey;
}

/**
 * The launch template every fleet of this library uses: IMDSv2 required with a hop limit of 1 (a
 * container or proxy on the instance cannot reach the role's credentials), no public IP, detailed
 * monitoring (one-minute metrics for scaling and alarms), and an encrypted gp3 root volume.
 */
export function createInstanceLaunchTemplate(scope: Construct, options: InstanceLaunchOptions): ec2.LaunchTemplate {
  const instanceType = options.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.MEDIUM);
  return new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    instanceType,
    machineImage:
      options.machineImage ??
      ec2.MachineImage.latestAmazonLinux2023({
        cpuType:
          instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
      }),
    userData: options.userData,
    role: options.role,
    securityGroup: options.securityGroup,
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    associatePublicIpAddress: false,
    detailedMonitoring: true,
    blockDevices: [
      {
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(20, {
          encrypted: true,
          kmsKey: options.volumeEncryptionKey,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      },
    ],
  });
}
