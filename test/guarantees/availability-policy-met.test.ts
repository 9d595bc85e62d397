import { AVAILABILITY_POLICY_MET, DatabaseEngine, DatabaseTopology, EnvironmentProfile, PROD } from '../../lib';
import { modelOfTemplates, synthEnvironment } from '../support/model';

const withTarget = (profile: EnvironmentProfile, targetAvailabilityPercent: number): EnvironmentProfile => ({
  ...profile,
  availability: { ...profile.availability, targetAvailabilityPercent },
});
const messages = (profile: EnvironmentProfile) =>
  AVAILABILITY_POLICY_MET.check(modelOfTemplates(synthEnvironment(profile))).map((p) => p.message);

describe('HA-AVL-001 availability policy', () => {
  test("prod as shipped meets its policy (RDS Multi-AZ caps the composite near 99.92%, above prod's 99.9% target)", () => {
    expect(messages(PROD)).toEqual([]);
  });

  test('a target above what RDS Multi-AZ allows fails, naming the tier that caps it and the fix', () => {
    expect(messages(withTarget(PROD, 99.95))).toEqual([
      expect.stringMatching(
        /^Composite availability 99\.920% .* is below the 99\.95% target; database \w+ caps it at 99\.95%\. Fix: use Aurora/,
      ),
    ]);
  });

  test('the same target is met by Aurora, whose SLA is higher', () => {
    const aurora: EnvironmentProfile = {
      ...withTarget(PROD, 99.95),
      // One Region: an Aurora standby (Global Database) is refused until it is built (docs/adr/0080).
      secondaryRegion: undefined,
      data: {
        ...PROD.data,
        database: { ...PROD.data.database, engine: DatabaseEngine.POSTGRES, topology: DatabaseTopology.AURORA_CLUSTER },
      },
    };
    expect(messages(aurora)).toEqual([]);
  });

  test("a template whose cache lag alarm is removed can no longer keep the cache's recovery-point bound", () => {
    const templates = synthEnvironment(PROD);
    for (const template of Object.values(templates) as any[]) {
      for (const [id, resource] of Object.entries<any>(template.Resources)) {
        if (resource.Properties?.AlarmName === 'prod-cache-replication-lag') {
          delete template.Resources[id];
        }
      }
    }
    expect(AVAILABILITY_POLICY_MET.check(modelOfTemplates(templates)).map((p) => p.message)).toEqual([
      expect.stringMatching(/cachePrimary loss: cache \w+ has RPO unknown, above the policy's 10 s/),
    ]);
  });

  test('templates that declare no policy promise nothing, and are not judged by it', () => {
    const templates = synthEnvironment(PROD) as any;
    for (const template of Object.values<any>(templates)) {
      delete template.Metadata['cdk-ha-blueprint:environment'].availabilityPolicy;
    }
    expect(AVAILABILITY_POLICY_MET.check(modelOfTemplates(templates))).toEqual([]);
  });
});
