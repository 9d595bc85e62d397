import { EnvironmentModel } from './environment-model';
import { ResourceRef, StackTemplate } from './resolved';

/**
 * Facts about what a load balancer answers (`AWS::ElasticLoadBalancingV2::Listener` and
 * `ListenerRule`): whether it faces the internet, whether it listens on a port, and whether a
 * request for a path reaches a target or is answered by the load balancer itself. Read by HA-REG-003.
 */

export const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** Why a load balancer cannot serve public users, or undefined when it can (`Scheme`, `internet-facing` by default). */
export function notPublic(model: EnvironmentModel, lb: ResourceRef): string | undefined {
  const raw = lb.resource.Properties?.Scheme;
  if (raw === undefined) {
    return undefined;
  }
  const scheme = model.resolve(lb.stack, raw);
  if (scheme.kind === 'noValue' || (scheme.kind === 'literal' && scheme.value === 'internet-facing')) {
    return undefined;
  }
  return scheme.kind === 'literal'
    ? `is ${String(scheme.value)}: its DNS name resolves to private addresses public users cannot reach`
    : 'has a Scheme that cannot be read, so it may be internal (private addresses only)';
}

/** What a Route 53 health check (or a client) connects with: the port and `HTTP`, `HTTPS` or `TCP`. */
export interface Probe {
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  /** The path requested, without its query string (HTTP and HTTPS only). */
  readonly path?: string;
}

/**
 * The listener of `lb` that answers `probe`, or why none does. An HTTPS probe needs an HTTPS (or TLS)
 * listener on its port, an HTTP probe an HTTP (or TCP) one; a TCP probe any listener on its port.
 */
export function listenerFor(model: EnvironmentModel, lb: ResourceRef, probe: Probe): ResourceRef | string {
  const listeners = model.resources('AWS::ElasticLoadBalancingV2::Listener').filter((l) => {
    const arn = model.resolve(l.stack, l.resource.Properties?.LoadBalancerArn);
    return arn.kind === 'resource' && arn.ref.resource === lb.resource;
  });
  const accepted: Record<Probe['protocol'], string[]> = { HTTPS: ['HTTPS', 'TLS'], HTTP: ['HTTP', 'TCP'], TCP: [] };
  for (const listener of listeners) {
    const port = model.resolve(listener.stack, listener.resource.Properties?.Port);
    const protocol = model.resolve(listener.stack, listener.resource.Properties?.Protocol);
    if (port.kind !== 'literal' || Number(port.value) !== probe.port) {
      continue;
    }
    if (
      probe.protocol === 'TCP' ||
      (protocol.kind === 'literal' && accepted[probe.protocol].includes(String(protocol.value).toUpperCase()))
    ) {
      return listener;
    }
  }
  const seen = listeners.map(
    (l) =>
      `${l.logicalId} (${String(literalOr(model, l.stack, l.resource.Properties?.Protocol))}:${String(literalOr(model, l.stack, l.resource.Properties?.Port))})`,
  );
  return `has no ${probe.protocol} listener on port ${probe.port} (its listeners: ${seen.join(', ') || 'none'}), so it refuses the connection`;
}

function literalOr(model: EnvironmentModel, stack: StackTemplate, value: unknown): unknown {
  const v = model.resolve(stack, value);
  return v.kind === 'literal' ? v.value : '?';
}

/**
 * Why a request for `path` on `listener` is answered by the load balancer itself rather than by a
 * target, or undefined when it reaches a target. Rules are taken by `Priority`; a rule whose
 * conditions other than the path cannot be told (host, headers, source IP: a rule may single out
 * Route 53's checkers) counts as matching when it answers itself, and as not matching when it forwards.
 */
export function answeredByLoadBalancer(model: EnvironmentModel, listener: ResourceRef, path: string): string | undefined {
  const rules = model
    .resources('AWS::ElasticLoadBalancingV2::ListenerRule')
    .filter((r) => {
      const arn = model.resolve(r.stack, r.resource.Properties?.ListenerArn);
      return arn.kind === 'resource' && arn.ref.resource === listener.resource;
    })
    .map((rule) => {
      const p = model.resolve(rule.stack, rule.resource.Properties?.Priority);
      // A priority that cannot be read may come first.
      return { rule, priority: p.kind === 'literal' && /^\d+$/.test(String(p.value)) ? Number(p.value) : -1 };
    })
    .sort((a, b) => a.priority - b.priority);
  for (const { rule } of rules) {
    const match = matches(model, rule, path);
    if (match === 'no') {
      continue;
    }
    const action = terminalAction(model, rule.stack, rule.resource.Properties?.Actions);
    if (action !== 'forward') {
      return `listener rule ${rule.logicalId} ${match === 'yes' ? 'answers' : 'may answer'} ${path} itself (${action}), without reaching a target`;
    }
    if (match === 'yes') {
      return undefined;
    }
  }
  const action = terminalAction(model, listener.stack, listener.resource.Properties?.DefaultActions);
  return action === 'forward' ? undefined : `listener ${listener.logicalId} answers ${path} itself by its default action (${action})`;
}

/** Whether a rule's conditions match a request for `path` (`maybe` when a condition on anything else cannot be told). */
function matches(model: EnvironmentModel, rule: ResourceRef, path: string): 'yes' | 'maybe' | 'no' {
  const conditions = rule.resource.Properties?.Conditions;
  if (!Array.isArray(conditions)) {
    return 'maybe';
  }
  let result: 'yes' | 'maybe' = 'yes';
  for (const condition of conditions) {
    const field = model.resolve(rule.stack, condition?.Field);
    if (field.kind !== 'literal' || field.value !== 'path-pattern') {
      result = 'maybe';
      continue;
    }
    const values = model.resolve(rule.stack, condition.PathPatternConfig?.Values ?? condition.Values);
    if (values.kind !== 'literal' || !Array.isArray(values.value) || condition.PathPatternConfig?.RegexValues !== undefined) {
      result = 'maybe';
      continue;
    }
    // ALB path patterns are case-sensitive, with * and ? wildcards, and match the path only.
    if (!values.value.some((v) => typeof v === 'string' && glob(v).test(path))) {
      return 'no';
    }
  }
  return result;
}

function glob(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The action that decides a request: `forward`, or a description of an action by which the load
 * balancer answers itself (fixed-response; redirect, which Route 53 counts healthy as a 3xx;
 * authenticate, which redirects an unauthenticated checker to the identity provider).
 */
function terminalAction(model: EnvironmentModel, stack: StackTemplate, actions: unknown): 'forward' | string {
  const list = model.resolve(stack, actions);
  const raw = Array.isArray(actions) ? actions : list.kind === 'literal' && Array.isArray(list.value) ? list.value : undefined;
  if (!raw || raw.length === 0) {
    return 'actions that cannot be read';
  }
  const ordered = raw
    .map((a: any, i: number) => ({ a, order: typeof a?.Order === 'number' ? a.Order : Number(a?.Order ?? i + 1) }))
    .sort((x, y) => x.order - y.order);
  for (const { a } of ordered) {
    const type = model.resolve(stack, a?.Type);
    const name = type.kind === 'literal' ? String(type.value) : '(unreadable)';
    if (name === 'forward') {
      return 'forward';
    }
    if (name === 'authenticate-oidc' || name === 'authenticate-cognito') {
      const config = a.AuthenticateOidcConfig ?? a.AuthenticateCognitoConfig ?? {};
      const on = model.resolve(stack, config.OnUnauthenticatedRequest);
      if (on.kind === 'literal' && on.value === 'allow') {
        continue;
      }
      return `${name}, which answers an unauthenticated checker itself`;
    }
    return name;
  }
  return 'no terminal action';
}
