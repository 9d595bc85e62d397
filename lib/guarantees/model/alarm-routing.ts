import { EnvironmentModel } from './environment-model';
import { ResourceRef, Unknown } from './resolved';

/** SNS protocols that reach a person or an incident tool. An SQS queue or Firehose nobody reads is not heard. */
const HEARD_PROTOCOLS = ['email', 'email-json', 'https', 'sms', 'lambda'];

/** How each of an environment's SNS topics reaches people. */
export interface TopicFacts {
  readonly topic: ResourceRef;
  /** Subscriptions that reach a person or a tool, as `protocol:endpoint`. */
  readonly subscribers: string[];
}

/** Every SNS topic with the subscriptions that reach someone: inline ones and `AWS::SNS::Subscription`s in any stack. */
export function topicsOf(model: EnvironmentModel): TopicFacts[] {
  const topics = model.resources('AWS::SNS::Topic').map((topic) => ({ topic, subscribers: [] as string[] }));
  const add = (topic: ResourceRef | undefined, subscription: Record<string, unknown>, stack = topic?.stack) => {
    const entry = topics.find((t) => t.topic.resource === topic?.resource);
    if (!entry || !stack) {
      return;
    }
    const protocol = model.resolve(stack, subscription.Protocol);
    const endpoint = model.resolve(stack, subscription.Endpoint);
    if (
      protocol.kind === 'literal' &&
      HEARD_PROTOCOLS.includes(String(protocol.value)) &&
      endpoint.kind !== 'noValue' &&
      endpoint.kind !== 'unknown' &&
      !(endpoint.kind === 'literal' && !endpoint.value)
    ) {
      entry.subscribers.push(`${protocol.value}:${endpoint.kind === 'literal' ? endpoint.value : endpoint.ref.logicalId}`);
    }
  };
  for (const { topic } of topics) {
    for (const subscription of (topic.resource.Properties?.Subscription as Array<Record<string, unknown>>) ?? []) {
      add(topic, subscription);
    }
  }
  for (const subscription of model.resources('AWS::SNS::Subscription')) {
    const target = model.resolve(subscription.stack, subscription.resource.Properties?.TopicArn);
    add(target.kind === 'resource' ? target.ref : undefined, subscription.resource.Properties ?? {}, subscription.stack);
  }
  return topics;
}

/** Where one alarm's notifications go. */
export interface AlarmRouting {
  readonly alarm: ResourceRef;
  /** Whether actions are enabled: `false` in any form, or an unresolvable value. */
  readonly actionsEnabled: boolean | Unknown;
  /** For `AlarmActions` and `OKActions`: the environment's topics each list reaches, or why it cannot be told. */
  readonly actions: Record<'AlarmActions' | 'OKActions', { topics: TopicFacts[]; other: string[] } | Unknown>;
}

/** Every alarm (metric and composite) with where its notifications go. */
export function alarmRouting(model: EnvironmentModel): AlarmRouting[] {
  const topics = topicsOf(model);
  const alarms = [...model.resources('AWS::CloudWatch::Alarm'), ...model.resources('AWS::CloudWatch::CompositeAlarm')];
  return alarms.map((alarm) => {
    const props = alarm.resource.Properties ?? {};
    const enabled =
      props.ActionsEnabled === undefined ? ({ kind: 'literal', value: true } as const) : model.resolve(alarm.stack, props.ActionsEnabled);
    const actionsEnabled: boolean | Unknown =
      enabled.kind === 'unknown'
        ? enabled
        : enabled.kind === 'noValue'
          ? true
          : enabled.kind === 'literal' && String(enabled.value).toLowerCase() !== 'false' && enabled.value !== 0;
    const route = (value: unknown) => {
      const items = model.resolveList(alarm.stack, value ?? []);
      if (!Array.isArray(items)) {
        return items;
      }
      const reached: TopicFacts[] = [];
      const other: string[] = [];
      for (const item of items) {
        const topic = item.kind === 'resource' ? topics.find((t) => t.topic.resource === item.ref.resource) : undefined;
        if (topic) {
          reached.push(topic);
        } else if (item.kind === 'unknown') {
          return item;
        } else {
          other.push(item.kind === 'literal' ? String(item.value) : `${item.kind === 'resource' ? item.ref.logicalId : item.kind}`);
        }
      }
      return { topics: reached, other };
    };
    return { alarm, actionsEnabled, actions: { AlarmActions: route(props.AlarmActions), OKActions: route(props.OKActions) } };
  });
}
