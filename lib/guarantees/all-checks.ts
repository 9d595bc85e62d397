import { INTRINSIC_PLACEMENT } from './cloudformation/intrinsic-placement';
import { CACHE_FAILOVER } from './data/cache-failover';
import { DATABASE_FAILOVER } from './data/database-failover';
import { REPLICA_SPREAD } from './data/replica-spread';
import { STATEFUL_RETENTION } from './data/stateful-retention';
import { ALARM_ACTIONS } from './monitoring/alarm-actions';
import { ZONAL_EGRESS } from './network/zonal-egress';
import { IMDSV2_REQUIRED } from './security/imdsv2-required';
import { OPEN_INGRESS } from './security/open-ingress';
import { PLAINTEXT_SECRETS } from './security/plaintext-secrets';
import { CfnTemplate, Finding, GuaranteeCheck } from './template-model';
import { STATIC_STABILITY } from './web/static-stability';

/** Every guarantee check, in id order. */
export const ALL_GUARANTEE_CHECKS: readonly GuaranteeCheck[] = [
  ZONAL_EGRESS,
  STATIC_STABILITY,
  DATABASE_FAILOVER,
  REPLICA_SPREAD,
  CACHE_FAILOVER,
  STATEFUL_RETENTION,
  ALARM_ACTIONS,
  OPEN_INGRESS,
  PLAINTEXT_SECRETS,
  IMDSV2_REQUIRED,
  INTRINSIC_PLACEMENT,
];

/** Runs checks over one template and returns every finding. */
export function runGuaranteeChecks(template: CfnTemplate, checks: readonly GuaranteeCheck[] = ALL_GUARANTEE_CHECKS): Finding[] {
  return checks.flatMap((check) => check.check(template));
}
