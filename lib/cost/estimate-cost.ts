import { NO_CHARGE_TYPES } from './assumptions';
import { computeItems } from './compute-items';
import { CostItem } from './cost-item';
import { dataItems } from './data-items';
import { ASSESSED_TYPES, serviceItems } from './service-items';
import { HOURS_PER_MONTH, UnitPrice, UNIT_PRICES } from './unit-prices';
import { EnvironmentModel } from '../guarantees/model/environment-model';
import { LoadedEnvironment } from '../guarantees/model/load-environments';

/** A cost item with its price, when there is one. */
export interface CostLine extends CostItem {
  readonly unitPrice?: UnitPrice;
  /** Monthly cost in USD; undefined when unpriced or excluded. */
  readonly monthlyUsd?: number;
  /** `unpriced: <what>` when the line has no sourced price or no known quantity. */
  readonly unpriced?: string;
}

/** The monthly on-demand cost of one environment's templates. */
export interface EnvironmentCost {
  /** The environment (Stage) name. */
  readonly name: string;
  /** The Region its templates deploy to, when known. */
  readonly region?: string;
  /** The primary environment this one is the warm standby of (`prod` for `prod-us-west-2`). */
  readonly standbyOf?: string;
  readonly lines: CostLine[];
  /** Sum of the priced lines, USD per month. Unpriced lines are not in it. */
  readonly monthlyUsd: number;
  /** Every unpriced line, loudly: the total is a lower bound while this is not empty. */
  readonly unpriced: string[];
  /** Resource types neither priced, listed as usage-based, nor known to have no charge. */
  readonly notAssessed: string[];
}

/**
 * Prices one environment's billable resources from its templates (through the environment model,
 * so that a value in another stack is read where it is written). A resource with no sourced
 * price or no literal size becomes an `unpriced` line, never a guess.
 */
export function estimateEnvironmentCost(
  name: string,
  model: EnvironmentModel,
  prices: Readonly<Record<string, UnitPrice>> = UNIT_PRICES,
): Omit<EnvironmentCost, 'standbyOf'> {
  const items = [...computeItems(model), ...dataItems(model), ...serviceItems(model)];
  const lines = items.map((item) => priceLine(item, prices));
  const counts = new Map<string, number>();
  for (const { resource } of model.allResources()) {
    if (!ASSESSED_TYPES.has(resource.Type) && !NO_CHARGE_TYPES.has(resource.Type) && !resource.Type.startsWith('Custom::')) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
  }
  const monthly = lines.reduce((sum, line) => sum + (line.monthlyUsd ?? 0), 0);
  return {
    name,
    ...(model.region ? { region: model.region } : {}),
    lines,
    monthlyUsd: Math.round(monthly * 100) / 100,
    unpriced: lines.filter((l) => l.unpriced).map((l) => l.unpriced!),
    notAssessed: [...counts].sort().map(([type, n]) => `${type} x ${n}`),
  };
}

function priceLine(item: CostItem, prices: Readonly<Record<string, UnitPrice>>): CostLine {
  if (item.excluded) {
    return item;
  }
  if (item.unknown) {
    return { ...item, unpriced: `unpriced: ${item.what} of ${item.resource} (${item.unknown})` };
  }
  const price = item.priceKey ? prices[item.priceKey] : undefined;
  if (!price) {
    return { ...item, unpriced: `unpriced: ${item.label ?? item.priceKey ?? item.what} x ${item.quantity} (${item.resource})` };
  }
  const monthlyUsd = item.quantity * price.usd * (price.per === 'hour' ? HOURS_PER_MONTH : 1);
  return { ...item, unitPrice: price, monthlyUsd };
}

/**
 * Estimates every environment of an assembly. An environment named `<primary>-<its Region>`
 * beside an environment `<primary>` is that primary's warm standby (`standbyName`, docs/adr/0080).
 */
export function estimateCosts(
  environments: readonly LoadedEnvironment[],
  prices: Readonly<Record<string, UnitPrice>> = UNIT_PRICES,
): EnvironmentCost[] {
  const names = new Set(environments.map((e) => e.name));
  return environments.map(({ name, model }) => {
    const primary = model.region && name.endsWith(`-${model.region}`) ? name.slice(0, -model.region.length - 1) : undefined;
    return { ...estimateEnvironmentCost(name, model, prices), ...(primary && names.has(primary) ? { standbyOf: primary } : {}) };
  });
}
