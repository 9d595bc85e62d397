import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOnAlarmAndOk } from './alarm-actions';
import { ValidationError } from '../errors';
import { AWS_LIMITS, WARN_AT_SHARE } from '../limits/aws-limits';
import { checkLimit } from '../limits/check-limit';

/** Longest alarm name CloudWatch accepts (PutMetricAlarm AlarmName, 1-255 characters; read 2026-11-29): assumed when a name is not known at synth. */
const MAX_ALARM_NAME = 255;
/** Longest partition name (`aws-us-gov`), assumed when the stack's partition is a token. */
const MAX_PARTITION = 10;
/** Longest region name (`ap-southeast-5`, 14 characters), assumed when the stack's region is a token. */
const MAX_REGION = 14;

/** Properties of {@link CompositeHierarchy}. */
export interface CompositeHierarchyProps {
  /** The root composite's name, e.g. `prod-redundancy-lost`; parts are named `<name>-part-<n>`. */
  readonly compositeAlarmName: string;
  /** The root's description; each part says which of the root's alarms it holds. */
  readonly alarmDescription: string;
  /** The alarms the root fires on (any of them). */
  readonly alarms: cloudwatch.IAlarm[];
  /** Topic that receives the ALARM and OK transitions of the root and every part. */
  readonly alarmTopic: sns.ITopic;
  /**
   * Most alarms in one composite before it is split into parts.
   *
   * @default 50 - half of CloudWatch's 100, so that a part never nears the limit
   */
  readonly maxChildren?: number;
}

/**
 * An any-of composite alarm over as many alarms as needed: when they do not fit one composite
 * (at most `maxChildren` alarms, and a rule within 80 % of CloudWatch's 10,240 characters with
 * every alarm ARN at its deployed length), they are packed in order into part composites
 * `<name>-part-1`, `-part-2`, ... and the root fires on any part. The root keeps its name, so
 * that the status CLI and zonal autoshift find it as before; under the budget there are no parts.
 */
export class CompositeHierarchy {
  /** The root composite. */
  public readonly root: cloudwatch.CompositeAlarm;
  /** The part composites, empty when every alarm fits the root. */
  public readonly parts: cloudwatch.CompositeAlarm[] = [];

  private readonly scope: Construct;
  private readonly id: string;
  private partsScope?: Construct;
  private readonly props: CompositeHierarchyProps;
  private readonly maxChildren: number;
  private readonly maxRuleLength = Math.floor(AWS_LIMITS.compositeRuleLength.max * WARN_AT_SHARE);

  /**
   * @param scope where the root goes, with `id` as its construct ID (an existing composite keeps
   *   its logical ID: it has a fixed name, so a new logical ID would fail to create beside the old one);
   *   the parts go into a construct `<id>Parts` beside it
   */
  constructor(scope: Construct, id: string, props: CompositeHierarchyProps) {
    this.scope = scope;
    this.id = id;
    this.props = props;
    this.maxChildren = props.maxChildren ?? 50;
    if (!Number.isInteger(this.maxChildren) || this.maxChildren < 2 || this.maxChildren > AWS_LIMITS.compositeChildren.max) {
      throw new ValidationError(
        `CompositeHierarchy '${props.compositeAlarmName}': maxChildren is ${this.maxChildren}; give a whole number from 2 to ${AWS_LIMITS.compositeChildren.max}`,
        scope,
      );
    }
    if (props.alarms.length === 0) {
      throw new ValidationError(`CompositeHierarchy '${props.compositeAlarmName}': no alarms to combine; give at least one`, scope);
    }
    let level = props.alarms;
    let round = 0;
    // Each round packs the previous one's composites; two rounds hold 2,500 alarms at the default.
    while (this.pack(level).length > 1) {
      round++;
      const packs = this.pack(level);
      level = packs.map((members, i) => this.composite(`Part${round > 1 ? `${round}-` : ''}${i + 1}`, this.partName(round, i), members));
    }
    this.root = new cloudwatch.CompositeAlarm(scope, id, this.compositeProps(props.compositeAlarmName, props.alarmDescription, level));
    notifyOnAlarmAndOk(this.root, props.alarmTopic, 'environment');
  }

  /** Every composite, the root first. */
  public get composites(): cloudwatch.CompositeAlarm[] {
    return [this.root, ...this.parts];
  }

  /** The deployed length of the any-of rule over `alarms`, at most: `(ALARM("arn") OR ...)`. */
  public ruleLength(alarms: cloudwatch.IAlarm[]): number {
    return 2 + alarms.reduce((sum, alarm, i) => sum + (i > 0 ? 4 : 0) + 'ALARM("")'.length + this.arnLength(alarm), 0);
  }

  private partName(round: number, index: number): string {
    return `${this.props.compositeAlarmName}-part-${round > 1 ? `${round}-` : ''}${index + 1}`;
  }

  /** Splits the alarms, in order, into packs within the children and rule-length budgets. */
  private pack(alarms: cloudwatch.IAlarm[]): cloudwatch.IAlarm[][] {
    const packs: cloudwatch.IAlarm[][] = [[]];
    for (const alarm of alarms) {
      const current = packs[packs.length - 1];
      if (current.length > 0 && (current.length >= this.maxChildren || this.ruleLength([...current, alarm]) > this.maxRuleLength)) {
        packs.push([alarm]);
      } else {
        current.push(alarm);
      }
    }
    return packs;
  }

  private composite(id: string, name: string, members: cloudwatch.IAlarm[]): cloudwatch.CompositeAlarm {
    const first = alarmNameOf(members[0]) ?? 'the first';
    const last = alarmNameOf(members[members.length - 1]) ?? 'the last';
    this.partsScope ??= new Construct(this.scope, `${this.id}Parts`);
    const part = new cloudwatch.CompositeAlarm(
      this.partsScope,
      id,
      this.compositeProps(
        name,
        `Part of ${this.props.compositeAlarmName}: any of its ${members.length} alarms from ${first} to ${last}. ${this.props.alarmDescription}`,
        members,
      ),
    );
    notifyOnAlarmAndOk(part, this.props.alarmTopic, 'environment');
    this.parts.push(part);
    return part;
  }

  private compositeProps(name: string, description: string, members: cloudwatch.IAlarm[]): cloudwatch.CompositeAlarmProps {
    const where = `composite alarm '${name}'`;
    const fix = 'Lower CompositeHierarchy maxChildren so that the alarms are split into more parts';
    checkLimit(this.scope, AWS_LIMITS.compositeChildren, members.length, where, fix);
    checkLimit(this.scope, AWS_LIMITS.compositeRuleLength, this.ruleLength(members), where, fix);
    return {
      compositeAlarmName: name,
      alarmDescription: description,
      alarmRule: cloudwatch.AlarmRule.anyOf(...members),
    };
  }

  private arnLength(alarm: cloudwatch.IAlarm): number {
    const stack = Stack.of(alarm);
    const known = (value: string, fallback: number) => (Token.isUnresolved(value) ? fallback : value.length);
    // arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>
    return (
      'arn::cloudwatch:::alarm:'.length +
      known(stack.partition, MAX_PARTITION) +
      known(stack.region, MAX_REGION) +
      12 +
      (alarmNameOf(alarm)?.length ?? MAX_ALARM_NAME)
    );
  }
}

/** The alarm's name when it is fixed at synth (named alarms), else undefined. */
export function alarmNameOf(alarm: cloudwatch.IAlarm): string | undefined {
  const resource = alarm.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm | undefined;
  const name = resource?.alarmName;
  return typeof name === 'string' && !Token.isUnresolved(name) ? name : undefined;
}
