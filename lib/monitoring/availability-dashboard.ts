import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
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
  /** Alarms for the status widget, the composites first. */
  readonly alarms: cloudwatch.IAlarm[];
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
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({
      title: 'Alarms',
      alarms: options.alarms.slice(0, 100), // the widget shows at most 100
      width: 24,
      height: 6,
      sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
    }),
  );

  for (const row of options.sections ?? []) {
    dashboard.addWidgets(...row);
  }

  const { web, database, cache } = options;
  if (web) {
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Web tier', width: 24, height: 1 }));
    dashboard.addWidgets(
      graph('Requests', [web.metricRequestCount()]),
      graph('5xx rate (%)', [web.metricHttp5xxRate(), ...web.services.map((s) => s.metricHttp5xxRate())]),
      graph('p99 target response time (s)', [web.metricTargetResponseTimeP99()]),
    );
    dashboard.addWidgets(
      graph(
        'Healthy hosts per service',
        web.services.map((s) => s.metricHealthyHostCount({ label: s.serviceName })),
      ),
      graph(
        'Unhealthy hosts per service',
        web.services.map((s) => s.metricUnhealthyHostCount({ label: s.serviceName })),
      ),
      graph(
        'In-service instances per service',
        web.services.map((s) => s.metricInServiceInstances({ label: s.serviceName })),
      ),
    );
    for (const row of options.zonalRows ?? []) {
      dashboard.addWidgets(...row);
    }
  }
  if (database) {
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Database', width: 24, height: 1 }));
    dashboard.addWidgets(
      graph('CPU (%) and connections', [database.metricCpuUtilization()], [database.metricDatabaseConnections()]),
      graph('Read and write latency (s)', [database.metricReadLatency(), database.metricWriteLatency()]),
      graph('Replica lag: staleness of reads', database.metricReplicaLag()),
    );
  }
  if (cache) {
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Cache', width: 24, height: 1 }));
    dashboard.addWidgets(
      graph('Engine CPU and memory (%)', [cache.metricEngineCpuUtilization(), cache.metricMemoryUsagePercent()]),
      graph('Evictions and connections', [cache.metricEvictions()], [cache.metricCurrentConnections()]),
      graph('Replication lag (s)', cache.hasReplicas ? [cache.metricReplicationLag()] : []),
    );
  }
  return dashboard;
}
