import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOnAlarmAndOk } from './alarm-actions';
import { buildServiceDashboard } from './service-dashboard';
import { ZonalMonitoring } from './zonal-monitoring';
import { HaWebService } from '../web/ha-web-service';
import { HaWebTier } from '../web/ha-web-tier';

/** Properties of {@link ServiceStackMonitoring}. */
export interface ServiceStackMonitoringProps {
  /** Environment name; the first part of every alarm and dashboard name. */
  readonly environmentName: string;
  /** Topic that receives every ALARM and OK transition. */
  readonly alarmTopic: sns.ITopic;
  /** The web tier whose services may live in stacks of their own. */
  readonly web: HaWebTier;
}

/**
 * The monitoring of the services that live in stacks of their own (docs/adr/0060, 0061): where
 * their alarms go, their per-service composites and their dashboards, all in the service's stack,
 * so that the Observability stack and the environment's composites grow by one alarm a service.
 * {@link HaMonitoring}'s; services in the web tier's own stack are left to it.
 */
export class ServiceStackMonitoring {
  /** `<env>-web-<service>-impaired` and `<env>-web-<service>-redundancy-lost`, in the services' stacks. */
  public readonly composites: cloudwatch.CompositeAlarm[] = [];
  /** `<env>-service-<name>`, in the services' stacks. */
  public readonly dashboards: cloudwatch.Dashboard[] = [];

  private readonly props: ServiceStackMonitoringProps;
  private readonly alarmsByScope = new Map<Construct, cloudwatch.IAlarm[]>();

  constructor(props: ServiceStackMonitoringProps) {
    this.props = props;
  }

  /** The services in stacks other than the web tier's. */
  public get services(): HaWebService[] {
    return this.props.web.services.filter((service) => this.scopeOf(service) !== undefined);
  }

  /**
   * Where a service's alarms go: a `<service ID>Monitoring` construct in its stack when that is not
   * the web tier's (one per service, so that services packed into one stack keep theirs apart).
   */
  public scopeOf(service: HaWebService): Construct | undefined {
    const stack = Stack.of(service);
    if (stack === Stack.of(this.props.web)) {
      return undefined;
    }
    const id = `${service.node.id}Monitoring`;
    return stack.node.tryFindChild(id) ?? new Construct(stack, id);
  }

  /** Files an alarm made in a service's scope under that service. */
  public record(scope: Construct, alarm: cloudwatch.IAlarm): void {
    this.alarmsByScope.set(scope, [...(this.alarmsByScope.get(scope) ?? []), alarm]);
  }

  /** Every alarm of a service in its own stack: its deploy alarms, the ones filed under it, its composites. */
  public alarmsOf(service: HaWebService): cloudwatch.IAlarm[] {
    const scope = this.scopeOf(service);
    return scope ? [...service.alarms, ...(this.alarmsByScope.get(scope) ?? [])] : [];
  }

  /**
   * The first level of the hierarchy (docs/adr/0061): each service gets an impaired and a
   * redundancy-lost composite over its alarms, in its stack, and takes the place of those alarms
   * in the environment's lists (at its first alarm's position, so the order stays by service).
   */
  public rollUp(symptomAlarms: cloudwatch.IAlarm[], redundancyAlarms: cloudwatch.IAlarm[]): void {
    const env = this.props.environmentName;
    for (const service of this.services) {
      const scope = this.scopeOf(service)!;
      const mine = new Set(this.alarmsOf(service));
      const levels: Array<[cloudwatch.IAlarm[], string, string, string]> = [
        [symptomAlarms, 'Impaired', 'impaired', 'users of this service see errors or lack capacity'],
        [
          redundancyAlarms,
          'RedundancyLost',
          'redundancy-lost',
          'the service still serves, but is below its statically stable minimum or its share in an AZ, or has unhealthy hosts',
        ],
      ];
      for (const [list, id, suffix, meaning] of levels) {
        const members = list.filter((alarm) => mine.has(alarm));
        if (members.length === 0) {
          continue;
        }
        const composite = new cloudwatch.CompositeAlarm(scope, id, {
          compositeAlarmName: `${env}-web-${service.serviceName}-${suffix}`,
          alarmDescription: `${env} ${service.serviceName}: ${meaning}. Start at the dashboard ${this.dashboardName(service)}.`,
          alarmRule: cloudwatch.AlarmRule.anyOf(...members),
        });
        notifyOnAlarmAndOk(composite, this.props.alarmTopic, 'web');
        this.composites.push(composite);
        this.record(scope, composite);
        const at = list.indexOf(members[0]);
        const rest = list.filter((alarm) => !mine.has(alarm));
        rest.splice(at, 0, composite);
        list.splice(0, list.length, ...rest);
      }
    }
  }

  /** One dashboard per service, in its stack; returns every alarm they show. */
  public buildDashboards(zonal?: ZonalMonitoring): Set<cloudwatch.IAlarm> {
    const shown = new Set<cloudwatch.IAlarm>();
    for (const service of this.services) {
      const alarms = this.alarmsOf(service);
      alarms.forEach((alarm) => shown.add(alarm));
      this.dashboards.push(
        buildServiceDashboard(this.scopeOf(service)!, 'Dashboard', {
          dashboardName: this.dashboardName(service),
          service,
          alarms,
          perAzWidget: zonal?.serviceWidget(service),
          environmentDashboardName: `${this.props.environmentName}-availability`,
        }),
      );
    }
    return shown;
  }

  /** `<env>-service-<name>`. */
  public dashboardName(service: HaWebService): string {
    return `${this.props.environmentName}-service-${service.serviceName}`;
  }
}
