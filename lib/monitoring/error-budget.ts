/**
 * Error-budget arithmetic shared by the burn-rate alarms (synth time) and the live-status CLI
 * (run time), so that both judge an SLO the same way. Pure functions, no AWS calls.
 *
 * Source of the multi-window, multi-burn-rate policy: Google SRE Workbook, "Alerting on SLOs",
 * table 5-8 (https://sre.google/workbook/alerting-on-slos/, read 2026-11-29): page when 2% of a
 * 30-day budget burns in 1 hour (burn rate 14.4, checked again over 5 minutes), open a ticket
 * when 5% burns in 6 hours (burn rate 6, checked again over 30 minutes).
 */

/** One pair of windows of the multi-window policy. */
export interface BurnRatePolicy {
  /** `fast` pages (users are hurt now); `slow` opens a ticket (the budget will not last the window). */
  readonly name: 'fast' | 'slow';
  /** Share of the whole window's budget that may burn in `longWindowMinutes` before the alarm fires. */
  readonly budgetConsumed: number;
  /** The long window, in minutes: the burn must last this long. */
  readonly longWindowMinutes: number;
  /** The short window, in minutes (1/12 of the long one): the burn must still be going on, so the alarm resets fast. */
  readonly shortWindowMinutes: number;
}

/** The SRE Workbook's two pairs: 1 h and 5 min at 2% of the budget; 6 h and 30 min at 5%. */
export const BURN_RATE_POLICIES: readonly BurnRatePolicy[] = [
  { name: 'fast', budgetConsumed: 0.02, longWindowMinutes: 60, shortWindowMinutes: 5 },
  { name: 'slow', budgetConsumed: 0.05, longWindowMinutes: 360, shortWindowMinutes: 30 },
];

/**
 * The burn rate at which `policy.budgetConsumed` of the budget of a `windowDays` SLO burns in the
 * policy's long window: 14.4 for the fast pair and 6 for the slow pair of a 30-day SLO.
 */
export function burnRateThreshold(policy: BurnRatePolicy, windowDays: number): number {
  // Round away floating-point noise (0.02 * 720 = 14.399999999999999).
  return Math.round(((policy.budgetConsumed * windowDays * 24 * 60) / policy.longWindowMinutes) * 1e6) / 1e6;
}

/** The allowed error ratio of an availability SLO: 0.0005 for 99.95%. */
export function errorBudgetRatio(availabilityPercent: number): number {
  return Math.round((100 - availabilityPercent) * 1e9) / 1e11;
}

/**
 * How fast errors spend the budget: the error ratio divided by the allowed one. 1 spends the
 * budget exactly over the SLO window; 14.4 spends a 30-day budget in a little over 2 days.
 *
 * @returns undefined without requests (no requests, no burn)
 */
export function burnRate(errors: number, requests: number, availabilityPercent: number): number | undefined {
  return requests > 0 ? errors / requests / errorBudgetRatio(availabilityPercent) : undefined;
}

/**
 * The share of the window's error budget not yet spent, in percent: 100 with no errors, 0 when
 * spent exactly, negative when overspent (-100: spent twice).
 *
 * @returns undefined without requests
 */
export function budgetRemainingPercent(errors: number, requests: number, availabilityPercent: number): number | undefined {
  const rate = burnRate(errors, requests, availabilityPercent);
  return rate === undefined ? undefined : 100 * (1 - rate);
}
