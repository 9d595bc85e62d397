import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { AWS_LIMITS } from '../limits/aws-limits';
import { checkAtSynth, checkLimit } from '../limits/check-limit';
import { HaWebService } from '../web/ha-web-service';
import { HaWebTier } from '../web/ha-web-tier';

/** What {@link buildAvailabilityDashboard} shows. */
export interface AvailabilityDashboardOptions {
  readonly dashboardName: string;
  /** @default - no web rows */
  readonly web?: HaWebTier;
  /**
   * Rows of per-AZ widgets, below the web rows (ZonalMonitoring's).
   *
   * @default - no per-AZ rows
   */
  readonly zonalRows?: cloudwatch.IWidget[][];
  /** @default - no database row */
  readonly database?: HaDatabase;
  /** @default - no cache row */
  readonly cache?: HaCache;
  /** Alarms for the status widgets, the composites first; every one is shown (100 per widget). */
  readonly alarms: cloudwatch.IAlarm[];
  /**
   * The services whose lines and per-AZ graphs this dashboard shows.
   *
   * @default - every service of `web`
   */
  readonly services?: HaWebService[];
  /**
   * Names of other dashboards (per service) to point to from the web section.
   *
   * @default - none
   */
  readonly serviceDashboards?: string[];
  /**
   * Rows shown right under the alarm status, e.g. the SLO's error budget.
   *
   * @default - none
   */
  readonly sections?: cloudwatch.IWidget[][];
}

const WIDTH = 8;
const HEIGHT = 6;

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: HEIGHT });
}

/**
 * One dashboard per environment: alarm status on top, then the golden signals of each tier
 * (traffic, errors, latency, saturation), then the per-AZ rows, where a gray failure in one AZ
 * shows as one line leaving the others and each AZ's healthy hosts stand against their share.
 */
export function buildAvailabilityDashboard(scope: Construct, id: string, options: AvailabilityDashboardOptions): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, { dashboardName: options.dashboardName });
  const rows: cloudwatch.IWidget[][] = [];
  const addRow = (...widgets: cloudwatch.IWidget[]) => {
    rows.push(widgets);
    dashboard.addWidgets(...widgets);
  };
  // Every alarm shown: an alarm status widget holds at most 100, so as many widgets as needed.
  const perWidget = AWS_LIMITS.alarmsPerWidget.max;
  for (let i = 0; i < options.alarms.length; i += perWidget) {
    const count = Math.ceil(options.alarms.length / perWidget);
    addRow(
      new cloudwatch.AlarmStatusWidget({
        title: count > 1 ? `Alarms (${i / perWidget + 1} of ${count})` : 'Alarms',
        alarms: options.alarms.slice(i, i + perWidget),
        width: 24,
        height: 6,
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );
  }

  for (const row of options.sections ?? []) {
    addRow(...row);
  }

  const { web, database, cache } = options;
  if (web) {
    const services = options.services ?? web.services;
    addRow(new cloudwatch.TextWidget({ markdown: '## Web tier', width: 24, height: 1 }));
    const others = options.serviceDashboards ?? [];
    if (others.length > 0) {
      addRow(
        new cloudwatch.TextWidget({
          markdown: `Services with a dashboard of their own (their alarms, graphs and per-AZ hosts): ${others.map((name) => `[${name}](#dashboards:name=${name})`).join(', ')}`,
          width: 24,
          height: Math.min(6, 1 + Math.ceil(others.length / 8)),
        }),
      );
    }
    addRow(
      graph('Requests', [web.metricRequestCount()]),
      graph('5xx rate (%)', [web.metricHttp5xxRate(), ...services.map((s) => s.metricHttp5xxRate())]),
      graph('p99 target response time (s)', [web.metricTargetResponseTimeP99()]),
    );
    addRow(
      graph(
        'Healthy hosts per service',
        services.map((s) => s.metricHealthyHostCount({ label: s.serviceName })),
      ),
      graph(
        'Unhealthy hosts per service',
        services.map((s) => s.metricUnhealthyHostCount({ label: s.serviceName })),
      ),
      graph(
        'In-service instances per service',
        services.map((s) => s.metricInServiceInstances({ label: s.serviceName })),
      ),
    );
    for (const row of options.zonalRows ?? []) {
      addRow(...row);
    }
  }
  if (database) {
    addRow(new cloudwatch.TextWidget({ markdown: '## Database', width: 24, height: 1 }));
    addRow(
      graph('CPU (%) and connections', [database.metricCpuUtilization()], [database.metricDatabaseConnections()]),
      graph('Read and write latency (s)', [database.metricReadLatency(), database.metricWriteLatency()]),
      graph('Replica lag: staleness of reads', database.metricReplicaLag()),
    );
  }
  if (cache) {
    addRow(new cloudwatch.TextWidget({ markdown: '## Cache', width: 24, height: 1 }));
    addRow(
      graph('Engine CPU and memory (%)', [cache.metricEngineCpuUtilization(), cache.metricMemoryUsagePercent()]),
      graph('Evictions and connections', [cache.metricEvictions()], [cache.metricCurrentConnections()]),
      graph('Replication lag (s)', cache.hasReplicas ? [cache.metricReplicationLag()] : []),
    );
  }
  checkAtSynth(dashboard, () => checkDashboardLimits(dashboard, options.dashboardName, rows.flat()));
  return dashboard;
}

/**
 * CloudWatch's dashboard limits on what the dashboard shows: widgets, metrics per widget and per
 * dashboard (a warning from 80 %, an error above).
 */
export function checkDashboardLimits(scope: Construct, dashboardName: string, widgets: cloudwatch.IWidget[]): void {
  const where = `dashboard '${dashboardName}'`;
  const fix = 'Show fewer services on this dashboard: give the services their own dashboards (one per service or per group of services)';
  checkLimit(scope, AWS_LIMITS.dashboardWidgets, widgets.length, where, fix);
  let total = 0;
  for (const widget of widgets) {
    const metrics = widget.toJson().reduce((sum, json) => sum + (json.properties?.metrics?.length ?? 0), 0);
    checkLimit(scope, AWS_LIMITS.widgetMetrics, metrics, `${where}, a widget`, 'Split the widget');
    total += metrics;
  }
  checkLimit(scope, AWS_LIMITS.dashboardMetrics, total, where, fix);
}
