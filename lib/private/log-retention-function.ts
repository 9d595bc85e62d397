import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgeNag, managedPolicyFinding } from './acknowledge-nag';

/**
 * aws-cdk-lib's log-retention singleton sets the retention of the log groups RDS creates for
 * its exports. RDS names those groups only when it creates them, so a log group of our own
 * would race RDS to the name (docs/adr/0051); the function stays, acknowledged by the construct
 * that brings it into the stack (a database or a replica), so that any layout is cdk-nag clean.
 */
export function acknowledgeLogRetentionFunction(scope: IConstruct): void {
  const stack = Stack.of(scope);
  for (const child of stack.node.children.filter((c) => c.node.id.startsWith('LogRetention'))) {
    const role = child.node.tryFindChild('ServiceRole');
    if (!role) {
      continue;
    }
    acknowledgeNag(
      role,
      managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole'),
      "aws-cdk-lib's log-retention function writes its own logs; the AWS policy grants exactly that",
    );
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      acknowledgeNag(
        policy,
        'IAM5[Resource::*]',
        'RDS names its log groups at deploy time, so the retention function cannot be scoped to them in advance; its actions are limited to logs:PutRetentionPolicy and logs:DeleteRetentionPolicy',
      );
    }
  }
}
