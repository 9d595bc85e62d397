import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { checkDashboardLimits } from './availability-dashboard';
import { AWS_LIMITS } from '../limits/aws-limits';
import { checkAtSynth } from '../limits/check-limit';
import { HaWebService } from '../web/ha-web-service';

/** What {@link buildServiceDashboard} shows. */
export interface ServiceDashboardOptions {
  /** E.g. `prod-service-orders`. */
  readonly dashboardName: string;
  /** The service. */
  readonly service: HaWebService;
  /** Every alarm of the service (deploy alarms, capacity alarms, per-AZ alarms). */
  readonly alarms: cloudwatch.IAlarm[];
  /**
   * The service's healthy hosts per AZ against its share (ZonalMonitoring's).
   *
   * @default - no per-AZ graph
   */
  readonly perAzWidget?: cloudwatch.IWidget;
  /** The environment's dashboard, linked from this one. */
  readonly environmentDashboardName: string;
}

/**
 * One service's dashboard, in the service's own stack: its alarms, then traffic, errors,
 * latency and capacity, then its hosts per AZ. The environment's dashboard links to it, so that
 * neither dashboard (nor stack) grows with the number of services.
 */
export function buildServiceDashboard(scope: Construct, id: string, options: ServiceDashboardOptions): cloudwatch.Dashboard {
  const { service } = options;
  const dashboard = new cloudwatch.Dashboard(scope, id, { dashboardName: options.dashboardName });
  const widgets: cloudwatch.IWidget[] = [];
  const add = (...row: cloudwatch.IWidget[]) => {
    widgets.push(...row);
    dashboard.addWidgets(...row);
  };
  const perWidget = AWS_LIMITS.alarmsPerWidget.max;
  for (let i = 0; i < options.alarms.length; i += perWidget) {
    add(
      new cloudwatch.AlarmStatusWidget({
        title: `${service.serviceName}: alarms`,
        alarms: options.alarms.slice(i, i + perWidget),
        width: 24,
        height: 4,
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );
  }
  add(
    new cloudwatch.TextWidget({
      markdown: `## ${service.serviceName} (the environment: [${options.environmentDashboardName}](#dashboards:name=${options.environmentDashboardName}))`,
      width: 24,
      height: 1,
    }),
  );
  const graph = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6 });
  add(
    graph('Requests', [service.metricRequestCount()]),
    graph('5xx rate (%)', [service.metricHttp5xxRate()]),
    graph('p99 target response time (s)', [service.metricTargetResponseTimeP99()]),
  );
  add(
    graph('Healthy and unhealthy hosts', [
      service.metricHealthyHostCount({ label: 'healthy' }),
      service.metricUnhealthyHostCount({ label: 'unhealthy' }),
    ]),
    graph('In-service instances', [service.metricInServiceInstances({ label: 'in service' })]),
    ...(options.perAzWidget ? [options.perAzWidget] : []),
  );
  checkAtSynth(dashboard, () => checkDashboardLimits(dashboard, options.dashboardName, widgets));
  return dashboard;
}
