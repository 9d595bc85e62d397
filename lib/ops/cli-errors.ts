import { MAX_ATTEMPTS } from './cloudwatch-client';
import { DeadlineExceeded } from './deadline';

/** The step name of resolving credentials, before any CloudWatch call. */
export const CREDENTIALS_STEP = 'resolving AWS credentials';

/** Where and what the CLI was asking when it failed. */
export interface FailureContext {
  readonly region: string;
  /** The endpoint in use (`https://monitoring.<region>.amazonaws.com` or the override). */
  readonly endpoint: string;
  /** The call or step that failed, e.g. `DescribeAlarms`. */
  readonly step: string;
}

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const THROTTLING = ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled'];
const BAD_CREDENTIALS = [
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
];
const NETWORK = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED'];

/**
 * One line (two at most) saying what went wrong and what to set or check, for every way asking
 * CloudWatch can fail; never a stack trace. Every one of them means exit code 3: cannot tell.
 */
export function describeFailure(error: unknown, context: FailureContext): string {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const message = firstLine(e.message ?? String(error));
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts ?? MAX_ATTEMPTS;
  const where = `CloudWatch at ${context.endpoint}`;

  if (error instanceof DeadlineExceeded && error.step === CREDENTIALS_STEP) {
    return `timed out: no AWS credentials within the ${error.seconds} s deadline (an SSO, process or instance-metadata source that does not answer); check AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  if (error instanceof DeadlineExceeded) {
    return `timed out: ${error.step} got no answer from ${where} within the ${error.seconds} s deadline; check the network or raise --timeout`;
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return (
      `no AWS credentials found for ${context.region}: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ` +
      "or run 'aws sso login'\n" +
      'the SDK said: ' +
      message
    );
  }
  if (name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    return `timed out: ${context.step} got no answer from ${where} in ${attempts} attempts (${message}); check the network or raise --timeout`;
  }
  if (THROTTLING.includes(name) || status === 429) {
    return `CloudWatch throttled ${context.step} past ${attempts} attempts (${name}); try again in a minute, or ask for a higher quota`;
  }
  if (BAD_CREDENTIALS.includes(name)) {
    return `AWS refused the credentials (${name}: ${message}); check AWS_PROFILE or AWS_ACCESS_KEY_ID, or refresh them ('aws sso login')`;
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || status === 403) {
    return `not allowed to call cloudwatch:${context.step} (${message}); the credentials need cloudwatch:DescribeAlarms and cloudwatch:GetMetricData`;
  }
  if (NETWORK.includes(e.code ?? '') || NETWORK.includes(name)) {
    return `cannot reach ${where} (${e.code ?? name}); check the network, --region and AWS_ENDPOINT_URL_CLOUDWATCH`;
  }
  if (status !== undefined && status >= 500) {
    return `${where} answered HTTP ${status} to ${context.step} in ${attempts} attempts (${name}); try again later`;
  }
  if (status !== undefined) {
    // A body that is not CloudWatch's JSON (a proxy's or a web server's page) makes the SDK's own name meaningless.
    const said = ['SyntaxError', 'UnknownError', 'Error', 'Unknown'].includes(name) ? '' : ` (${name}: ${message})`;
    return `${where} answered HTTP ${status} to ${context.step}${said}; is that a CloudWatch endpoint for ${context.region}? Check --region and AWS_ENDPOINT_URL_CLOUDWATCH`;
  }
  if (name === 'Error' && /region/i.test(message)) {
    return `${message}; pass --region or set AWS_REGION`;
  }
  return `${context.step} failed: ${name}: ${message}`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
