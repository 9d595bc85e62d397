// The same 2-AZ eu-west-1 shop split the way teams split it: the network and the stateful data
// tier (Aurora PostgreSQL, Valkey) in one termination-protected stack, the web tier, the alarm
// topic and the monitoring in another that depends on it. Secrets are granted both ways: the CDK
// way (secret.grantRead) and the library's shortcut (grantSecretRead); neither makes a cycle.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  DatabaseTopology,
  HaAlerting,
  HaCache,
  HaDatabase,
  HaGuaranteesPlugin,
  HaMonitoring,
  HaNetwork,
  HaWebTier,
  runCdkApp,
} from 'cdk-ha-blueprint';

const env = { account: '111122223333', region: 'eu-west-1' };

/** Network, database and cache: deployed rarely, protected from deletion. */
class DataStack extends Stack {
  public readonly network: HaNetwork;
  public readonly database: HaDatabase;
  public readonly cache: HaCache;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.network = new HaNetwork(this, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    this.database = new HaDatabase(this, 'Database', {
      network: this.network,
      topology: DatabaseTopology.AURORA_CLUSTER,
      engineVersion: '16.6',
    });
    this.cache = new HaCache(this, 'Cache', { network: this.network });
  }
}

/** Load balancer, services, alarm topic and monitoring: deployed often. */
class FrontStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly data: DataStack }) {
    super(scope, id, props);
    const { network, database, cache } = props.data;
    const alerting = new HaAlerting(this, 'Alerting', { emailAddresses: ['oncall@example.org'] });
    const web = new HaWebTier(this, 'Web', {
      network,
      certificate: acm.Certificate.fromCertificateArn(
        this,
        'Certificate',
        'arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      ),
      notificationTopic: alerting.topic,
      capacity: { baseline: 2, maximum: 8 },
      serviceName: 'storefront',
      alarmNamePrefix: 'shop-web',
    });
    const orders = web.addService('orders', { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 2, maximum: 6 } });
    const search = web.addService('search', { priority: 20, pathPatterns: ['/search/*'], capacity: { baseline: 1, maximum: 4 } });

    // Rules and grants are written here, on the client's side, so the data stack never depends on this one.
    database.allowFrom(web);
    cache.allowFrom(web);
    database.secret.grantRead(web.defaultService.role); // the CDK way
    cache.authToken.grantRead(web.defaultService.role);
    for (const service of [orders, search]) {
      database.grantSecretRead(service.role); // the library's shortcut, the same grant
      cache.grantAuthTokenRead(service.role);
    }

    new HaMonitoring(this, 'Monitoring', { environmentName: 'shop', alarmTopic: alerting.topic, network, web, database, cache });
  }
}

runCdkApp(() => {
  const app = new App();
  Validations.of(app).addPlugins(new HaGuaranteesPlugin(), new AwsSolutionsChecks(app));
  const data = new DataStack(app, 'ShopData', { env });
  new FrontStack(app, 'ShopFront', { env, data });
  app.synth();
});
