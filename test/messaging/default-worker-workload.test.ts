import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createHash, createHmac } from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { defaultWorkerUserData, workerScript } from '../../lib';

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

/** The test's own Signature Version 4, for headers already lower-cased, over exactly the headers the request signed. */
function signature(
  method: string,
  path: string,
  headers: Record<string, string>,
  signed: string[],
  body: string,
  secretKey: string,
  region: string,
  service: string,
): string {
  const amzDate = headers['x-amz-date'];
  const canonical = [
    method,
    path,
    '',
    signed.map((h) => `${h}:${headers[h].trim()}\n`).join(''),
    signed.join(';'),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, amzDate.slice(0, 8)), region), service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

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

interface Fake {
  server: Server;
  url: string;
  /** SQS calls in order: action and payload. */
  calls: Array<{ action: string; payload: any }>;
  /** Requests whose signature did not verify. */
  badSignatures: string[];
  lifecycleState: string;
}

const CREDENTIALS = {
  AccessKeyId: 'ASIATESTKEY',
  SecretAccessKey: 'test-secret',
  Token: 'session-token',
  Expiration: '2099-01-01T00:00:00Z',
};

/** A fake IMDS (IMDSv2 tokens required) and SQS JSON endpoint; `onReceive` answers each ReceiveMessage. */
async function fakeAws(onReceive: (fake: Fake, respond: (messages: any[]) => void) => void): Promise<Fake> {
  const fake: Fake = { server: undefined as any, url: '', calls: [], badSignatures: [], lifecycleState: 'InService' };
  fake.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const text = (status: number, value: string) => res.writeHead(status).end(value);
      if (req.url === '/latest/api/token') {
        return req.method === 'PUT' ? text(200, 'imds-token') : text(405, '');
      }
      if (req.url?.startsWith('/latest/meta-data/')) {
        if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-token') {
          return text(401, '');
        }
        const path = req.url.slice('/latest/meta-data/'.length);
        const answers: Record<string, string> = {
          'placement/availability-zone': 'us-east-1b',
          'iam/security-credentials/': 'worker-role',
          'iam/security-credentials/worker-role': JSON.stringify(CREDENTIALS),
          'autoscaling/target-lifecycle-state': fake.lifecycleState,
        };
        return path in answers ? text(200, answers[path]) : text(404, '');
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const auth =
        /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/us-east-1\/sqs\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
          headers.authorization ?? '',
        );
      const action = String(headers['x-amz-target']).replace('AmazonSQS.', '');
      const signed = auth?.[2].split(';') ?? [];
      if (
        !auth ||
        auth[1] !== CREDENTIALS.AccessKeyId ||
        headers['x-amz-security-token'] !== CREDENTIALS.Token ||
        !['host', 'x-amz-date', 'x-amz-target', 'content-type', 'x-amz-security-token'].every((h) => signed.includes(h)) ||
        signature('POST', '/', headers, signed, body, CREDENTIALS.SecretAccessKey, 'us-east-1', 'sqs') !== auth[3]
      ) {
        fake.badSignatures.push(action);
        return text(403, JSON.stringify({ __type: 'InvalidSignatureException' }));
      }
      const payload = JSON.parse(body);
      fake.calls.push({ action, payload });
      const json = (value: unknown) => res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end(JSON.stringify(value));
      if (action === 'ReceiveMessage') {
        return onReceive(fake, (messages) => json({ Messages: messages }));
      }
      return json({});
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

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
