/**
 * Alarm thresholds. Every one has a default suited to the default instance sizes; set them per
 * environment in the profile.
 */
export interface MonitoringThresholds {
  /** Load-balancer 5xx responses, in percent of requests. @default 5 */
  readonly web5xxRatePercent?: number;
  /** p99 target response time, in seconds. @default 1 */
  readonly webP99LatencySeconds?: number;
  /** How many percentage points one AZ's 5xx rate may exceed the other AZs' before it is an outlier. @default 5 */
  readonly azOutlier5xxPercentagePoints?: number;
  /** How many seconds one AZ's p99 may exceed the fastest other AZ's before it is an outlier. @default 0.5 */
  readonly azOutlierLatencySeconds?: number;
  /**
   * Requests per minute an AZ must receive before its outlier alarms judge it: below this, a
   * couple of errors are a large percentage and mean nothing (2 errors in 20 requests is 10 points).
   * @default 100
   */
  readonly azOutlierMinimumRequests?: number;
  /** Database CPU, in percent. @default 80 */
  readonly databaseCpuPercent?: number;
  /** Least freeable database memory, in bytes. @default 512 MiB */
  readonly databaseFreeableMemoryBytes?: number;
  /** Least free database storage, in bytes. @default 10 GiB */
  readonly databaseFreeStorageBytes?: number;
  /** Most database connections. @default 500 */
  readonly databaseConnections?: number;
  /** Read or write latency, in seconds. @default 0.02 */
  readonly databaseLatencySeconds?: number;
  /** Outstanding I/O requests. @default 20 */
  readonly databaseDiskQueueDepth?: number;
  /** Replica lag, in seconds: the longest an eventually consistent read may be stale. @default 30 */
  readonly replicaLagSeconds?: number;
  /** Cache engine CPU, in percent. @default 80 */
  readonly cacheCpuPercent?: number;
  /** Cache memory used, in percent. @default 80 */
  readonly cacheMemoryPercent?: number;
  /** Keys evicted per minute. @default 100 */
  readonly cacheEvictionsPerMinute?: number;
  /** Cache replication lag, in seconds. @default 5 */
  readonly cacheReplicationLagSeconds?: number;
  /** Cache client connections. @default 10000 */
  readonly cacheConnections?: number;
}

/** The defaults, in one place for code and docs. */
export const DEFAULT_THRESHOLDS: Required<MonitoringThresholds> = {
  web5xxRatePercent: 5,
  webP99LatencySeconds: 1,
  azOutlier5xxPercentagePoints: 5,
  azOutlierLatencySeconds: 0.5,
  azOutlierMinimumRequests: 100,
  databaseCpuPercent: 80,
  databaseFreeableMemoryBytes: 512 * 1024 ** 2,
  databaseFreeStorageBytes: 10 * 1024 ** 3,
  databaseConnections: 500,
  databaseLatencySeconds: 0.02,
  databaseDiskQueueDepth: 20,
  replicaLagSeconds: 30,
  cacheCpuPercent: 80,
  cacheMemoryPercent: 80,
  cacheEvictionsPerMinute: 100,
  cacheReplicationLagSeconds: 5,
  cacheConnections: 10000,
};
