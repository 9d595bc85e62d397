import { Duration } from 'aws-cdk-lib';

/**
 * How the load balancer picks a target for each request.
 *
 * - ROUND_ROBIN: equal requests per target. Right when requests cost about the same.
 * - LEAST_OUTSTANDING_REQUESTS: the target with the fewest in-flight requests. Right when request
 *   cost varies widely (reports next to lookups) or targets differ in size.
 * - AUTOMATIC_TARGET_WEIGHTS: weighted random with anomaly mitigation; the ALB detects a target
 *   that errors or times out more than its peers and shifts traffic off it until it recovers.
 *   Right for fleets where one bad host (gray failure) should not hurt users. Needs at least
 *   3 healthy targets to compare.
 *
 * Slow start works with ROUND_ROBIN only (an ALB limit).
 */
export enum LoadBalancingAlgorithm {
  ROUND_ROBIN = 'round_robin',
  LEAST_OUTSTANDING_REQUESTS = 'least_outstanding_requests',
  AUTOMATIC_TARGET_WEIGHTS = 'weighted_random',
}

/**
 * Session stickiness: client affinity to one target, for applications that keep session
 * state in memory. Prefer stateless targets; stickiness unbalances load and a target's loss
 * still loses its sessions.
 */
export interface Stickiness {
  /** How long a client stays bound to a target (1 second to 7 days). */
  readonly cookieDuration: Duration;
  /**
   * The application's own session cookie to follow.
   *
   * @default - a load-balancer generated cookie (AWSALB)
   */
  readonly applicationCookieName?: string;
}

/**
 * The target-group health check.
 */
export interface HaHealthCheck {
  /**
   * Path the load balancer requests on each target.
   *
   * @default '/health'
   */
  readonly path?: string;
  /**
   * Time between checks of one target.
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;
  /**
   * How long a target may take to answer.
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes before a target receives traffic.
   *
   * @default 3
   */
  readonly healthyThresholdCount?: number;
  /**
   * Consecutive failures before a target stops receiving traffic.
   *
   * @default 2 - a failed host is out within 20 s at the default interval
   */
  readonly unhealthyThresholdCount?: number;
  /**
   * HTTP codes that count as healthy.
   *
   * @default '200'
   */
  readonly healthyHttpCodes?: string;
}
