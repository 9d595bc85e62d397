import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HaStage } from './ha-stage';
import { EnvironmentProfile } from '../config/environment-profile';
import { PROFILES } from '../config/profiles';
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
 * Adds one {@link HaStage} per selected environment profile to the app, and the checks every
 * synthesis runs over their templates: the availability guarantees and cdk-nag's AWS Solutions pack.
 */
export function addEnvironments(app: App, options: AddEnvironmentsOptions = {}): HaStage[] {
  const account = options.account ?? PLACEHOLDER_ACCOUNT;
  Validations.of(app).addPlugins(new HaGuaranteesPlugin(), new AwsSolutionsChecks(app));
  return selectProfiles(options.environment, options.profiles ?? PROFILES).map((profile) => {
    const chosen = options.certificateArn ? { ...profile, web: { ...profile.web, certificateArn: options.certificateArn } } : profile;
    return new HaStage(app, profile.name, { profile: chosen, account });
  });
}
