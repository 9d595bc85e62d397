import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaNetwork } from '../network/ha-network';
import { PLACEHOLDER_ACCOUNT } from './placeholder-account';

/** Properties of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /** The environment this network belongs to. */
  readonly profile: EnvironmentProfile;
}

/** The environment's VPC: the foundation every other stack of the Stage builds on. */
export class NetworkStack extends Stack {
  /** The network, passed as a prop to the stacks that build on it. */
  public readonly network: HaNetwork;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { profile } = props;
    this.network = new HaNetwork(this, 'Network', {
      availabilityZones: profile.availabilityZones,
      // A real account's AZ names are checked against the account's own (a lookup the CLI makes
      // once and cdk.context.json keeps); the placeholder account has nothing to look up.
      verifyAvailabilityZones: this.account !== PLACEHOLDER_ACCOUNT,
      vpcCidr: profile.network.vpcCidr,
      natGateways: profile.network.natGateways,
      flowLogRetention: profile.protection.logRetention,
      strict: profile.strict,
    });
  }
}
