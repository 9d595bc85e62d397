import { CfnTemplate, Finding, GuaranteeCheck } from '../template-model';

/** Property names whose value is a credential. */
const SECRET_PROPERTY =
  /^(password|masteruserpassword|authtoken|secretstring|apikey|accesskey|secretaccesskey|privatekey|token|passphrase)$/i;
/** Credentials recognisable by shape wherever they appear. */
const SECRET_SHAPES: Array<[string, RegExp]> = [
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/**
 * HA-SEC-002 — no template holds a password, token or key in plain text.
 *
 * Why: templates are stored by CloudFormation, shown in the console, kept in cdk.out and in CI
 * artifacts; a credential there is a credential leaked.
 * How it is judged: a credential-named property (Password, AuthToken, SecretString, ...) must not
 * be a literal string (a `{{resolve:secretsmanager:...}}` dynamic reference or an intrinsic is
 * fine), and no string anywhere may look like an AWS access key id or a private key.
 * Fix: generate the secret into Secrets Manager and pass a dynamic reference (`secretValue`).
 */
export const PLAINTEXT_SECRETS: GuaranteeCheck = {
  id: 'HA-SEC-002',
  severity: 'error',
  rule: 'No template holds a password, token or key in plain text',
  fix: 'Keep the secret in Secrets Manager and pass a {{resolve:secretsmanager:...}} reference',
  check(template: CfnTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const fail = (what: string, path: string) =>
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId,
          message: `${logicalId} holds ${what} in plain text at ${path}. Move it to Secrets Manager and reference it.`,
        });
      const visit = (value: unknown, path: string, key?: string): void => {
        if (typeof value === 'string') {
          if (key && SECRET_PROPERTY.test(key) && !value.startsWith('{{resolve:')) {
            fail(`a literal ${key}`, path);
          }
          for (const [what, shape] of SECRET_SHAPES) {
            if (shape.test(value)) {
              fail(what, path);
            }
          }
        } else if (Array.isArray(value)) {
          value.forEach((item, i) => visit(item, `${path}[${i}]`));
        } else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            visit(v, `${path}.${k}`, k);
          }
        }
      };
      visit(resource.Properties, 'Properties');
    }
    return findings;
  },
};
