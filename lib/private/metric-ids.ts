/**
 * A metric-math id made unique by a qualifier (an AZ, a service name), because CloudWatch refuses
 * one graph or alarm in which two different metrics share an id, as they do when the same
 * expression is drawn for several AZs or services.
 */
export function qualifiedMetricId(base: string, qualifier?: string): string {
  return qualifier ? `${base}_${qualifier.replace(/[^A-Za-z0-9]/g, '_')}` : base;
}
