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
/** Property names under which a bare key ID is taken for a key (`KeyId`, `KeyArn`, `EncryptionKey`, `EncryptionKeyArn`). */
const KEYISH_PROPERTY = /(keyid|keyarn|encryptionkey)$/i;
/** A bare KMS key ID: a UUID, or a multi-Region key's `mrk-` ID (KMS Developer Guide, "Key identifiers", read 2026-11). */
const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * HA-REG-004 — every KMS key the standby uses is in the standby's Region.
 *
 * Why: KMS keys are regional. A standby resource encrypted with a key of the primary's Region
 * cannot be created (RDS requires a key of the destination Region for an encrypted cross-Region
 * replica) or, worse, depends on the Region it is meant to survive: when that Region is lost,
 * nothing it encrypted can be decrypted.
 * How it is judged, over the Region pair (docs/adr/0083): every key a standby resource uses, found
 * by the property's name (`KmsKeyId`, `KmsMasterKeyId`, `PerformanceInsightsKMSKeyId`, ...) or by
 * its value wherever it sits (a KMS ARN, a reference to a key: `scan`), in both branches of an
 * `Fn::If`, must resolve to an `AWS::KMS::Key`, `ReplicaKey` or `Alias` of the standby's own
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
    for (const [name, value] of Object.entries(ref.resource.Properties ?? {})) {
      problems.push(...scan({ model: standby, ref, region: standbyRegion, primaryRegion }, name, name, value));
    }
  }
  return problems;
}

interface ScanContext {
  readonly model: EnvironmentModel;
  readonly ref: ResourceRef;
  readonly region: string;
  readonly primaryRegion: string;
}

function intrinsicOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? keys[0] : undefined;
}

/**
 * The problems of the keys one property value uses, at any depth. A property named for a KMS key
 * (`KEY_PROPERTY`) is judged whatever its value; any other value is judged when it is a key
 * reference: a KMS ARN (literal, or what a join resolves to), a `Ref`/`GetAtt` of a key, or a bare
 * key ID under a name ending in `KeyId`, `KeyArn`, `EncryptionKey` (Kinesis `StreamEncryption.KeyId`,
 * Backup `EncryptionKeyArn`, CodeBuild `EncryptionKey`, EKS `Provider.KeyArn`, ...). Both branches of
 * an `Fn::If` are judged: the key deployed depends on a condition, so each must be regional.
 */
function scan(ctx: ScanContext, name: string, path: string, value: unknown): Problem[] {
  const fn = intrinsicOf(value);
  if (fn === 'Fn::If') {
    const arg = (value as Record<string, unknown>)[fn];
    if (!Array.isArray(arg) || arg.length !== 3) {
      return [cannotProve(ctx.ref, `that ${path} names no key outside ${ctx.region}`, 'a malformed Fn::If')];
    }
    return [...scan(ctx, name, `${path} (Fn::If true)`, arg[1]), ...scan(ctx, name, `${path} (Fn::If false)`, arg[2])];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => scan(ctx, name, `${path}[${i}]`, item));
  }
  const plainObject = value !== null && typeof value === 'object' && fn === undefined;
  if (plainObject) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => scan(ctx, k, `${path}.${k}`, v));
  }
  if (KEY_PROPERTY.test(name)) {
    return judgeKey(ctx.model, ctx.ref, path, value, ctx.region, ctx.primaryRegion);
  }
  const resolved = ctx.model.resolve(ctx.ref.stack, value);
  const isKeyReference =
    (resolved.kind === 'literal' &&
      typeof resolved.value === 'string' &&
      (KMS_ARN.test(resolved.value) || (KEYISH_PROPERTY.test(name) && KEY_ID.test(resolved.value)))) ||
    (resolved.kind === 'resource' && KEY_TYPES.includes(resolved.ref.resource.Type));
  if (isKeyReference) {
    return judgeKey(ctx.model, ctx.ref, path, value, ctx.region, ctx.primaryRegion);
  }
  // A value that cannot be resolved but spells out a KMS ARN (a join around a parameter) may name any Region's key.
  return resolved.kind === 'unknown' && fn !== undefined && /:kms:/.test(JSON.stringify(value))
    ? [cannotProve(ctx.ref, `that ${path} names a key of ${ctx.region}`, resolved)]
    : [];
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
