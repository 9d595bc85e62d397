import { existsSync, rmSync } from 'fs';
import { DEFAULT_APP_VARIABLE, setWritable } from './default-app';
import { packDirectory } from './packed-consumer';

/** Removes what the run shared: the build and the default app of global-setup.ts, and the packed consumer. */
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
  const synth = process.env[DEFAULT_APP_VARIABLE];
  if (synth) {
    if (existsSync(synth)) {
      setWritable(synth, true); // read-only for the suites (default-app.ts)
      rmSync(synth, { recursive: true, force: true });
    }
    rmSync(`${synth}.error`, { force: true });
  }
}
