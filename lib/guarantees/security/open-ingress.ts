import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { ResourceRef, Unknown } from '../model/resolved';
import { coversEverything } from './address-coverage';

/** The only ports a load balancer may open to the whole internet: HTTPS, and HTTP to redirect to it. */
const PUBLIC_LISTENER_PORTS = [80, 443];

/** One ingress rule from an address range, resolved. */
interface CidrRule {
  readonly rule: ResourceRef;
  readonly family: 4 | 6;
  readonly cidr: string;
  /** Inclusive port range; all ports for protocol -1. */
  readonly from: number;
  readonly to: number;
}

/**
 * HA-SEC-001 — nothing is open to the internet but a load balancer's listener ports.
 *
 * Why: an instance, database or cache port open to the world bypasses the load balancer, the
 * WAF and the security-group chain.
 * How it is judged: every ingress rule of each security group (inline, or an
 * `AWS::EC2::SecurityGroupIngress` in any stack whose `GroupId` resolves to it) is resolved; for
 * every port, the CIDR blocks that open it are taken together, and if they cover every IPv4 or
 * IPv6 address (`0.0.0.0/1` + `128.0.0.0/1` counts), the port must be 80 or 443 on a group a
 * load balancer uses. A source the model cannot resolve (a prefix list, a parameter) is a finding.
 * Fix: reach private resources through the load balancer, or from security groups (`allowFrom`).
 */
export const OPEN_INGRESS: GuaranteeCheck = {
  id: 'HA-SEC-001',
  rule: "Only a load balancer's ports 80 and 443 are open to every address (0.0.0.0/0, ::/0, or CIDRs that add up to them)",
  fix: 'Allow the port from a security group (allowFrom) instead of from address ranges that cover the internet',
  check(model) {
    const problems: Problem[] = [];
    const loadBalancerGroups = new Set<unknown>();
    for (const lb of model.resources('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const groups = model.resolveList(lb.stack, lb.resource.Properties?.SecurityGroups ?? []);
      for (const g of Array.isArray(groups) ? groups : []) {
        if (g.kind === 'resource') {
          loadBalancerGroups.add(g.ref.resource);
        }
      }
    }
    const rulesByGroup = new Map<ResourceRef['resource'], { group: ResourceRef; rules: CidrRule[] }>();
    const collect = (group: ResourceRef, rule: ResourceRef, properties: Record<string, unknown>) => {
      const resolved = cidrRule(model, rule, properties);
      if (resolved === undefined) {
        return;
      }
      if ('kind' in resolved) {
        problems.push(cannotProve(rule, 'that nothing but the load balancer faces the internet', resolved));
        return;
      }
      const entry = rulesByGroup.get(group.resource) ?? { group, rules: [] };
      entry.rules.push(resolved);
      rulesByGroup.set(group.resource, entry);
    };
    for (const group of model.resources('AWS::EC2::SecurityGroup')) {
      for (const inline of (group.resource.Properties?.SecurityGroupIngress as Array<Record<string, unknown>>) ?? []) {
        collect(group, group, inline);
      }
    }
    for (const ingress of model.resources('AWS::EC2::SecurityGroupIngress')) {
      const props = ingress.resource.Properties ?? {};
      const target = model.resolve(ingress.stack, props.GroupId);
      if (target.kind !== 'resource' || target.ref.resource.Type !== 'AWS::EC2::SecurityGroup') {
        // A rule on a group outside the environment, or an unresolvable one: judge it alone.
        const alone = { group: ingress, rules: [] as CidrRule[] };
        rulesByGroup.set(ingress.resource, alone);
        collect(ingress, ingress, props);
        continue;
      }
      collect(target.ref, ingress, props);
    }
    for (const { group, rules } of rulesByGroup.values()) {
      const isLoadBalancer = loadBalancerGroups.has(group.resource);
      for (const family of [4, 6] as const) {
        const ofFamily = rules.filter((r) => r.family === family);
        // Every port range boundary; within a segment the same rules apply.
        const cuts = [...new Set(ofFamily.flatMap((r) => [r.from, r.to + 1]))].sort((a, b) => a - b);
        for (let i = 0; i + 1 < cuts.length; i++) {
          const [from, to] = [cuts[i], cuts[i + 1] - 1];
          const open = ofFamily.filter((r) => r.from <= from && r.to >= to);
          if (
            open.length === 0 ||
            !coversEverything(
              open.map((r) => r.cidr),
              family,
            )
          ) {
            continue;
          }
          const allowed = isLoadBalancer && from === to && PUBLIC_LISTENER_PORTS.includes(from);
          if (!allowed) {
            const ports = from === to ? `port ${from}` : `ports ${from}-${to}`;
            problems.push(
              problemAt(
                open[0].rule,
                `${open
                  .map((r) => r.rule.logicalId)
                  .filter((v, j, a) => a.indexOf(v) === j)
                  .join(
                    ', ',
                  )} open ${ports} of ${group.logicalId} to every IPv${family} address (${open.map((r) => r.cidr).join(' + ')})${isLoadBalancer ? '' : ', on a group no load balancer uses'}; only a load balancer's ports 80 and 443 may face the internet.`,
              ),
            );
          }
        }
      }
    }
    return problems;
  },
};

/** One rule's address range and ports, undefined for a rule from a security group, or why it cannot be read. */
function cidrRule(model: EnvironmentModel, rule: ResourceRef, properties: Record<string, unknown>): CidrRule | Unknown | undefined {
  if (properties.SourcePrefixListId !== undefined) {
    return { kind: 'unknown', why: 'its source is a prefix list, whose entries the templates do not hold' };
  }
  const family = properties.CidrIp !== undefined ? 4 : properties.CidrIpv6 !== undefined ? 6 : undefined;
  if (family === undefined) {
    return undefined;
  }
  const cidr = model.resolve(rule.stack, family === 4 ? properties.CidrIp : properties.CidrIpv6);
  const protocol = model.resolve(rule.stack, properties.IpProtocol);
  if (cidr.kind !== 'literal' || typeof cidr.value !== 'string') {
    return cidr.kind === 'noValue'
      ? undefined
      : { kind: 'unknown', why: `its CIDR is ${cidr.kind === 'unknown' ? cidr.why : 'not a string'}` };
  }
  if (protocol.kind !== 'literal') {
    return { kind: 'unknown', why: 'its protocol is not literal' };
  }
  const allPorts = String(protocol.value) === '-1' || String(protocol.value).toLowerCase() === 'all';
  const from = allPorts
    ? 0
    : Number(
        model.resolve(rule.stack, properties.FromPort).kind === 'literal'
          ? (model.resolve(rule.stack, properties.FromPort) as any).value
          : NaN,
      );
  const to = allPorts
    ? 65535
    : Number(
        model.resolve(rule.stack, properties.ToPort).kind === 'literal' ? (model.resolve(rule.stack, properties.ToPort) as any).value : NaN,
      );
  if (!Number.isInteger(from) || !Number.isInteger(to)) {
    return { kind: 'unknown', why: 'its ports are not literal numbers' };
  }
  // ICMP's -1 means every type; treat it as the whole range so that it is judged, not skipped.
  return { rule, family, cidr: cidr.value, from: from < 0 ? 0 : from, to: to < 0 ? 65535 : to };
}
