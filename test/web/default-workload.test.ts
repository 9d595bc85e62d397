import { spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { request } from 'http';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { defaultWorkloadServer, defaultWorkloadUserData } from '../../lib';
import { fakeAws } from '../support/fake-aws';

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function http(port: number, method: string, path: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until the server answers its health path. */
async function ready(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await http(port, 'GET', '/health')).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the default workload did not start');
}

test('with a producer, POST /orders sends the body to the queue (signed) and answers 202; a failed send answers 503', async () => {
  let sqsFails = false;
  const fake = await fakeAws(() => undefined, {
    SendMessage: () => (sqsFails ? [500, { __type: 'InternalError' }] : [200, { MessageId: 'msg-1' }]),
  });
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ha-app-'));
  const script = defaultWorkloadServer('default', port, '/health', {
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/orders',
    region: 'us-east-1',
  });
  writeFileSync(join(dir, 'server.py'), script);
  const server = spawn('python3', [join(dir, 'server.py')], {
    env: {
      PATH: process.env.PATH,
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/orders',
      AWS_REGION: 'us-east-1',
      SQS_ENDPOINT: `${fake.url}/`,
      IMDS_ENDPOINT: fake.url,
    },
  });
  try {
    await ready(port);
    const accepted = await http(port, 'POST', '/orders', '{"order":42}');
    expect(accepted.status).toBe(202);
    expect(JSON.parse(accepted.body)).toEqual({ messageId: 'msg-1', zone: 'us-east-1b' });
    expect(fake.badSignatures).toEqual([]);
    expect(fake.calls).toEqual([
      { action: 'SendMessage', payload: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/orders', MessageBody: '{"order":42}' } },
    ]);
    sqsFails = true;
    expect((await http(port, 'POST', '/orders', '{"order":43}')).status).toBe(503);
    expect((await http(port, 'POST', '/other', '{}')).status).toBe(404);
    expect(JSON.parse((await http(port, 'GET', '/anything')).body)).toMatchObject({ service: 'default', zone: 'us-east-1b' });
  } finally {
    server.kill();
    fake.server.close();
  }
}, 20000);

test('without a producer the workload is the plain HTTP server: no SQS client, no environment file', () => {
  const stack = new Stack();
  const plain = stack.resolve(defaultWorkloadUserData('default', 8080, '/health').render());
  expect(plain).not.toMatch(/sqs|QUEUE_URL|EnvironmentFile/);
  const producing = stack.resolve(
    defaultWorkloadUserData('default', 8080, '/health', { queueUrl: 'https://q', region: 'us-east-1' }).render(),
  );
  expect(producing).toContain('QUEUE_URL=https://q\nAWS_REGION=us-east-1\n');
  expect(producing).toContain('EnvironmentFile=/etc/ha-app.env\nExecStart=/usr/bin/python3 /opt/ha-app/server.py');
});
