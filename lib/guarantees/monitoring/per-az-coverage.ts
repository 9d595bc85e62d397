import { GuaranteeCheck, Problem } from '../guarantee-check';
import { AVAILABILITY_ZONE_TAG } from '../../monitoring/zonal-monitoring';

/**
 * HA-MON-002 — every AZ of the environment is watched by an alarm on that AZ's own metrics.
 *
 * Why: a gray failure in one AZ hides in fleet-wide averages; only an alarm on that AZ's own
 * metrics sees it.
 * How it is judged: an alarm watches the AZ it is tagged with (`ha:availability-zone`), or,
 * untagged, the one AZ its metrics name (an alarm comparing several AZs watches none of them
 * alone). For each AZ the environment declares (`cdk-ha-blueprint:environment`, written by
 * HaStage), some alarm watches it; an environment with no alarm at all fails for every AZ.
 * Fix: `HaMonitoring` with the web tier (per-AZ outlier and healthy-host alarms).
 */
export const PER_AZ_COVERAGE: GuaranteeCheck = {
  id: 'HA-MON-002',
  rule: 'Every AZ of the environment is watched by an alarm on its own metrics',
  fix: 'Alarm on each AZ’s own metrics (HaMonitoring with the web tier)',
  check(model) {
    const watched = new Set<string>();
    for (const alarm of model.resources('AWS::CloudWatch::Alarm')) {
      const props = alarm.resource.Properties ?? {};
      // The alarm's own AZ, as the library tags it; other AZs' metrics inside it are only a comparison.
      const tagged = (Array.isArray(props.Tags) ? (props.Tags as Array<{ Key: unknown; Value: unknown }>) : []).find(
        (t) => t?.Key === AVAILABILITY_ZONE_TAG,
      );
      // Malformed lists (CloudFormation rejects them) name no AZ: the alarm then watches none.
      const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);
      const dimensionSets = [list(props.Dimensions), ...list(props.Metrics).map((m) => list(m?.MetricStat?.Metric?.Dimensions))];
      const zones = new Set<string>();
      for (const dimension of dimensionSets.flat()) {
        const value = model.resolve(alarm.stack, dimension?.Value);
        if (dimension?.Name === 'AvailabilityZone' && value.kind === 'literal' && typeof value.value === 'string') {
          zones.add(value.value);
        }
      }
      if (tagged) {
        // The tag names the alarm's own AZ, but only metrics of that AZ make it true.
        const value = model.resolve(alarm.stack, tagged.Value);
        if (value.kind === 'literal' && typeof value.value === 'string' && zones.has(value.value)) {
          watched.add(value.value);
        }
        continue;
      }
      // Untagged: an alarm watches an AZ only when that is the one AZ its metrics name.
      if (zones.size === 1) {
        watched.add([...zones][0]);
      }
    }
    const anchor = model.stacks.find((s) => Object.keys(s.template.Resources ?? {}).length > 0);
    // Judged where the environment declares its AZs (HaStage does, with HaMonitoring): a construct
    // used alone in a bare stack promises no per-AZ alarms of its own.
    const unwatched = model.settings.availabilityZones.filter((az) => !watched.has(az));
    return unwatched.length === 0 || !anchor
      ? []
      : [
          {
            stack: anchor.stackName,
            logicalId: '(environment)',
            message: `No alarm watches ${unwatched.join(', ')} by its own metrics; a gray failure there hides in fleet averages. Add per-AZ alarms (HaMonitoring).`,
          } as Problem,
        ];
  },
};
