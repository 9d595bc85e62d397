import { GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { StackTemplate } from '../model/resolved';

/** Names that end like a credential but hold an identifier (a custom resource's Lambda ARN, a request token). */
const NOT_SECRET = /^(servicetoken|clienttoken|idempotencytoken|nexttoken|generatesecretstring)$/i;
/**
 * Property (and environment-variable) names whose value is a credential: any name ending in one of
 * these words, so that `MasterUserPassword`, `DB_PASSWORD` and `stripeApiKey` are all judged.
 */
const SECRET_PROPERTY =
  /(password|passwords|passwd|passphrase|secretstring|secretaccesskey|secret_access_key|apikey|api_key|accesskey|authtoken|auth_token|privatekey|private_key|token)$/i;
/** Credentials recognisable by shape wherever they appear. */
const SECRET_SHAPES: Array<[string, RegExp]> = [
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];
/** A dynamic reference CloudFormation resolves at deploy time without writing the secret into the template. */
const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):[^{}]*\}\}$/;
/** Stands in for an intrinsic's value when a credential's literal text is put together. */
const HOLE = '\u0000';

/**
 * HA-SEC-002 — no template holds a password, token or key in plain text.
 *
 * Why: templates are stored by CloudFormation, shown in the console, kept in cdk.out and in CI
 * artifacts; a credential there is a credential leaked.
 * How it is judged: the value of a credential-named property (Password, AuthToken, SecretString,
 * ...) must be a `{{resolve:secretsmanager:...}}` or `{{resolve:ssm-secure:...}}` dynamic
 * reference — also when it is built with `Fn::Join` or `Fn::Sub`, whose literal parts are
 * put together and judged — or a `Ref` to a `NoEcho` parameter; anything else, a literal hidden
 * in a join included, is a finding. No string anywhere may look like an AWS access key id or a
 * private key.
 * Fix: generate the secret into Secrets Manager and pass a dynamic reference (`secretValue`).
 */
export const PLAINTEXT_SECRETS: GuaranteeCheck = {
  id: 'HA-SEC-002',
  rule: 'No template holds a password, token or key in plain text',
  fix: 'Keep the secret in Secrets Manager and pass a {{resolve:secretsmanager:...}} reference',
  check(model) {
    const problems: Problem[] = [];
    for (const stack of model.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        const ref = { stack, logicalId, resource };
        const fail = (what: string, path: string) =>
          problems.push(
            problemAt(ref, `${logicalId} holds ${what} in plain text at ${path}. Move it to Secrets Manager and reference it.`),
          );
        const visit = (value: unknown, path: string, key?: string): void => {
          // Booleans and numbers under such names are switches and lengths (ManageMasterUserPassword, PasswordLength).
          const textual = typeof value === 'string' || (value !== null && typeof value === 'object');
          const values = Array.isArray(value) ? value : [value];
          if (key && SECRET_PROPERTY.test(key) && !NOT_SECRET.test(key) && textual && !values.every((v) => isSecretReference(stack, v))) {
            fail(`a ${key} that is not a secret reference`, path);
          }
          if (typeof value === 'string') {
            for (const [what, shape] of SECRET_SHAPES) {
              if (shape.test(value)) {
                fail(what, path);
              }
            }
          } else if (Array.isArray(value)) {
            value.forEach((item, i) => visit(item, `${path}[${i}]`));
          } else if (value && typeof value === 'object') {
            for (const [k, v] of Object.entries(value)) {
              // Intrinsic function names are not property names: judge their arguments, not them.
              visit(v, `${path}.${k}`, k === 'Ref' || k.startsWith('Fn::') ? undefined : k);
            }
          }
        };
        visit(resource.Properties, 'Properties');
        // cfn-init commands and files live in Metadata; they reach instances as they are written.
        visit(resource.Metadata, 'Metadata');
      }
      for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
        for (const [what, shape] of SECRET_SHAPES) {
          if (JSON.stringify(output ?? {}).match(shape)) {
            problems.push({
              stack: stack.stackName,
              logicalId: name,
              message: `Output ${name} holds ${what} in plain text. Remove it from the outputs.`,
            });
          }
        }
      }
      // A NoEcho parameter hides its value in the console, not in the template that carries its Default.
      for (const [name, parameter] of Object.entries(stack.template.Parameters ?? {})) {
        if (String(parameter?.NoEcho).toLowerCase() === 'true' && parameter?.Default !== undefined && parameter.Default !== '') {
          problems.push({
            stack: stack.stackName,
            logicalId: name,
            message: `Parameter ${name} is NoEcho but its Default holds the value in plain text in the template. Remove the Default and pass the value at deploy time, or use Secrets Manager.`,
          });
        }
      }
    }
    return problems;
  },
};

/** Whether a credential property's value keeps the secret out of the template. */
function isSecretReference(stack: StackTemplate, value: unknown): boolean {
  if (value === undefined) {
    return true;
  }
  if (value && typeof value === 'object' && typeof (value as any).Ref === 'string') {
    const parameter = stack.template.Parameters?.[(value as any).Ref];
    return parameter !== undefined && String(parameter.NoEcho).toLowerCase() === 'true';
  }
  const text = literalText(value);
  return text !== undefined && DYNAMIC_REFERENCE.test(text.split(HOLE).join('x'));
}

/** The literal text of a value, intrinsics inside a join or substitution replaced by a hole; undefined for anything else. */
function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const join = (value as any)['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => (typeof p === 'string' ? p : isPlainReference(p) ? HOLE : literalText(p)));
    return parts.some((p: unknown) => p === undefined) ? undefined : parts.join(join[0]);
  }
  const sub = (value as any)['Fn::Sub'];
  const template = Array.isArray(sub) ? sub[0] : sub;
  return typeof template === 'string' && (!Array.isArray(sub) || Object.values(sub[1] ?? {}).every(isPlainReference))
    ? template.replace(/\$\{[^}]*\}/g, HOLE)
    : undefined;
}

/** A reference whose value is an identifier (a secret's ARN), never text typed into the template. */
function isPlainReference(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    ('Ref' in value || 'Fn::GetAtt' in value || 'Fn::GetStackOutput' in value || 'Fn::ImportValue' in value)
  );
}
