import { rmSync } from 'fs';
import { packDirectory } from './packed-consumer';

/** Removes what the run shared: the build of global-setup.ts and the packed consumer. */
export default function globalTeardown(): void {
  const run = process.env.CDK_HA_TEST_RUN;
  if (run) {
    rmSync(packDirectory(run), { recursive: true, force: true });
  }
  const build = process.env.CDK_HA_TEST_BUILD;
  if (build) {
    rmSync(build, { recursive: true, force: true });
    rmSync(`${build}.diagnostics`, { force: true });
  }
}
