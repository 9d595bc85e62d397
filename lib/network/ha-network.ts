import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ValidationError } from '../errors';
import { availabilityZoneProblems, knownAvailabilityZones } from '../private/availability-zones';
import { addressCount, parseIpv4Cidr } from '../private/cidr';
import { createEncryptedLogGroup } from '../private/encrypted-log-group';
import { acknowledgeExplicitAvailabilityZones } from '../private/explicit-availability-zones';
import { tokenProblems } from '../private/synth-time-values';
import { withoutAvailabilityZoneLookup } from '../private/without-az-lookup';
import { HaWarnings, reportWeakening } from '../warnings';

/** Subnet kinds, one of each per AZ. Their names are part of every subnet's logical ID. */
const SUBNET_KINDS = [
  { name: 'Ingress', subnetType: ec2.SubnetType.PUBLIC },
  { name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
] as const;

/** AWS bounds on a VPC's IPv4 block and on a subnet's (VPC and subnet sizing, AWS VPC User Guide, 2026). */
const MIN_VPC_PREFIX = 16;
const MAX_SUBNET_PREFIX = 28;

/**
 * Properties of {@link HaNetwork}.
 */
export interface HaNetworkProps {
  /**
   * Availability Zones to span. At least 2; every tier built on this network spreads over all of them.
   *
   * @default - the first three AZs of the stack's region, from the `availability-zones` context
   */
  readonly availabilityZones?: string[];

  /**
   * Checks the given `availabilityZones` against the AZs the account offers, which aws-cdk-lib
   * looks up through the `availability-zones` context (a CLI lookup with credentials, or a value
   * committed in `cdk.json`/`cdk.context.json`). Off by default so that explicit AZs synthesize
   * offline with no context; HaStage turns it on.
   *
   * @default false - explicit AZs are used as given, with no lookup
   */
  readonly verifyAvailabilityZones?: boolean;

  /**
   * IPv4 CIDR block of the VPC.
   *
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;

  /**
   * Prefix length of every subnet. Three subnets (ingress, application, data) are cut per AZ.
   *
   * @default 20 - 4,096 addresses per subnet, room for large Auto Scaling groups
   */
  readonly subnetCidrMask?: number;

  /**
   * Number of NAT gateways.
   *
   * @default - one per AZ, so that losing an AZ never cuts another AZ's egress
   */
  readonly natGateways?: number;

  /**
   * Retention of the VPC flow log.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * Key that encrypts the flow log group.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly flowLogEncryptionKey?: kms.IKey;

  /**
   * Turns availability-weakening choices (fewer NAT gateways than AZs) into errors.
   *
   * @default false - they are warnings that can be acknowledged
   */
  readonly strict?: boolean;
}

/**
 * A VPC built to survive the loss of an Availability Zone.
 *
 * Every AZ gets an ingress (public), an application (private, with egress) and a data
 * (isolated) subnet; each AZ's application subnets reach the internet through the NAT
 * gateway in the same AZ. Flow logs go to an encrypted log group, and S3 traffic stays
 * on a gateway endpoint.
 */
export class HaNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The AZs the network spans, in order. */
  public readonly availabilityZones: string[];
  /** Public subnets, one per AZ: load balancers and NAT gateways. */
  public readonly ingressSubnets: ec2.SubnetSelection;
  /** Private subnets with egress, one per AZ: application instances. */
  public readonly applicationSubnets: ec2.SubnetSelection;
  /** Isolated subnets, one per AZ: databases and caches. */
  public readonly dataSubnets: ec2.SubnetSelection;
  /** The log group receiving the VPC flow log. */
  public readonly flowLogGroup: logs.ILogGroup;
  /** IDs of the NAT gateways, one per AZ by default. */
  public readonly natGatewayIds: string[];

  constructor(scope: Construct, id: string, props: HaNetworkProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.availabilityZones = props.availabilityZones ?? stack.availabilityZones.slice(0, 3);
    const natGateways = props.natGateways ?? this.availabilityZones.length;
    const lookup = props.availabilityZones === undefined || props.verifyAvailabilityZones === true;
    this.validate(props, natGateways);

    const createVpc = () =>
      new ec2.Vpc(this, 'Vpc', {
        ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr ?? '10.0.0.0/16'),
        availabilityZones: this.availabilityZones,
        natGateways,
        subnetConfiguration: SUBNET_KINDS.map((kind) => ({
          name: kind.name,
          subnetType: kind.subnetType,
          cidrMask: props.subnetCidrMask ?? 20,
        })),
      });
    this.vpc = lookup ? createVpc() : withoutAvailabilityZoneLookup(stack, this.availabilityZones, createVpc);
    if (!lookup) {
      // aws-cdk-lib silences this when the AZs come from stack.availabilityZones; here they are the caller's explicit list.
      acknowledgeExplicitAvailabilityZones(this, 'Each subnet is pinned to one AZ of the explicit, reviewed AZ list the network was given');
    }

    this.flowLogGroup = createEncryptedLogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.flowLogEncryptionKey,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.natGatewayIds = this.vpc.publicSubnets
      .map((subnet) => subnet.node.tryFindChild('NATGateway'))
      .filter((nat): nat is ec2.CfnNatGateway => nat instanceof ec2.CfnNatGateway)
      .map((nat) => nat.attrNatGatewayId);
    this.ingressSubnets = { subnetType: ec2.SubnetType.PUBLIC };
    this.applicationSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.dataSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  }

  /** A NAT gateway metric (namespace AWS/NATGateway): `ErrorPortAllocation`, `PacketsDropCount`, ... */
  public metricNatGateway(natGatewayId: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/NATGateway',
      metricName,
      dimensionsMap: { NatGatewayId: natGatewayId },
      statistic: 'Sum',
      period: Duration.minutes(1),
      ...props,
    });
  }

  private validate(props: HaNetworkProps, natGateways: number): void {
    const stack = Stack.of(this);
    const zones = this.availabilityZones;
    ValidationError.throwIfAny(
      'HaNetwork: invalid properties',
      tokenProblems({ natGateways: props.natGateways, subnetCidrMask: props.subnetCidrMask }),
      this,
    );
    const problems = availabilityZoneProblems('availabilityZones', zones, stack.region);
    if (props.availabilityZones === undefined && zones.some((az) => Token.isUnresolved(az))) {
      problems.push(
        'availabilityZones was not given and the stack is environment-agnostic; set env (account and region) on the stack or pass availabilityZones',
      );
    }
    // Reading stack.availabilityZones asks the CLI for a lookup: only when AZs come from it or are verified against it.
    const lookup = props.availabilityZones === undefined || props.verifyAvailabilityZones === true;
    const known = lookup ? knownAvailabilityZones(stack.availabilityZones) : [];
    const unknown = zones.filter((az) => !Token.isUnresolved(az) && known.length > 0 && !known.includes(az));
    if (unknown.length > 0) {
      problems.push(
        `availabilityZones has ${unknown.join(', ')}, which the account does not offer in ${stack.region} (context lists ${known.join(', ')}); pick from those or refresh the context with 'cdk context --reset'`,
      );
    }

    if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > zones.length) {
      problems.push(
        `natGateways is ${natGateways}; use a whole number from 1 to ${zones.length} (the AZ count): the application subnets need egress, and more than one per AZ adds nothing`,
      );
    }

    problems.push(...this.cidrProblems(props.vpcCidr ?? '10.0.0.0/16', props.subnetCidrMask ?? 20, zones.length));

    ValidationError.throwIfAny('HaNetwork: invalid properties', problems, this);

    if (natGateways < zones.length) {
      reportWeakening(
        this,
        props.strict ?? false,
        HaWarnings.REDUCED_NAT_GATEWAYS,
        `HaNetwork: natGateways is ${natGateways} for ${zones.length} AZs, so some AZs send egress through another AZ's NAT gateway and lose it when that AZ fails. Set natGateways to ${zones.length} for AZ-independent egress.`,
      );
    }
  }

  private cidrProblems(vpcCidr: string, subnetMask: number, zoneCount: number): string[] {
    if (Token.isUnresolved(vpcCidr)) {
      return [];
    }
    const cidr = parseIpv4Cidr(vpcCidr);
    if (!cidr) {
      return [`vpcCidr '${vpcCidr}' is not an IPv4 CIDR block such as '10.0.0.0/16'`];
    }
    if (cidr.prefix < MIN_VPC_PREFIX || cidr.prefix > MAX_SUBNET_PREFIX) {
      return [`vpcCidr '${vpcCidr}' has prefix /${cidr.prefix}; AWS allows VPC blocks from /${MIN_VPC_PREFIX} to /${MAX_SUBNET_PREFIX}`];
    }
    if (!Number.isInteger(subnetMask) || subnetMask < cidr.prefix || subnetMask > MAX_SUBNET_PREFIX) {
      return [`subnetCidrMask is ${subnetMask}; use a whole number from ${cidr.prefix} (the VPC's prefix) to ${MAX_SUBNET_PREFIX}`];
    }
    const subnetCount = SUBNET_KINDS.length * zoneCount;
    const needed = subnetCount * addressCount(subnetMask);
    if (needed > addressCount(cidr.prefix)) {
      return [
        `vpcCidr '${vpcCidr}' holds ${addressCount(cidr.prefix)} addresses but ${subnetCount} subnets of /${subnetMask} (${SUBNET_KINDS.length} kinds x ${zoneCount} AZs) need ${needed}; ${cidrFixes(cidr, subnetMask, subnetCount)}`,
      ];
    }
    return [];
  }
}

/**
 * One step that fixes a VPC block too small for its subnets, each checked against AWS's bounds:
 * smaller subnets in the same block, or a larger block for the same subnets.
 */
function cidrFixes(cidr: { address: string; prefix: number }, subnetMask: number, subnetCount: number): string {
  const bits = Math.ceil(Math.log2(subnetCount));
  const fixes: string[] = [];
  if (cidr.prefix + bits <= MAX_SUBNET_PREFIX) {
    fixes.push(`set subnetCidrMask to ${cidr.prefix + bits} (the largest subnets that fit)`);
  }
  if (subnetMask - bits >= MIN_VPC_PREFIX) {
    const prefix = subnetMask - bits;
    // The same address, aligned to the larger block so that it is a valid network address.
    const octets = cidr.address.split('.').map(Number);
    const value = (((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0) & (0xffffffff << (32 - prefix));
    const aligned = [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
    fixes.push(`set vpcCidr to a /${prefix} block such as '${aligned}/${prefix}'`);
  }
  return fixes.length > 0
    ? fixes.join(', or ')
    : `no /${MIN_VPC_PREFIX} to /${MAX_SUBNET_PREFIX} block holds that many subnets; use fewer AZs`;
}
