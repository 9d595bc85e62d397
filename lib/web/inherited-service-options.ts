import { HaWebServiceOptions } from './ha-web-service';

/**
 * Options of the tier's default service that services added with `addService` inherit unless
 * they set their own: a team that picks an instance type, AMI or health check for the tier
 * means it for every service. Capacity and user data are per service (each runs its own app).
 */
const INHERITED = [
  'instanceType',
  'machineImage',
  'appPort',
  'healthCheck',
  'healthCheckGracePeriod',
  'deregistrationDelay',
  'loadBalancingAlgorithm',
  'targetRequestsPerMinute',
  'targetCpuUtilization',
  'instanceWarmup',
  'http5xxRateThresholdPercent',
] as const satisfies ReadonlyArray<keyof HaWebServiceOptions>;

/** The tier-wide settings an added service starts from; only those the tier set, so the service's own defaults still apply otherwise. */
export function inheritedServiceOptions(tier: HaWebServiceOptions): Partial<HaWebServiceOptions> {
  const inherited: Record<string, unknown> = {};
  for (const key of INHERITED) {
    if (tier[key] !== undefined) {
      inherited[key] = tier[key];
    }
  }
  return inherited as Partial<HaWebServiceOptions>;
}
