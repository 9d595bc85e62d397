import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { HaWebServiceProps } from './ha-web-service';
import { LoadBalancingAlgorithm } from './load-balancing';
import { SERVICE_DEFAULTS as DEFAULTS } from './service-defaults';
import { ValidationError } from '../errors';
import { instanceTypeProblem, WEB_FAMILIES } from '../private/instance-families';
import { enumProblem, tokenProblems } from '../private/synth-time-values';

/** Checks a service's options against what the ALB and Auto Scaling accept, listing every problem. */
export function validateServiceOptions(scope: Construct, props: HaWebServiceProps): void {
  const label = `HaWebService '${props.serviceName}'`;
  const early = [
    ...tokenProblems({
      'capacity.baseline': props.capacity?.baseline,
      'capacity.maximum': props.capacity?.maximum,
      appPort: props.appPort,
      targetRequestsPerMinute: props.targetRequestsPerMinute,
    }),
    enumProblem('loadBalancingAlgorithm', props.loadBalancingAlgorithm, LoadBalancingAlgorithm, 'LoadBalancingAlgorithm'),
    props.instanceType && !Token.isUnresolved(props.instanceType.toString())
      ? instanceTypeProblem('instanceType', props.instanceType.toString(), WEB_FAMILIES, 'm7g.large')
      : undefined,
  ].filter((p): p is string => p !== undefined);
  // Tokens and unknown names would only add confusing follow-up errors below.
  ValidationError.throwIfAny(`${label}: invalid properties`, early, scope);
  const problems: string[] = [];
  const { baseline, maximum } = props.capacity;
  if (!Number.isInteger(baseline) || baseline < 1) {
    problems.push(`capacity.baseline is ${baseline}; give the whole number of instances normal peak load needs (at least 1)`);
  }
  if (!Number.isInteger(maximum) || maximum < 1) {
    problems.push(`capacity.maximum is ${maximum}; give a whole number of instances`);
  }
  const port = props.appPort ?? DEFAULTS.appPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`appPort is ${port}; use a TCP port from 1 to 65535`);
  }
  const hc = props.healthCheck ?? {};
  if (hc.path !== undefined && !hc.path.startsWith('/')) {
    problems.push(`healthCheck.path '${hc.path}' must start with '/'`);
  }
  for (const [name, value] of [
    ['healthyThresholdCount', hc.healthyThresholdCount],
    ['unhealthyThresholdCount', hc.unhealthyThresholdCount],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 2 || value > 10)) {
      problems.push(`healthCheck.${name} is ${value}; the ALB accepts 2 to 10`);
    }
  }
  const interval = (hc.interval ?? DEFAULTS.interval).toSeconds();
  const timeout = (hc.timeout ?? DEFAULTS.timeout).toSeconds();
  if (interval < 5 || interval > 300) {
    problems.push(`healthCheck.interval is ${interval} s; the ALB accepts 5 to 300 s`);
  }
  if (timeout < 2 || timeout > 120 || timeout >= interval) {
    problems.push(`healthCheck.timeout is ${timeout} s; use 2 to 120 s and less than the interval (${interval} s)`);
  }
  const algorithm = props.loadBalancingAlgorithm ?? LoadBalancingAlgorithm.ROUND_ROBIN;
  if (props.slowStart !== undefined) {
    const s = props.slowStart.toSeconds();
    if (s < 30 || s > 900) {
      problems.push(`slowStart is ${s} s; the ALB accepts 30 to 900 s`);
    }
    if (algorithm !== LoadBalancingAlgorithm.ROUND_ROBIN) {
      problems.push(
        `slowStart is set with loadBalancingAlgorithm ${algorithm}; the ALB supports slow start with round robin only: drop slowStart or use ROUND_ROBIN`,
      );
    }
  }
  if (props.stickiness) {
    const s = props.stickiness.cookieDuration.toSeconds();
    if (s < 1 || s > 604800) {
      problems.push(`stickiness.cookieDuration is ${s} s; the ALB accepts 1 s to 7 days`);
    }
  }
  const delay = (props.deregistrationDelay ?? DEFAULTS.deregistrationDelay).toSeconds();
  if (delay < 0 || delay > 3600) {
    problems.push(`deregistrationDelay is ${delay} s; the ALB accepts 0 to 3600 s`);
  }
  for (const [name, value, min, max] of [
    ['targetRequestsPerMinute', props.targetRequestsPerMinute, 1, Number.MAX_SAFE_INTEGER],
    ['targetCpuUtilization', props.targetCpuUtilization, 10, 90],
    ['http5xxRateThresholdPercent', props.http5xxRateThresholdPercent, 0.1, 100],
  ] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && (value < min || value > max)) {
      problems.push(`${name} is ${value}; use ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any larger number' : max}`);
    }
  }
  ValidationError.throwIfAny(`${label}: invalid properties`, problems, scope);
}
