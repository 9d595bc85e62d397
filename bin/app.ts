#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { runCdkApp } from '../lib/configuration-errors';
import { addEnvironments } from '../lib/stacks/ha-app';

// Context and environment are read here, and only here: constructs take plain props.
// A configuration mistake prints its fix, not a stack trace (runCdkApp, exported for consumer apps too).
runCdkApp(() => {
  const app = new App();
  addEnvironments(app, {
    environment: app.node.tryGetContext('env'),
    account: app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
    certificateArn: app.node.tryGetContext('certificateArn'),
    standbyCertificateArn: app.node.tryGetContext('standbyCertificateArn'),
    standbySourceDatabaseArn: app.node.tryGetContext('standbySourceDatabaseArn'),
  });
  app.synth();
});
