import { PROFILES } from '../../../lib/config/profiles';
import { runStatusCommand } from '../../../lib/ops/status-command';
import { prodWithStandby, singleRegion } from './status-world';

/**
 * cdk-ha-status as bin/status.ts runs it, over the built-in profiles made independent of whether
 * prod opts in to a standby: every profile single-Region, or (CDK_HA_STATUS_TEST_PROFILES=standby)
 * prod with the test's us-west-2 standby. The end-to-end tests spawn this compiled file.
 */
const standby = process.env.CDK_HA_STATUS_TEST_PROFILES === 'standby';
const profiles = PROFILES.map((p) => (standby && p.name === 'prod' ? prodWithStandby() : singleRegion(p)));
runStatusCommand(process.argv.slice(2), profiles, { out: (t) => console.log(t), err: (t) => console.error(t) }).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`cdk-ha-status: ${error.name}: ${error.message}`);
    process.exit(3);
  },
);
