import { EnvironmentModel } from './environment-model';
import { ResourceRef, Unknown } from './resolved';

/**
 * Why a KMS key of the environment cannot be used for the given actions (disabled, or denied by
 * its policy), or — when a service principal is named — why that service is not allowed; undefined
 * when nothing stands in the way. A condition the model cannot judge is an `Unknown`.
 *
 * @param service a service principal that must be allowed by name (`cloudwatch.amazonaws.com`)
 */
export function keyBlocks(model: EnvironmentModel, key: ResourceRef, actions: string[], service?: string): string | Unknown | undefined {
  const enabled = model.resolve(key.stack, key.resource.Properties?.Enabled ?? true);
  if (enabled.kind === 'unknown') {
    return enabled;
  }
  if (enabled.kind === 'literal' && String(enabled.value).toLowerCase() === 'false') {
    return `its key ${key.logicalId} is disabled (Enabled: false)`;
  }
  const statements = asArray(key.resource.Properties?.KeyPolicy?.Statement);
  for (const st of statements.filter((s) => s?.Effect === 'Deny')) {
    if (!actions.some((action) => statementCovers(st, action))) {
      continue;
    }
    if (st.Condition !== undefined) {
      return { kind: 'unknown', why: `key ${key.logicalId}'s policy denies ${actions.join(', ')} under a condition that cannot be judged` };
    }
    return `key ${key.logicalId}'s policy denies ${actions.join(', ')}`;
  }
  if (service === undefined) {
    return undefined;
  }
  const allowing = statements.filter((st) => st?.Effect === 'Allow' && namesService(st.Principal, service));
  for (const action of actions) {
    const covering = allowing.filter((st) => statementCovers(st, action));
    if (covering.length === 0) {
      return `its key ${key.logicalId} does not let ${service} use it (${action})`;
    }
    if (covering.every((st) => st.Condition !== undefined)) {
      return { kind: 'unknown', why: `key ${key.logicalId} lets ${service} ${action} only under a condition that cannot be judged` };
    }
  }
  return undefined;
}

/** Whether an IAM statement's Action (or NotAction) covers an action. */
export function statementCovers(statement: Record<string, unknown>, action: string): boolean {
  if (statement.NotAction !== undefined) {
    return !asArray(statement.NotAction).some((a) => actionMatches(String(a), action));
  }
  return asArray(statement.Action).some((a) => actionMatches(String(a), action));
}

/** Whether an IAM action pattern (`kms:*`, `kms:GenerateDataKey*`, `*`) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return regex.test(action);
}

/** Whether a principal names a service (`{ Service: 'x' }` or a list). */
export function namesService(principal: unknown, service: string): boolean {
  return asArray((principal as { Service?: unknown })?.Service).some((s) => s === service);
}

export function asArray(value: unknown): any[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
