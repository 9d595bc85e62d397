import { CfnTemplate } from '../template-model';

/**
 * The AZs (of those given) that no alarm watches by an `AvailabilityZone` metric dimension.
 *
 * A gray failure in one AZ hides in fleet-wide averages; only an alarm on that AZ's own metrics
 * sees it. Unlike the template-wide checks this needs the environment's AZ list, so it is a
 * function of both rather than a `GuaranteeCheck`.
 */
export function azsWithoutAlarms(template: CfnTemplate, availabilityZones: readonly string[]): string[] {
  const watched = new Set<string>();
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudWatch::Alarm') {
      continue;
    }
    const props = resource.Properties ?? {};
    const dimensionSets = [props.Dimensions ?? [], ...(props.Metrics ?? []).map((m: any) => m.MetricStat?.Metric?.Dimensions ?? [])];
    for (const dimensions of dimensionSets) {
      for (const dimension of dimensions) {
        if (dimension.Name === 'AvailabilityZone' && typeof dimension.Value === 'string') {
          watched.add(dimension.Value);
        }
      }
    }
  }
  return availabilityZones.filter((az) => !watched.has(az));
}
