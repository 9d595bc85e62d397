/**
 * An account id that is obviously not real, so that synthesis works on a machine with no
 * credentials; `cdk deploy` needs the real one (`-c account=...` or `CDK_DEFAULT_ACCOUNT`).
 */
export const PLACEHOLDER_ACCOUNT = '123456789012';
