import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HaAlerting, HaNetwork } from '../../lib';
import { testStack } from './test-app';

/** Three AZs of us-east-1 that cdk.json's context lists. */
export const THREE_AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A stack with a three-AZ HaNetwork, the usual ground for tier tests. */
export function stackWithNetwork(availabilityZones: string[] = THREE_AZS): { stack: Stack; network: HaNetwork } {
  const stack = testStack();
  const network = new HaNetwork(stack, 'Network', { availabilityZones });
  return { stack, network };
}

/** An alarm topic with an email subscriber, as HaWebTier and HaMonitoring require (HA-MON-001). */
export function alarmTopic(scope: Construct): sns.ITopic {
  return new HaAlerting(scope, 'Alerting', { emailAddresses: ['oncall@corp.test'] }).topic;
}
