// A 2-AZ eu-west-1 shop in one stack: three web services, MySQL 8.0 with a read replica, a
// Valkey cache, alarms that page on-call, cdk-nag's AWS Solutions pack and the availability
// guarantees at every synth. No acknowledgement of its own, no cdk.json context needed.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DatabaseEngine,
  HaAlerting,
  HaCache,
  HaDatabase,
  HaGuaranteesPlugin,
  HaMonitoring,
  HaNetwork,
  HaWebTier,
  runCdkApp,
} from 'cdk-ha-blueprint';

runCdkApp(() => {
  const app = new App();
  Validations.of(app).addPlugins(new HaGuaranteesPlugin(), new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Shop', { env: { account: '111122223333', region: 'eu-west-1' } });

  const network = new HaNetwork(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
  const alerting = new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@example.org'] });
  const certificate = acm.Certificate.fromCertificateArn(
    stack,
    'Certificate',
    'arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  );
  const web = new HaWebTier(stack, 'Web', {
    network,
    certificate,
    notificationTopic: alerting.topic,
    capacity: { baseline: 2, maximum: 8 },
    serviceName: 'storefront',
    alarmNamePrefix: 'shop-web',
  });
  web.addService('orders', { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 2, maximum: 6 } });
  web.addService('search', { priority: 20, pathPatterns: ['/search/*'], capacity: { baseline: 1, maximum: 4 } });

  const database = new HaDatabase(stack, 'Database', { network, engine: DatabaseEngine.MYSQL, engineVersion: '8.0.40' });
  const cache = new HaCache(stack, 'Cache', { network });
  database.allowFrom(web);
  cache.allowFrom(web);
  for (const service of web.services) {
    database.secret.grantRead(service.role);
    cache.authToken.grantRead(service.role);
  }

  new HaMonitoring(stack, 'Monitoring', { environmentName: 'shop', alarmTopic: alerting.topic, network, web, database, cache });
  app.synth();
});
