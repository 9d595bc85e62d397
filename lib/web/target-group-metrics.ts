import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * The metrics of an ALB target group, with the `LoadBalancer` and `TargetGroup` dimensions taken
 * from the CloudFormation attributes `LoadBalancerFullName` and `TargetGroupFullName`.
 *
 * Why not `targetGroup.metrics`: aws-cdk-lib derives its `LoadBalancer` dimension from the
 * listener ARN with `Fn::Select`/`Fn::Split`. Used from another stack (the Observability stack),
 * with weak cross-stack references that becomes `Fn::Split` over `Fn::GetStackOutput`, which
 * CloudFormation does not support (guarantee HA-CFN-001). The attributes travel as plain outputs.
 * Defaults (statistic, 5-minute period) are those of aws-cdk-lib's `IApplicationTargetGroupMetrics`.
 */
export class TargetGroupMetrics implements elbv2.IApplicationTargetGroupMetrics {
  /**
   * The metrics of `targetGroup`, served by `loadBalancer`, by full-name attributes when the load
   * balancer has one (an ALB defined in this app). An imported load balancer has no full-name
   * attribute in the template, so its name comes from the listener ARN as aws-cdk-lib does it.
   */
  public static of(targetGroup: elbv2.ApplicationTargetGroup, loadBalancer: elbv2.IApplicationLoadBalancer): TargetGroupMetrics {
    const fullName = (loadBalancer as Partial<Pick<elbv2.ApplicationLoadBalancer, 'loadBalancerFullName'>>).loadBalancerFullName;
    return new TargetGroupMetrics(
      typeof fullName === 'string' ? fullName : targetGroup.firstLoadBalancerFullName,
      targetGroup.targetGroupFullName,
    );
  }

  /**
   * @param loadBalancerFullName the load balancer's `LoadBalancerFullName` (`app/name/id`)
   * @param targetGroupFullName the target group's `TargetGroupFullName` (`targetgroup/name/id`)
   * @param availabilityZone limit every metric to one AZ (`AvailabilityZone` dimension); omitted: every AZ
   */
  constructor(
    public readonly loadBalancerFullName: string,
    public readonly targetGroupFullName: string,
    public readonly availabilityZone?: string,
  ) {}

  /** The same metrics for the targets in one AZ. */
  public inZone(availabilityZone: string): TargetGroupMetrics {
    return new TargetGroupMetrics(this.loadBalancerFullName, this.targetGroupFullName, availabilityZone);
  }

  public custom(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensionsMap: cloudwatch.DimensionsMap = { LoadBalancer: this.loadBalancerFullName, TargetGroup: this.targetGroupFullName };
    if (this.availabilityZone !== undefined) {
      dimensionsMap.AvailabilityZone = this.availabilityZone;
    }
    return new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap, ...props });
  }

  public ipv6RequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('IPv6RequestCount', { statistic: 'Sum', ...props });
  }

  public requestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('RequestCount', { statistic: 'Sum', ...props });
  }

  public healthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('HealthyHostCount', { statistic: 'Average', ...props });
  }

  public unhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('UnHealthyHostCount', { statistic: 'Average', ...props });
  }

  public httpCodeTarget(code: elbv2.HttpCodeTarget, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom(code, { statistic: 'Sum', ...props });
  }

  public requestCountPerTarget(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('RequestCountPerTarget', { statistic: 'Sum', ...props });
  }

  public targetConnectionErrorCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('TargetConnectionErrorCount', { statistic: 'Sum', ...props });
  }

  public targetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('TargetResponseTime', { statistic: 'Average', ...props });
  }

  public targetTLSNegotiationErrorCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.custom('TargetTLSNegotiationErrorCount', { statistic: 'Sum', ...props });
  }
}
