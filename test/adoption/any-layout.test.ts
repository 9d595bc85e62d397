import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DatabaseEngine,
  DatabaseTopology,
  HaAlerting,
  HaCache,
  HaDatabase,
  HaGuaranteesPlugin,
  HaMonitoring,
  HaNetwork,
  HaWebTier,
} from '../../lib';

// What a user writes without the library's own Stage: bare Stacks in a fresh App (no cdk.json
// context, no feature flags), cdk-nag's AWS Solutions pack and the guarantees plugin, and no
// acknowledgement of their own. Each construct must be clean on its own.
const ENV = { account: '111122223333', region: 'eu-west-1' };
const AZS = ['eu-west-1a', 'eu-west-1b'];

function checkedApp(): App {
  const app = new App({ builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new HaGuaranteesPlugin(), new AwsSolutionsChecks(app));
  return app;
}

/** Synthesizes; throws with every finding when a plugin finds anything. */
function synthClean(app: App) {
  const assembly = app.synth();
  expect(assembly.manifest.missing ?? []).toEqual([]);
  return assembly;
}

describe('each construct alone in a bare Stack', () => {
  test.each<[string, (stack: Stack, network: HaNetwork) => void]>([
    ['HaNetwork', () => undefined],
    ['HaAlerting', (stack) => new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@corp.test'] })],
    [
      'HaWebTier with a service',
      (stack, network) => {
        const alerting = new HaAlerting(stack, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
        const web = new HaWebTier(stack, 'Web', {
          network,
          capacity: { baseline: 2, maximum: 8 },
          allowInsecureHttp: true,
          notificationTopic: alerting.topic,
        });
        web.addService('orders', { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 2, maximum: 6 } });
      },
    ],
    ['HaDatabase (PostgreSQL instance)', (stack, network) => new HaDatabase(stack, 'Db', { network })],
    ['HaDatabase (MySQL instance)', (stack, network) => new HaDatabase(stack, 'Db', { network, engine: DatabaseEngine.MYSQL })],
    [
      'HaDatabase (Aurora PostgreSQL, deletion protection off)',
      (stack, network) => new HaDatabase(stack, 'Db', { network, topology: DatabaseTopology.AURORA_CLUSTER, deletionProtection: false }),
    ],
    ['HaCache', (stack, network) => new HaCache(stack, 'Cache', { network })],
  ])('%s: no cdk-nag finding, no guarantee finding, no lookup', (_name, build) => {
    const app = checkedApp();
    const stack = new Stack(app, 'Alone', { env: ENV });
    const network = new HaNetwork(stack, 'Network', { availabilityZones: AZS });
    build(stack, network);
    synthClean(app);
  });
});

describe('network and data in one stack, web and monitoring in another', () => {
  function split() {
    const app = checkedApp();
    const data = new Stack(app, 'Data', { env: ENV });
    const network = new HaNetwork(data, 'Network', { availabilityZones: AZS });
    const database = new HaDatabase(data, 'Db', { network, engine: DatabaseEngine.MYSQL });
    const cache = new HaCache(data, 'Cache', { network });
    const front = new Stack(app, 'Front', { env: ENV });
    const alerting = new HaAlerting(front, 'Alerting', { emailAddresses: ['oncall@corp.test'] });
    const web = new HaWebTier(front, 'Web', {
      network,
      capacity: { baseline: 2, maximum: 8 },
      allowInsecureHttp: true,
      notificationTopic: alerting.topic,
    });
    web.addService('orders', { priority: 10, pathPatterns: ['/orders/*'], capacity: { baseline: 2, maximum: 6 } });
    new HaMonitoring(front, 'Monitoring', { environmentName: 'shop', alarmTopic: alerting.topic, network, web, database, cache });
    database.allowFrom(web);
    cache.allowFrom(web);
    return { app, data, front, web, database, cache };
  }

  test('the CDK way, secret.grantRead(role) and authToken.grantRead(role), makes no cycle and names no role in a key policy', () => {
    const { app, data, front, web, database, cache } = split();
    for (const service of web.services) {
      database.secret.grantRead(service.role);
      cache.authToken.grantRead(service.role);
    }
    synthClean(app);
    const keyPolicies = JSON.stringify(Template.fromStack(data).findResources('AWS::KMS::Key'));
    expect(keyPolicies).not.toMatch(/Role/);
    // Each role may decrypt through Secrets Manager only, by its own policy.
    const policies = Object.values(Template.fromStack(front).findResources('AWS::IAM::Policy'));
    const decrypts = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: unknown }) => s.Action === 'kms:Decrypt');
    expect(decrypts).toHaveLength(web.services.length * 2);
    for (const statement of decrypts) {
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
    }
    // The key policy lets IAM in the account grant that, whatever the app's feature flags.
    Template.fromStack(data).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'SecretsManagerReadersByIamPolicy' })]) },
    });
  });

  test("the library's grantSecretRead and grantAuthTokenRead work the same", () => {
    const { app, web, database, cache } = split();
    for (const service of web.services) {
      database.grantSecretRead(service.role);
      cache.grantAuthTokenRead(service.role);
    }
    synthClean(app);
  });
});
