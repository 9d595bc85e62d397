import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HaStage } from './ha-stage';
import { HaStandbyStage } from './ha-standby-stage';
import { EnvironmentProfile } from '../config/environment-profile';
import { PROFILES } from '../config/profiles';
import { standbyName } from '../config/standby-profile';
import { selectProfiles } from '../config/validate-profile';
import { ValidationError } from '../errors';
import { HaGuaranteesPlugin } from '../guarantees/ha-guarantees-plugin';
import { PLACEHOLDER_ACCOUNT } from './placeholder-account';

export { PLACEHOLDER_ACCOUNT } from './placeholder-account';

/** Options for {@link addEnvironments}. */
export interface AddEnvironmentsOptions {
  /**
   * Name of the only environment to build.
   *
   * @default - every profile
   */
  readonly environment?: string;

  /**
   * AWS account every environment deploys to.
   *
   * @default PLACEHOLDER_ACCOUNT
   */
  readonly account?: string;

  /**
   * ARN of an issued ACM certificate for every selected environment's HTTPS listener; wins over
   * the profiles' own `web.certificateArn` and `web.domainName`.
   *
   * @default - each profile's own TLS settings
   */
  readonly certificateArn?: string;

  /**
   * ARN of an issued ACM certificate in the standby's Region (`-c standbyCertificateArn=...`): wins
   * over `secondaryRegion.certificateArn` of the one selected profile with a standby. ACM certificates
   * are regional, so `certificateArn` (the primary's) never serves here.
   *
   * @default - the profile's own `secondaryRegion` settings
   */
  readonly standbyCertificateArn?: string;

  /**
   * ARN of the primary's DB instance, from its Data stack's `DatabaseInstanceArn` output
   * (`-c standbySourceDatabaseArn=...`): wins over `secondaryRegion.sourceDatabaseInstanceArn` of the
   * one selected profile with a standby, and builds the standby's replica (docs/adr/0080, phase 2).
   *
   * @default - the profile's own `secondaryRegion.sourceDatabaseInstanceArn`
   */
  readonly standbySourceDatabaseArn?: string;

  /**
   * Profiles to choose from.
   *
   * @default PROFILES (dev, staging, prod)
   */
  readonly profiles?: readonly EnvironmentProfile[];
}

/**
 * Adds one {@link HaStage} per selected environment profile to the app, and after it a
 * {@link HaStandbyStage} (`<name>-<region>`) for a profile with a `secondaryRegion`; and the checks
 * every synthesis runs over their templates: the availability guarantees and cdk-nag's AWS Solutions pack.
 *
 * @returns the primary Stages; a standby is the app's child `<name>-<region>` (`standbyName(profile)`)
 */
export function addEnvironments(app: App, options: AddEnvironmentsOptions = {}): HaStage[] {
  const account = options.account ?? PLACEHOLDER_ACCOUNT;
  Validations.of(app).addPlugins(new HaGuaranteesPlugin(), new AwsSolutionsChecks(app));
  const selected = selectProfiles(options.environment, options.profiles ?? PROFILES);
  refuseAmbiguousStandbyOptions(selected, options);
  return selected.map((profile) => {
    // The certificate option is the primary's: ACM certificates are regional (the standby takes secondaryRegion.certificateArn).
    const chosen = options.certificateArn ? { ...profile, web: { ...profile.web, certificateArn: options.certificateArn } } : profile;
    const primary = new HaStage(app, profile.name, { profile: chosen, account });
    if (profile.secondaryRegion) {
      // A standby is a Stage of its own, deployable on its own (docs/adr/0080).
      new HaStandbyStage(app, standbyName(profile), { profile: withStandbyOptions(profile, options), account });
    }
    return primary;
  });
}

/** The profile with the standby's `-c` options applied to its `secondaryRegion`. */
function withStandbyOptions(profile: EnvironmentProfile, options: AddEnvironmentsOptions): EnvironmentProfile {
  const standby = profile.secondaryRegion!;
  return {
    ...profile,
    secondaryRegion: {
      ...standby,
      certificateArn: options.standbyCertificateArn ?? standby.certificateArn,
      sourceDatabaseInstanceArn: options.standbySourceDatabaseArn ?? standby.sourceDatabaseInstanceArn,
    },
  };
}

/** A standby option names one database or one certificate: it cannot serve two standbys. */
function refuseAmbiguousStandbyOptions(selected: readonly EnvironmentProfile[], options: AddEnvironmentsOptions): void {
  const withStandby = selected.filter((p) => p.secondaryRegion).map((p) => p.name);
  const given = [
    ...(options.standbyCertificateArn ? ['standbyCertificateArn'] : []),
    ...(options.standbySourceDatabaseArn ? ['standbySourceDatabaseArn'] : []),
  ];
  if (given.length > 0 && withStandby.length !== 1) {
    throw new ValidationError(
      `addEnvironments: -c ${given.join(' and -c ')} apply to one standby, but ${withStandby.length === 0 ? 'no selected profile has' : `${withStandby.length} selected profiles (${withStandby.join(', ')}) have`} a secondaryRegion; select the environment with -c env=<name>`,
    );
  }
}
