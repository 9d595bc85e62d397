import { Template } from 'aws-cdk-lib/assertions';
import { alarmFires, evaluateAlarmMetrics, Series } from './metric-math';

/** The properties of the template's alarm with this name (fails the test when there is none). */
export function alarmNamed(template: Template, name: string): any {
  const alarm = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === name);
  expect(alarm).toBeDefined();
  return alarm.Properties;
}

/** Whether a metric-math alarm is in ALARM after the given series, each metric's series found by its metric name. */
export function firesOn(alarm: any, seriesByMetricName: Record<string, Series>): boolean {
  const lengths = new Set(Object.values(seriesByMetricName).map((s) => s.length));
  expect(lengths.size).toBe(1);
  return alarmFires(
    alarm,
    evaluateAlarmMetrics(
      alarm,
      (stat) => {
        const series = seriesByMetricName[stat.Metric.MetricName];
        expect(series).toBeDefined();
        return series;
      },
      [...lengths][0],
    ),
  );
}
