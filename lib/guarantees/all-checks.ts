import { CROSS_STACK_REFERENCES } from './cloudformation/cross-stack-references';
import { DEPLOYED_AS_JUDGED } from './cloudformation/deployed-as-judged';
import { INTRINSIC_PLACEMENT } from './cloudformation/intrinsic-placement';
import { TEMPLATE_LIMITS } from './cloudformation/template-limits';
import { CACHE_FAILOVER } from './data/cache-failover';
import { AVAILABILITY_POLICY_MET } from './estimate/availability-policy-met';
import { DATABASE_FAILOVER } from './data/database-failover';
import { REPLICA_SPREAD } from './data/replica-spread';
import { STATEFUL_RETENTION } from './data/stateful-retention';
import { GuaranteeCheck } from './guarantee-check';
import { ALARM_ACTIONS } from './monitoring/alarm-actions';
import { PER_AZ_COVERAGE } from './monitoring/per-az-coverage';
import { DEAD_LETTER_QUEUE } from './messaging/dead-letter-queue';
import { DEAD_LETTER_ALARM } from './messaging/dead-letter-alarm';
import { VISIBILITY_TIMEOUT } from './messaging/visibility-timeout';
import { QUEUE_ENCRYPTION } from './messaging/queue-encryption';
import { ZONAL_EGRESS } from './network/zonal-egress';
import { IMDSV2_REQUIRED } from './security/imdsv2-required';
import { OPEN_INGRESS } from './security/open-ingress';
import { PLAINTEXT_SECRETS } from './security/plaintext-secrets';
import { REGION_POLICY_MET } from './estimate/region-policy-met';
import { DNS_FAILOVER } from './region/dns-failover';
import { REGIONAL_KEYS } from './region/regional-keys';
import { REPLICATED_FROM_PRIMARY } from './region/replicated-data';
import { STANDBY_TIERS } from './region/standby-tiers';
import { LOAD_BALANCER_ZONES } from './web/load-balancer-zones';
import { STATIC_STABILITY } from './web/static-stability';

/** Every guarantee check, in id order. */
export const ALL_GUARANTEE_CHECKS: readonly GuaranteeCheck[] = [
  ZONAL_EGRESS,
  STATIC_STABILITY,
  LOAD_BALANCER_ZONES,
  DATABASE_FAILOVER,
  REPLICA_SPREAD,
  CACHE_FAILOVER,
  STATEFUL_RETENTION,
  ALARM_ACTIONS,
  PER_AZ_COVERAGE,
  OPEN_INGRESS,
  PLAINTEXT_SECRETS,
  IMDSV2_REQUIRED,
  CROSS_STACK_REFERENCES,
  INTRINSIC_PLACEMENT,
  DEPLOYED_AS_JUDGED,
  AVAILABILITY_POLICY_MET,
  REGION_POLICY_MET,
  TEMPLATE_LIMITS,
  DEAD_LETTER_QUEUE,
  DEAD_LETTER_ALARM,
  VISIBILITY_TIMEOUT,
  QUEUE_ENCRYPTION,
  STANDBY_TIERS,
  REPLICATED_FROM_PRIMARY,
  DNS_FAILOVER,
  REGIONAL_KEYS,
];
