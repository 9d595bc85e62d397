import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaCache } from '../data/ha-cache';
import { HaNetwork } from '../network/ha-network';

/**
 * The environment's cache as its profile describes it, under the construct ID 'Cache' (part of
 * every logical ID: never rename it). The primary's Data stack and the standby's StandbyData stack
 * both build it here, so the standby's cold cache keeps the primary's shape (docs/adr/0086).
 */
export function cacheFromProfile(scope: Construct, network: HaNetwork, profile: EnvironmentProfile): HaCache {
  const cache = profile.data.cache;
  const protection = profile.protection;
  return new HaCache(scope, 'Cache', {
    network,
    cacheNodeType: cache.cacheNodeType,
    shards: cache.shards,
    replicasPerShard: cache.replicasPerShard,
    snapshotRetention: cache.snapshotRetention,
    removalPolicy: protection.statefulRemovalPolicy,
    logRetention: protection.logRetention,
    strict: profile.strict,
  });
}
