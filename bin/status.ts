#!/usr/bin/env node
import { PROFILES } from '../lib/config/profiles';
import { runStatusCommand } from '../lib/ops/status-command';
import { EXIT_CODES } from '../lib/ops/verdict';

// cdk-ha-status <env> [--region REGION] [--hours N] [--timeout SECONDS] [--json]; `--help` lists the exit codes.
runStatusCommand(process.argv.slice(2), PROFILES, {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    // Unreachable unless the command has a bug: still one line, still "cannot tell".
    console.error(`cdk-ha-status: ${error.name}: ${error.message.split('\n')[0]}`);
    process.exit(EXIT_CODES.unknown);
  },
);
