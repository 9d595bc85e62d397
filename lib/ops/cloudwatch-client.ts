import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** Attempts per call, first included: the SDK's standard retry mode backs off between them (throttling too). */
export const MAX_ATTEMPTS = 3;
/** Longest wait for a TCP (and TLS) connection to CloudWatch. */
const CONNECTION_TIMEOUT_MS = 5_000;
/** Longest wait for one request's answer; GetMetricData over 30 days answers in well under a second normally. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A CloudWatch client whose every call is bounded: connection and request timeouts, a bounded
 * number of attempts, and (per call) the overall deadline's abort signal.
 *
 * Credentials come from the SDK's default chain (environment, AWS_PROFILE and the shared files,
 * SSO, container and instance roles); the endpoint from the SDK's configuration too, so
 * `AWS_ENDPOINT_URL_CLOUDWATCH` points it elsewhere (a test server, a VPC endpoint).
 */
export function createCloudWatchClient(region: string, deadlineSeconds: number): CloudWatchClient {
  // The SDK warns on every run that its 2027 releases need Node 22 (@aws-sdk/core's
  // emitWarningIfUnsupportedVersion, which reads this variable): noise for a CLI a pipeline parses.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const deadlineMs = Math.ceil(deadlineSeconds * 1000);
  return new CloudWatchClient({
    region,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, deadlineMs),
      requestTimeout: Math.min(REQUEST_TIMEOUT_MS, deadlineMs),
      // Without it a request past requestTimeout only logs a warning and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
}

/** Where the client sends its calls, for error messages (the SDK's own resolution order). */
export function cloudWatchEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_ENDPOINT_URL_CLOUDWATCH ?? env.AWS_ENDPOINT_URL ?? `https://monitoring.${region}.amazonaws.com`;
}
