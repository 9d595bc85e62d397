import { Duration } from 'aws-cdk-lib';

/** The defaults of {@link HaWebServiceOptions}, in one place for the service and its validation. */
export const SERVICE_DEFAULTS = {
  appPort: 8080,
  healthPath: '/health',
  interval: Duration.seconds(10),
  timeout: Duration.seconds(5),
  healthyThresholdCount: 3,
  unhealthyThresholdCount: 2,
  gracePeriod: Duration.minutes(3),
  deregistrationDelay: Duration.seconds(30),
  targetRequestsPerMinute: 1000,
  targetCpuUtilization: 60,
  warmup: Duration.minutes(3),
  http5xxRateThresholdPercent: 5,
};
