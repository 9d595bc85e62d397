import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { defaultWorkerUserData, workerScript } from '../../lib';
import { Fake, fakeAws, signature } from '../support/fake-aws';

/**
 * The default worker runs here as it runs on an instance (python3, standard library only), against
 * a fake IMDS and a fake SQS JSON endpoint on 127.0.0.1 that check every request's Signature
 * Version 4 with a signer of their own, itself checked against AWS's published test vector.
 */

const EXAMPLE = { accessKey: 'AKIDEXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
/** aws-sig-v4-test-suite "get-vanilla": GET / on example.amazonaws.com, service "service", 20150830T123600Z. */
const GET_VANILLA_SIGNATURE = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

const dir = mkdtempSync(join(tmpdir(), 'ha-worker-'));
const scriptPath = join(dir, 'worker.py');
writeFileSync(scriptPath, workerScript());

test("the test's signer reproduces AWS's get-vanilla signature", () => {
  const headers = { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' };
  expect(signature('GET', '/', headers, ['host', 'x-amz-date'], '', EXAMPLE.secretKey, 'us-east-1', 'service')).toBe(GET_VANILLA_SIGNATURE);
});

test("the worker's signer reproduces AWS's get-vanilla signature", () => {
  const out = execFileSync(
    'python3',
    [
      '-c',
      `import worker; print(worker.sign('GET', 'https://example.amazonaws.com/', {}, b'', '${EXAMPLE.accessKey}', '${EXAMPLE.secretKey}', 'us-east-1', 'service', '20150830T123600Z')['authorization'])`,
    ],
    { cwd: dir, encoding: 'utf8' },
  ).trim();
  expect(out).toBe(
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${GET_VANILLA_SIGNATURE}`,
  );
});

const message = (n: number, body: unknown) => ({ MessageId: `m${n}`, ReceiptHandle: `r${n}`, Body: JSON.stringify(body) });

function runWorker(fake: Fake): { child: ChildProcess; done: Promise<{ code: number | null; logs: any[] }> } {
  const child = spawn('python3', [scriptPath], {
    env: {
      PATH: process.env.PATH,
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
      AWS_REGION: 'us-east-1',
      PROCESSING_TIMEOUT_SECONDS: '30',
      RECEIVE_WAIT_SECONDS: '1',
      SQS_ENDPOINT: `${fake.url}/`,
      IMDS_ENDPOINT: fake.url,
    },
  });
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  const done = new Promise<{ code: number | null; logs: any[] }>((resolve) =>
    child.on('exit', (code) =>
      resolve({
        code,
        logs: stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      }),
    ),
  );
  return { child, done };
}

test('the worker deletes what it processed, leaves a failed message for redelivery, and drains when Auto Scaling terminates it', async () => {
  let receives = 0;
  const fake = await fakeAws((f, respond) => {
    receives++;
    if (receives === 1) {
      respond([message(1, { order: 1 }), message(2, { order: 2, simulateFailure: true }), message(3, { order: 3 })]);
    } else {
      // The group's lifecycle hook now holds the instance in Terminating:Wait.
      f.lifecycleState = 'Terminated';
      respond([]);
    }
  });
  try {
    const { done } = runWorker(fake);
    const { code, logs } = await done;
    expect(code).toBe(0);
    expect(fake.badSignatures).toEqual([]);
    expect(fake.calls.filter((c) => c.action === 'DeleteMessage').map((c) => c.payload.ReceiptHandle)).toEqual(['r1', 'r3']);
    expect(fake.calls[0]).toEqual({
      action: 'ReceiveMessage',
      payload: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', MaxNumberOfMessages: 10, WaitTimeSeconds: 1 },
    });
    expect(logs).toEqual(
      expect.arrayContaining([
        { message: 'processed', messageId: 'm1', zone: 'us-east-1b' },
        expect.objectContaining({ message: expect.stringMatching(/^processing failed/), messageId: 'm2' }),
        { message: 'drained' },
      ]),
    );
    // It stopped receiving once the instance was marked for termination.
    expect(fake.calls.filter((c) => c.action === 'ReceiveMessage')).toHaveLength(2);
  } finally {
    fake.server.close();
  }
}, 20000);

test('on SIGTERM the worker hands back the messages it received but did not start, and exits 0', async () => {
  let worker: ChildProcess | undefined;
  const fake = await fakeAws((_f, respond) => {
    // SIGTERM arrives while the receive is in flight; the answer comes after.
    worker!.kill('SIGTERM');
    setTimeout(() => respond([message(1, {}), message(2, {})]), 300);
  });
  try {
    const run = runWorker(fake);
    worker = run.child;
    const { code, logs } = await run.done;
    expect(code).toBe(0);
    expect(fake.badSignatures).toEqual([]);
    expect(fake.calls.filter((c) => c.action === 'DeleteMessage')).toEqual([]);
    expect(fake.calls.filter((c) => c.action === 'ChangeMessageVisibility').map((c) => c.payload)).toEqual([
      { QueueUrl: expect.any(String), ReceiptHandle: 'r1', VisibilityTimeout: 0 },
      { QueueUrl: expect.any(String), ReceiptHandle: 'r2', VisibilityTimeout: 0 },
    ]);
    expect(logs).toEqual(expect.arrayContaining([{ message: 'released unstarted messages', count: 2 }, { message: 'drained' }]));
  } finally {
    fake.server.close();
  }
}, 20000);

test('the user data installs the worker under systemd with the queue, the timeout and a stop timeout covering one poll and one message', () => {
  const stack = new Stack();
  const userData = defaultWorkerUserData({
    serviceName: 'order-worker',
    queueUrl: 'https://queue',
    region: 'eu-west-1',
    processingTimeoutSeconds: 45,
  });
  const script = stack.resolve(userData.render());
  expect(script).toContain(workerScript());
  expect(script).toContain('QUEUE_URL=https://queue\nAWS_REGION=eu-west-1\nPROCESSING_TIMEOUT_SECONDS=45\n');
  // 20 s long poll + 45 s processing + 10 s margin before systemd kills it.
  expect(script).toContain('TimeoutStopSec=75\n');
  expect(script).toContain('systemctl enable --now ha-worker.service');
});
