import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { allowAutoScalingServiceRole, AutoScalingKeyUse } from './auto-scaling-key-access';

/** A rotating key for instance volumes that Auto Scaling may launch with. */
export function createVolumeKey(scope: Construct): kms.Key {
  const key = new kms.Key(scope, 'VolumeKey', { enableKeyRotation: true, description: `Encrypts the EBS volumes of ${scope.node.path}` });
  allowAutoScalingServiceRole(key, AutoScalingKeyUse.VOLUMES);
  return key;
}
