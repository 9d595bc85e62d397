import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOnAlarmAndOk } from './alarm-actions';
import { AlarmSpec, Meaning } from './alarm-spec';
import { buildAvailabilityDashboard } from './availability-dashboard';
import { CompositeHierarchy } from './composite-hierarchy';
import { ServiceStackMonitoring } from './service-stack-monitoring';
import { DEFAULT_THRESHOLDS, MonitoringThresholds } from './monitoring-thresholds';
import { ServiceLevelObjective, SloMonitoring } from './slo-monitoring';
import { ZonalMonitoring } from './zonal-monitoring';
import { HaCache } from '../data/ha-cache';
import { HaDatabase } from '../data/ha-database';
import { ValidationError } from '../errors';
import { HaNetwork } from '../network/ha-network';
import { HaWebTier } from '../web/ha-web-tier';

const { GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;

/** Properties of {@link HaMonitoring}. */
export interface HaMonitoringProps {
  /** Environment name; the first part of every alarm name (`prod-web-5xx-rate`). */
  readonly environmentName: string;
  /** Topic that receives every ALARM and OK transition. */
  readonly alarmTopic: sns.ITopic;
  /**
   * The network: NAT gateway alarms.
   *
   * @default - no network alarms
   */
  readonly network?: HaNetwork;
  /**
   * The web tier: load-balancer, per-service and per-AZ alarms.
   *
   * @default - no web alarms
   */
  readonly web?: HaWebTier;
  /**
   * The database.
   *
   * @default - no database alarms
   */
  readonly database?: HaDatabase;
  /**
   * The cache.
   *
   * @default - no cache alarms
   */
  readonly cache?: HaCache;
  /**
   * Alarm thresholds.
   *
   * @default DEFAULT_THRESHOLDS
   */
  readonly thresholds?: MonitoringThresholds;
  /**
   * An availability SLO on the web tier's requests: burn-rate alarms (fast burn feeds
   * users-impaired; slow burn is its own ticket-level composite) and the budget on the dashboard.
   *
   * @default - no SLO alarms
   */
  readonly slo?: ServiceLevelObjective;
  /**
   * Alarms of other tiers (a queue's message age, a worker fleet's failures) that mean users are
   * affected: they join `<env>-users-impaired` and the dashboard.
   *
   * @default - none
   */
  readonly additionalSymptomAlarms?: cloudwatch.IAlarm[];
  /**
   * Alarms of other tiers (a dead-letter queue with messages, a worker fleet below its minimum)
   * that mean redundancy is lost: they join `<env>-redundancy-lost` and the dashboard.
   *
   * @default - none
   */
  readonly additionalRedundancyAlarms?: cloudwatch.IAlarm[];
}

/**
 * Alarms on every tier, per-AZ gray-failure detection ({@link ZonalMonitoring}), two composite
 * alarms and a dashboard.
 *
 * Every alarm (composites included) notifies the topic on ALARM and on OK, is named
 * `<environment>-<tier>-<what>` and tagged `ha:tier`, so that the live-status CLI can find it.
 *
 * - `<env>-users-impaired` (composite): any symptom — error rates, latency, rejected
 *   connections, a service below its baseline.
 * - `<env>-redundancy-lost` (composite): any loss of redundancy — an AZ that is an outlier
 *   (answer with a zonal shift), a service below its statically stable minimum or below its share
 *   in one AZ, unhealthy hosts, a lagging or silent replica, a silent cache node.
 * - With `slo`: the error-budget burn-rate alarms of {@link SloMonitoring} (fast burn joins users-impaired).
 */
export class HaMonitoring extends Construct {
  /** Every alarm this construct created, by name. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** Alarms whose state users feel. */
  public readonly symptomAlarms: cloudwatch.IAlarm[] = [];
  /** Alarms that mean redundancy is lost. */
  public readonly redundancyAlarms: cloudwatch.IAlarm[] = [];
  /** `<env>-users-impaired`. */
  public readonly usersImpaired: cloudwatch.CompositeAlarm;
  /** `<env>-redundancy-lost`. */
  public readonly redundancyLost: cloudwatch.CompositeAlarm;
  /** `<env>-users-impaired` and its parts, when its alarms do not fit one composite. */
  public readonly usersImpairedHierarchy: CompositeHierarchy;
  /** `<env>-redundancy-lost` and its parts. */
  public readonly redundancyLostHierarchy: CompositeHierarchy;
  /** The environment's dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The SLO's burn-rate alarms, when `slo` is given. */
  public readonly slo?: SloMonitoring;
  /** Per-AZ detection: outliers and healthy hosts per AZ (with web). */
  public readonly zonal?: ZonalMonitoring;
  /**
   * The monitoring of the services in stacks of their own (with web): their alarms, per-service
   * composites and dashboards, in those stacks.
   */
  public readonly serviceStacks?: ServiceStackMonitoring;

  private readonly props: HaMonitoringProps;
  private readonly thresholds: Required<MonitoringThresholds>;

  constructor(scope: Construct, id: string, props: HaMonitoringProps) {
    super(scope, id);
    this.props = props;
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...props.thresholds };
    this.validate();

    if (props.web) {
      this.serviceStacks = new ServiceStackMonitoring({ ...props, web: props.web });
      this.monitorWeb(props.web);
      this.zonal = new ZonalMonitoring({
        web: props.web,
        thresholds: this.thresholds,
        alarm: (spec) => this.alarm(spec),
        serviceScope: (service) => this.serviceStacks?.scopeOf(service),
      });
    }
    if (props.database) {
      this.monitorDatabase(props.database);
    }
    if (props.cache) {
      this.monitorCache(props.cache);
    }
    if (props.network) {
      this.monitorNetwork(props.network);
    }
    if (props.slo) {
      this.slo = this.monitorSlo(props.slo);
    }
    this.symptomAlarms.push(...(props.additionalSymptomAlarms ?? []));
    this.redundancyAlarms.push(...(props.additionalRedundancyAlarms ?? []));
    // The first level of the hierarchy: one composite per service in its own stack (docs/adr/0061).
    this.serviceStacks?.rollUp(this.symptomAlarms, this.redundancyAlarms);
    if (this.symptomAlarms.length === 0 || this.redundancyAlarms.length === 0) {
      throw new ValidationError(
        'HaMonitoring: nothing to watch; give web (and database, cache, network) so that the composite alarms have alarms to combine',
        this,
      );
    }

    const env = props.environmentName;
    // Hierarchies: past 50 alarms (or 80 % of the rule length), parts roll up into the roots,
    // which keep their names and construct IDs (docs/adr/0061).
    this.usersImpairedHierarchy = new CompositeHierarchy(this, 'UsersImpaired', {
      compositeAlarmName: `${env}-users-impaired`,
      alarmDescription: `${env}: users see errors, latency or unavailability. Start at the dashboard ${env}-availability.`,
      alarms: this.symptomAlarms,
      alarmTopic: props.alarmTopic,
    });
    this.redundancyLostHierarchy = new CompositeHierarchy(this, 'RedundancyLost', {
      compositeAlarmName: `${env}-redundancy-lost`,
      alarmDescription: `${env}: the system still serves, but the next failure will hurt (an AZ impaired, a replica lagging, a node down). Restore redundancy before it is needed.`,
      alarms: this.redundancyAlarms,
      alarmTopic: props.alarmTopic,
    });
    this.usersImpaired = this.usersImpairedHierarchy.root;
    this.redundancyLost = this.redundancyLostHierarchy.root;

    // Services in their own stacks get their own dashboards there; the environment's dashboard
    // shows everything else, so that neither grows with the number of services (docs/adr/0061).
    const separate = this.serviceStacks?.services ?? [];
    const separateAlarms = this.serviceStacks?.buildDashboards(this.zonal) ?? new Set<cloudwatch.IAlarm>();
    const shown = props.web?.services.filter((service) => !separate.includes(service));
    this.dashboard = buildAvailabilityDashboard(this, 'Dashboard', {
      dashboardName: `${env}-availability`,
      web: props.web,
      services: shown,
      serviceDashboards: separate.map((service) => this.serviceStacks!.dashboardName(service)),
      zonalRows: this.zonal?.widgets(shown),
      database: props.database,
      cache: props.cache,
      alarms: [
        ...this.usersImpairedHierarchy.composites,
        ...this.redundancyLostHierarchy.composites,
        ...(this.slo?.composites ?? []),
        ...(this.slo?.alarms ?? []),
        ...[...this.alarms, ...(props.web?.alarms ?? [])].filter((alarm) => !separateAlarms.has(alarm)),
        ...(props.additionalSymptomAlarms ?? []),
        ...(props.additionalRedundancyAlarms ?? []),
      ],
      sections: this.slo?.widgets,
    });
  }

  /** Burn-rate alarms on the SLO; a fast burn is a symptom, a slow burn only a ticket. */
  private monitorSlo(slo: ServiceLevelObjective): SloMonitoring {
    if (!this.props.web) {
      throw new ValidationError("HaMonitoring: slo counts the web tier's requests; give web as well, or drop slo", this);
    }
    const monitoring = new SloMonitoring(this, 'Slo', { ...this.props, web: this.props.web, slo });
    this.symptomAlarms.push(monitoring.fastBurn);
    return monitoring;
  }

  private monitorWeb(web: HaWebTier): void {
    const t = this.thresholds;
    this.alarm({
      tier: 'web',
      name: '5xx-rate',
      description: `More than ${t.web5xxRatePercent}% of requests answered 5xx by the load balancer or targets`,
      metric: web.metricHttp5xxRate(),
      threshold: t.web5xxRatePercent,
      comparison: ABOVE,
      missing: NOT_BREACHING, // no requests, no errors
      meaning: Meaning.SYMPTOM,
    });
    this.alarm({
      tier: 'web',
      name: 'p99-latency',
      description: `p99 target response time above ${t.webP99LatencySeconds} s`,
      metric: web.metricTargetResponseTimeP99(),
      threshold: t.webP99LatencySeconds,
      comparison: ABOVE,
      missing: NOT_BREACHING,
      meaning: Meaning.SYMPTOM,
    });
    this.alarm({
      tier: 'web',
      name: 'rejected-connections',
      description: 'The load balancer rejected connections: it hit its connection limit',
      metric: web.metricRejectedConnectionCount(),
      threshold: 0,
      comparison: ABOVE,
      missing: NOT_BREACHING, // the metric is only published when connections are rejected
      meaning: Meaning.SYMPTOM,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });

    for (const service of web.services) {
      const plan = service.capacityPlan;
      const serviceName = service.serviceName;
      const scope = this.serviceStacks?.scopeOf(service);
      // The service's own 5xx and unhealthy-host alarms live beside it (they roll deploys back).
      this.symptomAlarms.push(service.http5xxRateAlarm);
      this.redundancyAlarms.push(service.unhealthyHostsAlarm);
      this.alarm({
        tier: 'web',
        name: `${serviceName}-below-baseline`,
        scope,
        description: `${serviceName}: fewer healthy hosts than the baseline of ${plan.baseline}; users lack capacity`,
        metric: service.metricHealthyHostCount(),
        threshold: plan.baseline,
        comparison: BELOW,
        missing: BREACHING, // no healthy-host datapoints: no healthy hosts to count
        meaning: Meaning.SYMPTOM,
      });
      this.alarm({
        tier: 'web',
        name: `${serviceName}-below-stable-minimum`,
        scope,
        description: `${serviceName}: fewer healthy hosts than the statically stable minimum of ${plan.minimum}; losing an AZ now would leave less than the baseline`,
        metric: service.metricHealthyHostCount(),
        threshold: plan.minimum,
        comparison: BELOW,
        missing: BREACHING,
        meaning: Meaning.REDUNDANCY,
        evaluationPeriods: 5,
        datapointsToAlarm: 5, // replacements take minutes; alarm on a lasting shortfall
      });
      this.alarm({
        tier: 'web',
        name: `${serviceName}-in-service-below-minimum`,
        scope,
        description: `${serviceName}: fewer in-service instances than the minimum of ${plan.minimum}`,
        metric: service.metricInServiceInstances(),
        threshold: plan.minimum,
        comparison: BELOW,
        missing: BREACHING,
        meaning: Meaning.REDUNDANCY,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
      });
    }
  }

  private monitorDatabase(db: HaDatabase): void {
    const t = this.thresholds;
    const saturation = (
      name: string,
      description: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      comparison: cloudwatch.ComparisonOperator,
    ) =>
      // A database that stops reporting is caught by the replica and failover alarms; here silence is not an alarm.
      this.alarm({
        tier: 'database',
        name,
        description,
        metric,
        threshold,
        comparison,
        missing: NOT_BREACHING,
        meaning: Meaning.SATURATION,
      });
    saturation('cpu', `Writer CPU above ${t.databaseCpuPercent}%`, db.metricCpuUtilization(), t.databaseCpuPercent, ABOVE);
    saturation(
      'freeable-memory',
      `Freeable memory below ${t.databaseFreeableMemoryBytes} bytes`,
      db.metricFreeableMemory(),
      t.databaseFreeableMemoryBytes,
      BELOW,
    );
    saturation(
      'free-storage',
      `Free storage below ${t.databaseFreeStorageBytes} bytes (autoscaling may be at its ceiling)`,
      db.metricFreeStorageSpace(),
      t.databaseFreeStorageBytes,
      BELOW,
    );
    saturation(
      'connections',
      `More than ${t.databaseConnections} connections`,
      db.metricDatabaseConnections(),
      t.databaseConnections,
      ABOVE,
    );
    saturation('read-latency', `Read latency above ${t.databaseLatencySeconds} s`, db.metricReadLatency(), t.databaseLatencySeconds, ABOVE);
    saturation(
      'write-latency',
      `Write latency above ${t.databaseLatencySeconds} s`,
      db.metricWriteLatency(),
      t.databaseLatencySeconds,
      ABOVE,
    );
    saturation(
      'disk-queue',
      `More than ${t.databaseDiskQueueDepth} I/O requests waiting`,
      db.metricDiskQueueDepth(),
      t.databaseDiskQueueDepth,
      ABOVE,
    );
    db.metricReplicaLag().forEach((metric, i) => {
      const isAurora = metric.metricName === 'AuroraReplicaLagMaximum';
      this.alarm({
        tier: 'database',
        name: isAurora ? 'replica-lag' : `replica-${i + 1}-lag`,
        description: `${isAurora ? 'Aurora readers' : `Read replica ${i + 1}`} lag more than ${t.replicaLagSeconds} s behind the writer: eventually consistent reads are that stale`,
        metric,
        // Aurora reports milliseconds; RDS replicas seconds.
        threshold: isAurora ? t.replicaLagSeconds * 1000 : t.replicaLagSeconds,
        comparison: ABOVE,
        missing: BREACHING, // a replica that stops reporting lag is not replicating
        meaning: Meaning.REDUNDANCY,
      });
    });
  }

  private monitorCache(cache: HaCache): void {
    const t = this.thresholds;
    const saturation = (name: string, description: string, metric: cloudwatch.IMetric, threshold: number) =>
      this.alarm({
        tier: 'cache',
        name,
        description,
        metric,
        threshold,
        comparison: ABOVE,
        missing: NOT_BREACHING,
        meaning: Meaning.SATURATION,
      });
    saturation('engine-cpu', `Engine CPU above ${t.cacheCpuPercent}% on a node`, cache.metricEngineCpuUtilization(), t.cacheCpuPercent);
    saturation('memory', `Memory use above ${t.cacheMemoryPercent}% on a node`, cache.metricMemoryUsagePercent(), t.cacheMemoryPercent);
    saturation(
      'evictions',
      `More than ${t.cacheEvictionsPerMinute} keys evicted per minute`,
      cache.metricEvictions(),
      t.cacheEvictionsPerMinute,
    );
    saturation('connections', `More than ${t.cacheConnections} client connections`, cache.metricCurrentConnections(), t.cacheConnections);
    if (cache.hasReplicas) {
      this.alarm({
        tier: 'cache',
        name: 'replication-lag',
        description: `A replica lags more than ${t.cacheReplicationLagSeconds} s behind its primary`,
        metric: cache.metricReplicationLag(),
        threshold: t.cacheReplicationLagSeconds,
        comparison: ABOVE,
        missing: BREACHING, // replicas that stop reporting are not replicating
        meaning: Meaning.REDUNDANCY,
      });
    }
    this.alarm({
      tier: 'cache',
      name: 'token-rotation-errors',
      description:
        "A step of the AUTH-token rotation failed (Secrets Manager retries it): read the rotation function's log; clients keep working on the token in AWSCURRENT",
      metric: cache.metricAuthTokenRotationErrors(),
      threshold: 0,
      comparison: ABOVE,
      // No invocation, no datapoint: a month between rotations is not an error.
      missing: NOT_BREACHING,
      meaning: Meaning.OPERATION,
      // Any failed step in a 5-minute period: rotations are monthly, so one failure is worth a look.
      evaluationPeriods: 1,
    });
    this.alarm({
      tier: 'cache',
      name: 'nodes-reporting',
      description: `Fewer than ${cache.nodeCount} cache nodes report metrics: a node is down`,
      metric: cache.metricNodesReporting(),
      threshold: cache.nodeCount,
      comparison: BELOW,
      missing: BREACHING,
      meaning: Meaning.REDUNDANCY,
    });
  }

  private monitorNetwork(network: HaNetwork): void {
    network.natGatewayIds.forEach((natId, i) => {
      const zone = network.availabilityZones[i] ?? `nat-${i + 1}`;
      this.alarm({
        tier: 'network',
        name: `nat-${zone}-port-allocation-errors`,
        description: `The NAT gateway in ${zone} could not allocate a source port: connections from that AZ fail`,
        metric: network.metricNatGateway(natId, 'ErrorPortAllocation'),
        threshold: 0,
        comparison: ABOVE,
        missing: NOT_BREACHING,
        meaning: Meaning.SYMPTOM,
      });
      this.alarm({
        tier: 'network',
        name: `nat-${zone}-packets-dropped`,
        description: `The NAT gateway in ${zone} drops packets`,
        metric: network.metricNatGateway(natId, 'PacketsDropCount'),
        threshold: 0,
        comparison: ABOVE,
        missing: NOT_BREACHING,
        meaning: Meaning.REDUNDANCY,
      });
    });
  }

  private alarm(spec: AlarmSpec): cloudwatch.Alarm {
    const name = `${this.props.environmentName}-${spec.tier}-${spec.name}`;
    const alarm = new cloudwatch.Alarm(spec.scope ?? this, name, {
      alarmName: name,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods: spec.evaluationPeriods ?? 3,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods ?? 3,
      treatMissingData: spec.missing,
    });
    notifyOnAlarmAndOk(alarm, this.props.alarmTopic, spec.tier);
    this.alarms.push(alarm);
    if (spec.scope) {
      this.serviceStacks?.record(spec.scope, alarm);
    }
    if (spec.meaning === Meaning.SYMPTOM) {
      this.symptomAlarms.push(alarm);
    } else if (spec.meaning === Meaning.REDUNDANCY) {
      this.redundancyAlarms.push(alarm);
    }
    return alarm;
  }

  private validate(): void {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9-]{0,15}$/.test(this.props.environmentName)) {
      problems.push(
        `environmentName '${this.props.environmentName}' must be 1-16 lowercase letters, digits or '-' (it starts every alarm name)`,
      );
    }
    for (const [key, value] of Object.entries(this.props.thresholds ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        problems.push(`thresholds.${key} is ${value}; give a non-negative number`);
      }
    }
    for (const key of ['web5xxRatePercent', 'databaseCpuPercent', 'cacheCpuPercent', 'cacheMemoryPercent'] as const) {
      if (this.thresholds[key] > 100) {
        problems.push(`thresholds.${key} is ${this.thresholds[key]}; a percentage is at most 100`);
      }
    }
    const minimumRequests = this.thresholds.azOutlierMinimumRequests;
    if (!Number.isInteger(minimumRequests) || minimumRequests < 1) {
      problems.push(
        `thresholds.azOutlierMinimumRequests is ${minimumRequests}; give a whole number of requests per minute of at least 1, so that an AZ without traffic is never judged an outlier`,
      );
    }
    ValidationError.throwIfAny('HaMonitoring: invalid properties', problems, this);
  }
}
