import { existsSync, readFileSync } from 'fs';

/** The project compiled once for this Jest run (see global-setup.ts), with tsc's diagnostics. */
export interface SharedBuild {
  /** The build's root: `bin/app.js`, `bin/check.js`, `lib/...`. */
  readonly directory: string;
  /** What tsc printed; empty when the project compiled cleanly. */
  readonly diagnostics: string;
}

/** The shared build; fails when Jest ran without the project's globalSetup. */
export function sharedBuild(): SharedBuild {
  const directory = process.env.CDK_HA_TEST_BUILD;
  if (!directory || !existsSync(directory)) {
    throw new Error('No shared build: run the tests with the jest.config.js of the repository (its globalSetup compiles the project once)');
  }
  return { directory, diagnostics: readFileSync(`${directory}.diagnostics`, 'utf8') };
}
