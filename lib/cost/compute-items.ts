import { CostItem, shortName } from './cost-item';
import { EnvironmentModel } from '../guarantees/model/environment-model';
import { resolvesNumber } from '../guarantees/model/facts';
import { isUnknown, ResourceRef } from '../guarantees/model/resolved';

/**
 * Metrics EC2 detailed monitoring publishes per instance at one-minute resolution: CPU utilization,
 * disk read/write bytes and operations, network in/out (ryuzoji.com, "EC2詳細モニタリングを有効に
 * した場合の、CloudWatchの料金について", read 2026-11-29).
 */
export const DETAILED_MONITORING_METRICS = 7;

/**
 * The EC2 instances, their root volumes and their detailed monitoring that each Auto Scaling group
 * keeps running at its baseline: `DesiredCapacity` when set, else `MinSize` (scaling out to
 * `MaxSize` costs more and is not estimated), with the instance type read from its launch template.
 */
export function computeItems(model: EnvironmentModel): CostItem[] {
  return model.resources('AWS::AutoScaling::AutoScalingGroup').flatMap((group) => groupItems(model, group));
}

function groupItems(model: EnvironmentModel, group: ResourceRef): CostItem[] {
  const props = group.resource.Properties ?? {};
  const name = shortName(group);
  const desired =
    props.DesiredCapacity === undefined ? undefined : resolvesNumber(model, group.stack, props.DesiredCapacity, 'DesiredCapacity');
  const min = resolvesNumber(model, group.stack, props.MinSize, 'MinSize');
  const count = desired !== undefined && !isUnknown(desired) ? desired : min;
  const countNote = desired !== undefined && !isUnknown(desired) ? `DesiredCapacity ${desired}` : `MinSize ${min}`;
  const data = launchData(model, group);
  if (isUnknown(count) || isUnknown(data)) {
    const why = isUnknown(count) ? count.why : (data as { why: string }).why;
    return [{ service: 'EC2', what: 'instances', resource: name, quantity: 0, unit: 'instance', unknown: why }];
  }
  const type = model.resolve(group.stack, data.InstanceType);
  const items: CostItem[] = [
    type.kind === 'literal' && typeof type.value === 'string'
      ? {
          service: 'EC2',
          what: `${type.value} instances`,
          resource: name,
          quantity: count,
          unit: 'instance',
          priceKey: `ec2:${type.value}`,
          label: type.value,
          note: `${countNote}; MaxSize not estimated`,
        }
      : {
          service: 'EC2',
          what: 'instances',
          resource: name,
          quantity: count,
          unit: 'instance',
          unknown: 'the launch template names no literal InstanceType',
        },
  ];
  for (const mapping of (data.BlockDeviceMappings as Array<Record<string, any>>) ?? []) {
    const ebs = mapping?.Ebs;
    if (!ebs) {
      continue;
    }
    const size = resolvesNumber(model, group.stack, ebs.VolumeSize, 'VolumeSize');
    const volumeType = ebs.VolumeType === undefined ? undefined : model.resolve(group.stack, ebs.VolumeType);
    const typeName = volumeType?.kind === 'literal' ? String(volumeType.value) : undefined;
    items.push(
      isUnknown(size) || !typeName
        ? {
            service: 'EBS',
            what: 'volumes',
            resource: name,
            quantity: 0,
            unit: 'GB',
            unknown: isUnknown(size) ? size.why : 'no literal VolumeType',
          }
        : {
            service: 'EBS',
            what: `${typeName} volumes (${mapping.DeviceName ?? 'device'}, ${size} GB each)`,
            resource: name,
            quantity: size * count,
            unit: 'GB',
            priceKey: `ebs:${typeName}`,
            label: `EBS ${typeName}`,
            note:
              ebs.Iops !== undefined || ebs.Throughput !== undefined
                ? 'provisioned IOPS/throughput above the baseline not priced'
                : `${count} instances`,
          },
    );
  }
  const monitoring = model.resolve(group.stack, data.Monitoring?.Enabled);
  if (monitoring.kind === 'literal' && String(monitoring.value) === 'true') {
    // Detailed (1-minute) monitoring is billed as CloudWatch metrics: seven per instance.
    items.push({
      service: 'CloudWatch',
      what: `EC2 detailed monitoring (${DETAILED_MONITORING_METRICS} metrics per instance)`,
      resource: name,
      quantity: DETAILED_MONITORING_METRICS * count,
      unit: 'metric',
      priceKey: 'cloudwatch:metric',
      label: 'CloudWatch metrics',
      note: `${count} instances`,
    });
  }
  return items;
}

/** The `LaunchTemplateData` (or launch configuration) a group launches from. */
function launchData(model: EnvironmentModel, group: ResourceRef): Record<string, any> | { kind: 'unknown'; why: string } {
  const props = group.resource.Properties ?? {};
  if (props.MixedInstancesPolicy !== undefined) {
    return { kind: 'unknown', why: 'a MixedInstancesPolicy: the instance types and their mix are chosen at run time' };
  }
  if (props.LaunchConfigurationName !== undefined) {
    const config = model.resolve(group.stack, props.LaunchConfigurationName);
    return config.kind === 'resource'
      ? (config.ref.resource.Properties ?? {})
      : { kind: 'unknown', why: 'a launch configuration outside these templates' };
  }
  const template = model.resolve(group.stack, props.LaunchTemplate?.LaunchTemplateId ?? props.LaunchTemplate?.LaunchTemplateName);
  if (template.kind !== 'resource' || template.ref.resource.Type !== 'AWS::EC2::LaunchTemplate') {
    return { kind: 'unknown', why: 'a launch template outside these templates' };
  }
  return template.ref.resource.Properties?.LaunchTemplateData ?? {};
}
