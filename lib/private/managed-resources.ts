import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { MANAGED_METADATA, ManagedKind } from '../guarantees/model/environment-settings';

const registries = new WeakMap<Stack, Array<[CfnResource, ManagedKind]>>();

/**
 * Records, in its stack's template metadata, that this library made a resource and holds it to a
 * plan (a capacity plan, a number of replicas). The guarantee engine then notices a plan removed
 * from the resource, or the resource removed from the template, instead of judging what is left
 * by lower defaults.
 */
export function recordManaged(resource: CfnResource, kind: ManagedKind): void {
  const stack = Stack.of(resource);
  let registry = registries.get(stack);
  if (!registry) {
    const entries: Array<[CfnResource, ManagedKind]> = [];
    registry = entries;
    registries.set(stack, entries);
    stack.templateOptions.metadata = {
      ...stack.templateOptions.metadata,
      // Lazy: logical IDs are final only at synthesis (overrideLogicalId may still come).
      [MANAGED_METADATA]: Lazy.any({ produce: () => Object.fromEntries(entries.map(([r, k]) => [stack.resolve(r.logicalId), k])) }),
    };
  }
  registry.push([resource, kind]);
}
