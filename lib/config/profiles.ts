import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EnvironmentProfile } from './environment-profile';
import { HaWarnings } from '../warnings';

/**
 * Development: two AZs and one NAT gateway to keep the bill small. Still Multi-AZ
 * everywhere the tiers allow it, so that dev exercises the same failover paths.
 */
export const DEV: EnvironmentProfile = {
  name: 'dev',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  network: { vpcCidr: '10.10.0.0/16', natGateways: 1 },
  protection: {
    deletionProtection: false,
    terminationProtection: false,
    // Dev data is disposable, yet a final snapshot costs little and saves a bad afternoon.
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.ONE_MONTH,
  },
  strict: false,
  acknowledgedWarnings: {
    [HaWarnings.REDUCED_NAT_GATEWAYS]:
      'dev accepts that losing us-east-1a cuts egress in both AZs; one NAT gateway instead of two halves its NAT cost',
  },
};

/** Staging: a production rehearsal with the same shape (three AZs, NAT per AZ), without prod's locks. */
export const STAGING: EnvironmentProfile = {
  name: 'staging',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  network: { vpcCidr: '10.20.0.0/16', natGateways: 3 },
  protection: {
    deletionProtection: false,
    terminationProtection: false,
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.THREE_MONTHS,
  },
  strict: false,
  acknowledgedWarnings: {},
};

/** Production: three AZs, every HA-weakening choice is an error, stateful resources are locked. */
export const PROD: EnvironmentProfile = {
  name: 'prod',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  network: { vpcCidr: '10.30.0.0/16', natGateways: 3 },
  protection: {
    deletionProtection: true,
    terminationProtection: true,
    statefulRemovalPolicy: RemovalPolicy.SNAPSHOT,
    logRetention: logs.RetentionDays.ONE_YEAR,
  },
  strict: true,
  acknowledgedWarnings: {},
};

/** Every built-in profile, in deployment order. */
export const PROFILES: readonly EnvironmentProfile[] = [DEV, STAGING, PROD];
