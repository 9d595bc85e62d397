import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { EnvironmentProfile } from '../config/environment-profile';
import { HaNetwork } from '../network/ha-network';
import { HaWebTier } from '../web/ha-web-tier';

/** Properties of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  /** The environment. */
  readonly profile: EnvironmentProfile;
  /** The environment's network (from its Network stack). */
  readonly network: HaNetwork;
}

/** The environment's web tier: load balancer, services, their scaling and deploy alarms. */
export class WebStack extends Stack {
  /** The web tier. */
  public readonly web: HaWebTier;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { profile } = props;
    const settings = profile.web;
    this.web = new HaWebTier(this, 'Web', {
      network: props.network,
      capacity: settings.capacity,
      instanceType: settings.instanceType,
      certificate: this.certificate(profile),
      allowInsecureHttp: settings.allowInsecureHttp,
      deletionProtection: profile.protection.deletionProtection,
      http5xxRateThresholdPercent: settings.http5xxRateThresholdPercent,
      alarmNamePrefix: `${profile.name}-web`,
      strict: profile.strict,
    });
    for (const service of settings.services) {
      this.web.addService(service.name, {
        priority: service.priority,
        pathPatterns: service.pathPatterns,
        capacity: service.capacity,
        instanceType: settings.instanceType,
        http5xxRateThresholdPercent: settings.http5xxRateThresholdPercent,
      });
    }
  }

  private certificate(profile: EnvironmentProfile): acm.ICertificate | undefined {
    if (profile.web.certificateArn) {
      return acm.Certificate.fromCertificateArn(this, 'Certificate', profile.web.certificateArn);
    }
    if (profile.web.domainName) {
      return new acm.Certificate(this, 'Certificate', {
        domainName: profile.web.domainName,
        validation: acm.CertificateValidation.fromDns(),
      });
    }
    return undefined;
  }
}
