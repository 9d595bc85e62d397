import { judgeRegionPair } from './judge-pair';
import { cannotProve, GuaranteeCheck, Problem, problemAt } from '../guarantee-check';
import { EnvironmentModel } from '../model/environment-model';
import { RegionPair } from '../model/region-pair';
import { ResourceRef } from '../model/resolved';

/** Properties naming a KMS key, at any depth of a resource's properties: `KmsKeyId`, `KmsMasterKeyId`, `PerformanceInsightsKMSKeyId`, `KMSKeyArn`, ... */
const KEY_PROPERTY = /^(.*kms.*key(id|arn)?|kmsmasterkeyid)$/i;
/** Key types a key property may reference in the standby's own templates (which deploy to its Region). */
const KEY_TYPES = ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey', 'AWS::KMS::Alias'];
const KMS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\/.+$/;

/**
 * HA-REG-004 — every KMS key the standby uses is in the standby's Region.
 *
 * Why: KMS keys are regional. A standby resource encrypted with a key of the primary's Region
 * cannot be created (RDS requires a key of the destination Region for an encrypted cross-Region
 * replica) or, worse, depends on the Region it is meant to survive: when that Region is lost,
 * nothing it encrypted can be decrypted.
 * How it is judged, over the Region pair (docs/adr/0083): every property of a standby resource
 * that names a KMS key (`KmsKeyId`, `KmsMasterKeyId`, `PerformanceInsightsKMSKeyId`, ..., at any
 * depth) must resolve to an `AWS::KMS::Key`, `ReplicaKey` or `Alias` of the standby's own
 * templates, to a key or alias ARN whose Region is the standby's, or to an AWS managed alias
 * (`alias/aws/...`, which exists in every Region). A bare key ID or alias name is not provably in
 * the standby's Region (it is looked up in whichever Region deploys it) and is reported, as is
 * anything the model cannot follow.
 * Fix: create the key in the standby's Stage (HaCrossRegionReplica does), or name a key ARN of the
 * standby's Region.
 */
export const REGIONAL_KEYS: GuaranteeCheck = {
  id: 'HA-REG-004',
  rule: "Every KMS key a standby resource uses is in the standby's Region",
  fix: "Create the key in the standby's Stage, or name a key ARN of the standby's Region",
  check(model) {
    return judgeRegionPair(model, "that the standby's keys are regional", (pair) => judge(pair));
  },
};

function judge({ standby, standbyRegion, primaryRegion }: RegionPair): Problem[] {
  const problems: Problem[] = [];
  for (const ref of standby.allResources()) {
    for (const [path, value] of keyProperties(ref.resource.Properties ?? {})) {
      problems.push(...judgeKey(standby, ref, path, value, standbyRegion, primaryRegion));
    }
  }
  return problems;
}

function judgeKey(
  model: EnvironmentModel,
  ref: ResourceRef,
  path: string,
  value: unknown,
  region: string,
  primaryRegion: string,
): Problem[] {
  const key = model.resolve(ref.stack, value);
  const what = `${path} of ${ref.logicalId}`;
  switch (key.kind) {
    case 'noValue':
      return [];
    case 'unknown':
      return [cannotProve(ref, `that ${path} names a key of ${region}`, key)];
    case 'resource':
      return KEY_TYPES.includes(key.ref.resource.Type)
        ? []
        : [
            problemAt(
              ref,
              `${what} refers to ${key.ref.logicalId}, a ${key.ref.resource.Type}, not a KMS key of the standby's templates. Name a key created in ${region}.`,
            ),
          ];
    case 'literal': {
      const text = String(key.value);
      if (/^alias\/aws\//.test(text)) {
        return [];
      }
      const arn = KMS_ARN.exec(text);
      if (!arn) {
        return [
          problemAt(
            ref,
            `${what} is ${JSON.stringify(text)}, a key ID or alias name that is looked up in whichever Region deploys it, so it is not provably a key of ${region}. Name a key of the standby's templates or a key ARN of ${region}.`,
          ),
        ];
      }
      return arn[1] === region
        ? []
        : [
            problemAt(
              ref,
              `${what} is a key of ${arn[1]}${arn[1] === primaryRegion ? ', the primary Region whose loss the standby must survive' : ''}, not of the standby's Region ${region}: KMS keys are regional. Create a key in ${region}.`,
            ),
          ];
    }
  }
}

/** Every property naming a KMS key, at any depth, with its path. */
function keyProperties(properties: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const found: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (KEY_PROPERTY.test(name)) {
      found.push([path, value]);
    } else if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'))
    ) {
      found.push(...keyProperties(value as Record<string, unknown>, path));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          found.push(...keyProperties(item as Record<string, unknown>, `${path}[${i}]`));
        }
      });
    }
  }
  return found;
}
