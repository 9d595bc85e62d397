/**
 * An account id that is obviously not real, so that synthesis works on a machine with no
 * credentials; `cdk deploy` needs the real one (`-c account=...` or `CDK_DEFAULT_ACCOUNT`).
 */
export const PLACEHOLDER_ACCOUNT = '123456789012';

/**
 * A Route 53 hosted zone ID that is obviously not real, for the shipped profiles' failover record
 * (zone `example.com`); refused for any real account, like every placeholder (docs/adr/0002).
 */
export const PLACEHOLDER_HOSTED_ZONE_ID = 'Z0000000000PLACEHOLDER';
