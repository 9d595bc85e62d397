import { CfnTemplate, Finding, GuaranteeCheck, referencedLogicalId, resourcesOfType } from '../template-model';

/** The only ports a load balancer may open to the whole internet: HTTPS, and HTTP to redirect to it. */
const PUBLIC_LISTENER_PORTS = [80, 443];
const ANYWHERE = ['0.0.0.0/0', '::/0'];

/**
 * HA-SEC-001 — nothing is open to the internet but a load balancer's listener ports.
 *
 * Why: an instance, database or cache port open to 0.0.0.0/0 bypasses the load balancer, the
 * WAF and the security-group chain.
 * How it is judged: every ingress rule (inline or `AWS::EC2::SecurityGroupIngress`) from
 * 0.0.0.0/0 or ::/0 must open exactly port 80 or 443 on a security group that a load balancer
 * in the same template uses.
 * Fix: reach private resources through the load balancer, or from security groups (`allowFrom`).
 */
export const OPEN_INGRESS: GuaranteeCheck = {
  id: 'HA-SEC-001',
  severity: 'error',
  rule: "Only a load balancer's ports 80 and 443 are open to 0.0.0.0/0 or ::/0",
  fix: 'Allow the port from a security group (allowFrom) instead of from anywhere',
  check(template: CfnTemplate): Finding[] {
    const loadBalancerGroups = new Set(
      resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').flatMap(([, lb]) =>
        ((lb.Properties?.SecurityGroups as unknown[]) ?? []).map(referencedLogicalId).filter((id): id is string => id !== undefined),
      ),
    );
    const rules: Array<[string, string | undefined, Record<string, any>]> = [];
    for (const [logicalId, group] of resourcesOfType(template, 'AWS::EC2::SecurityGroup')) {
      for (const rule of (group.Properties?.SecurityGroupIngress as Array<Record<string, any>>) ?? []) {
        rules.push([logicalId, logicalId, rule]);
      }
    }
    for (const [logicalId, ingress] of resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress')) {
      rules.push([logicalId, referencedLogicalId(ingress.Properties?.GroupId), ingress.Properties ?? {}]);
    }

    const findings: Finding[] = [];
    for (const [logicalId, groupId, rule] of rules) {
      const source = rule.CidrIp ?? rule.CidrIpv6;
      if (!ANYWHERE.includes(source)) {
        continue;
      }
      const singlePort = rule.FromPort === rule.ToPort && PUBLIC_LISTENER_PORTS.includes(Number(rule.FromPort));
      if (!singlePort || !groupId || !loadBalancerGroups.has(groupId)) {
        findings.push({
          checkId: this.id,
          severity: this.severity,
          logicalId,
          message: `${logicalId} opens ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} to ${source}${groupId && loadBalancerGroups.has(groupId) ? '' : ' on a group no load balancer uses'}; only a load balancer's ports 80 and 443 may face the internet.`,
        });
      }
    }
    return findings;
  },
};
