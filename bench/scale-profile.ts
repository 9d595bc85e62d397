import { EnvironmentProfile, ServicePlacement, WebServiceSettings } from '../lib/config/environment-profile';
import { PROD } from '../lib/config/profiles';

/**
 * The prod profile plus `count` services, each in its own stack (the default placement), routed
 * by path with priorities after the profile's own: the scaling series of `npm run bench` and the
 * 50-service test synthesize it. Without prod's standby: the series measures one Stage growing,
 * and a standby would repeat every service stack in its own Stage.
 */
export function prodWithServices(count: number, placement: ServicePlacement = ServicePlacement.OWN_STACK): EnvironmentProfile {
  const extra: WebServiceSettings[] = Array.from({ length: count }, (_, i) => ({
    name: `svc${String(i + 1).padStart(2, '0')}`,
    priority: 100 + i,
    pathPatterns: [`/svc${i + 1}/*`],
    capacity: { baseline: 2, maximum: 6 },
    placement,
  }));
  return {
    ...PROD,
    // One Region: without the standby, no Region-loss bound (HA-AVL-002 would ask for a standby).
    secondaryRegion: undefined,
    availability: { ...PROD.availability, region: undefined },
    web: { ...PROD.web, services: [...PROD.web.services, ...extra] },
  };
}
