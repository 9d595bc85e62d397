import { ResourceRef } from '../guarantees/model/resolved';

/**
 * One billed quantity the templates commit to: so many instance-hours of a type, GB-months of a
 * volume, alarm metrics, keys. Facts only; `estimate-cost.ts` prices them.
 */
export interface CostItem {
  /** The AWS service billing it (`EC2`, `RDS`, `CloudWatch`). */
  readonly service: string;
  /** What is billed, with its size (`m7g.large instances`, `gp3 root volumes`). */
  readonly what: string;
  /** The resource, as `<stack>/<logical ID without its hash>`, or a count of resources. */
  readonly resource: string;
  /** How many units run all month: instances, GB, alarm metrics, keys. */
  readonly quantity: number;
  /** The unit `quantity` counts (`instance`, `GB`, `node`). */
  readonly unit: string;
  /** Key of the unit price in `UNIT_PRICES`; unpriced when absent there. */
  readonly priceKey?: string;
  /** How the estimate names it when there is no price for `priceKey` (`db.r7g.xlarge`). */
  readonly label?: string;
  /** Why it cannot be priced at all (a size the templates do not state). */
  readonly unknown?: string;
  /** Why the charge is usage-based and left out (per GB, per request). */
  readonly excluded?: string;
  /** How the quantity was read (`DesiredCapacity 9`, `Multi-AZ: primary + standby`). */
  readonly note?: string;
}

/** `<stack>/<logical ID>` without the 8-hex hash CDK appends, for short, stable line items. */
export function shortName(ref: ResourceRef): string {
  return `${ref.stack.stackName}/${ref.logicalId.replace(/[0-9A-F]{8}$/, '')}`;
}
