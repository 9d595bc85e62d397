import { EnvironmentProfile } from './environment-profile';

/** A Route 53 hosted zone ID as the console and the API show it, without `/hostedzone/`. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** A DNS name of letters, digits and hyphens, e.g. `app.example.org` (no trailing dot, no wildcard). */
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Whether `name` is `zone` itself or a name under it (case-insensitive, as DNS is). */
export function isInZone(name: string, zone: string): boolean {
  const n = name.toLowerCase();
  const z = zone.toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}

/**
 * Whether a certificate for `certificateName` is valid for `host`: the same name, or a wildcard
 * (`*.example.org`) one label above it (ACM wildcards cover one label only).
 */
export function certificateCovers(certificateName: string, host: string): boolean {
  const c = certificateName.toLowerCase();
  const h = host.toLowerCase();
  if (c === h) {
    return true;
  }
  return c.startsWith('*.') && h.endsWith(c.slice(1)) && !h.slice(0, h.length - c.length + 1).includes('.');
}

/**
 * Problems with a profile's `web.failoverRecord` (docs/adr/0081), each naming the property, the
 * value and the fix; empty when there is none or it is usable. Judged only with a `secondaryRegion`,
 * the only case it is built in, so that a copy of a profile with its standby removed is not held to it.
 */
export function failoverRecordProblems(profile: EnvironmentProfile): string[] {
  const record = profile.web.failoverRecord;
  if (record === undefined || profile.secondaryRegion === undefined) {
    return [];
  }
  const problems: string[] = [];
  const { hostedZoneId, hostedZoneName, recordName } = record;
  if (!HOSTED_ZONE_ID.test(hostedZoneId)) {
    problems.push(
      `web.failoverRecord.hostedZoneId '${hostedZoneId}' is not a Route 53 hosted zone ID; give the ID the Route 53 console shows, e.g. 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/')`,
    );
  }
  if (!DNS_NAME.test(hostedZoneName)) {
    problems.push(`web.failoverRecord.hostedZoneName '${hostedZoneName}' is not a domain name such as 'example.org' (no trailing dot)`);
  }
  if (!DNS_NAME.test(recordName)) {
    problems.push(
      `web.failoverRecord.recordName '${recordName}' is not a domain name such as 'app.example.org' (no trailing dot, no wildcard)`,
    );
  } else if (DNS_NAME.test(hostedZoneName) && !isInZone(recordName, hostedZoneName)) {
    problems.push(
      `web.failoverRecord.recordName '${recordName}' is not in the zone web.failoverRecord.hostedZoneName '${hostedZoneName}'; Route 53 only answers for names inside the zone: use a name ending in '.${hostedZoneName}', or name the zone that holds '${recordName}'`,
    );
  }
  // Certificates made from web.domainName can be judged here; an imported ARN is the operator's to check.
  const domain = profile.web.domainName;
  if (domain !== undefined && DNS_NAME.test(recordName) && !certificateCovers(domain, recordName)) {
    if (profile.web.certificateArn === undefined) {
      problems.push(
        `web.failoverRecord.recordName '${recordName}' is not covered by the primary's certificate for web.domainName '${domain}'; users who resolve it would get a certificate error: set web.domainName to '${recordName}' (or a wildcard one label above it), or give web.certificateArn for a certificate that covers it`,
      );
    }
    if (profile.secondaryRegion.certificateArn === undefined) {
      problems.push(
        `web.failoverRecord.recordName '${recordName}' is not covered by the standby's certificate for web.domainName '${domain}'; after a failover users would get a certificate error: set web.domainName to cover it, or give secondaryRegion.certificateArn for a certificate in ${profile.secondaryRegion.region} that covers it`,
      );
    }
  }
  return problems;
}
