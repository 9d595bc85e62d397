import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HaStage } from './ha-stage';
import { HaStandbyStage } from './ha-standby-stage';
import { EnvironmentProfile } from '../config/environment-profile';
import { PROFILES } from '../config/profiles';
import { standbyName } from '../config/standby-profile';
import { selectProfiles } from '../config/validate-profile';
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
  return selectProfiles(options.environment, options.profiles ?? PROFILES).map((profile) => {
    // The certificate option is the primary's: ACM certificates are regional (the standby takes secondaryRegion.certificateArn).
    const chosen = options.certificateArn ? { ...profile, web: { ...profile.web, certificateArn: options.certificateArn } } : profile;
    const primary = new HaStage(app, profile.name, { profile: chosen, account });
    if (profile.secondaryRegion) {
      // A standby is a Stage of its own, deployable on its own (docs/adr/0080).
      new HaStandbyStage(app, standbyName(profile), { profile, account });
    }
    return primary;
  });
}
