import { EnvironmentModel } from './environment-model';
import { asArray, keyBlocks, statementCovers } from './key-policy';
import { ResourceRef, Unknown } from './resolved';

/** SNS protocols that reach a person or an incident tool. An SQS queue or Firehose nobody reads is not heard. */
const HEARD_PROTOCOLS = ['email', 'email-json', 'https', 'sms', 'lambda'];

/** How each of an environment's SNS topics reaches people. */
export interface TopicFacts {
  readonly topic: ResourceRef;
  /** Subscriptions that reach a person or a tool, as `protocol:endpoint`. */
  readonly subscribers: string[];
  /**
   * Why CloudWatch cannot publish to the topic (its key or its policy), or why that cannot be
   * proven; undefined when it can.
   */
  readonly publishBlocked?: string | Unknown;
}

/** Every SNS topic with the subscriptions that reach someone: inline ones and `AWS::SNS::Subscription`s in any stack. */
export function topicsOf(model: EnvironmentModel): TopicFacts[] {
  const topics = model
    .resources('AWS::SNS::Topic')
    .map((topic) => ({ topic, subscribers: [] as string[], publishBlocked: publishBlocked(model, topic) }));
  const add = (topic: ResourceRef | undefined, subscription: Record<string, unknown>, stack = topic?.stack) => {
    const entry = topics.find((t) => t.topic.resource === topic?.resource);
    if (!entry || !stack) {
      return;
    }
    if (subscription.FilterPolicy !== undefined) {
      // Alarm notifications carry no message attributes and a fixed body: a filter may drop them all.
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

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * Why CloudWatch cannot publish to a topic: a KMS key whose policy does not let CloudWatch use it
 * (SNS Developer Guide, "Enable compatibility between event sources from AWS services and
 * encrypted topics", read 2026-11: the AWS managed key `alias/aws/sns` never does), or a topic
 * policy that denies publishing outright.
 */
function publishBlocked(model: EnvironmentModel, topic: ResourceRef): string | Unknown | undefined {
  const keyId = topic.resource.Properties?.KmsMasterKeyId;
  if (keyId !== undefined) {
    const key = model.resolve(topic.stack, keyId);
    if (key.kind === 'literal') {
      return String(key.value).includes('alias/aws/sns')
        ? 'it is encrypted with the AWS managed key alias/aws/sns, which CloudWatch may not use'
        : { kind: 'unknown', why: `its key ${String(key.value)} is outside the templates, so whether CloudWatch may use it is unknown` };
    }
    if (key.kind !== 'resource' || key.ref.resource.Type !== 'AWS::KMS::Key') {
      return { kind: 'unknown', why: `its key is ${key.kind === 'unknown' ? key.why : 'not a KMS key of the environment'}` };
    }
    const blocked = keyBlocks(model, key.ref, ['kms:Decrypt', 'kms:GenerateDataKey'], CLOUDWATCH);
    if (blocked !== undefined) {
      return typeof blocked === 'string' ? `${blocked}, so every notification is dropped` : blocked;
    }
  }
  for (const policy of model.resources('AWS::SNS::TopicPolicy')) {
    const targets = model.resolveList(policy.stack, policy.resource.Properties?.Topics ?? []);
    const applies = Array.isArray(targets) ? targets.some((t) => t.kind === 'resource' && t.ref.resource === topic.resource) : true;
    if (!applies) {
      continue;
    }
    for (const st of asArray(policy.resource.Properties?.PolicyDocument?.Statement)) {
      if (st?.Effect !== 'Deny' || !statementCovers(st, 'sns:Publish')) {
        continue;
      }
      if (st.Condition === undefined) {
        return `topic policy ${policy.logicalId} denies sns:Publish without a condition, CloudWatch's notifications included`;
      }
      // CloudWatch publishes over TLS, so the usual deny of insecure transport leaves it through.
      const onlyInsecure = JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } });
      if (!onlyInsecure) {
        return {
          kind: 'unknown',
          why: `topic policy ${policy.logicalId} denies sns:Publish under a condition whose effect on CloudWatch cannot be judged`,
        };
      }
    }
  }
  return undefined;
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
