import { rmSync } from 'fs';

/** Removes the shared build of {@link ./global-setup}. */
export default function globalTeardown(): void {
  const build = process.env.CDK_HA_TEST_BUILD;
  if (build) {
    rmSync(build, { recursive: true, force: true });
    rmSync(`${build}.diagnostics`, { force: true });
  }
}
