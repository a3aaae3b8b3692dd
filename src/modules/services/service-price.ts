/** The one rule for what a service costs per period, shown on the service pages, their CSV and the customer page. */

export interface ServicePriceParts {
  planPriceMinor: number;
  /** Replaces the plan's price for this one service. */
  priceOverrideMinor: number | null;
  /** Comes off the plan's price, or the override when there is one. */
  discountMinor: number | null;
}

/** What the subscriber pays per period, in minor units; a discount larger than the price makes it zero, not negative. */
export function pricePerPeriodMinor(s: ServicePriceParts): number {
  return Math.max(0, (s.priceOverrideMinor ?? s.planPriceMinor) - (s.discountMinor ?? 0));
}
