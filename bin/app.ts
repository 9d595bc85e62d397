#!/usr/bin/env node
import { App, Errors } from 'aws-cdk-lib';
import { ValidationError } from '../lib/errors';
import { addEnvironments } from '../lib/stacks/ha-app';

// Context and environment are read here, and only here: constructs take plain props.
const app = new App();
try {
  addEnvironments(app, {
    environment: app.node.tryGetContext('env'),
    account: app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
    certificateArn: app.node.tryGetContext('certificateArn'),
  });
  app.synth();
} catch (error) {
  if (error instanceof ValidationError || Errors.isValidationError(error)) {
    // A configuration mistake, not a bug: the message names what to fix; a stack trace would bury it.
    console.error(`\ncdk-ha-blueprint: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
