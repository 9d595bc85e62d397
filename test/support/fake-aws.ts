import { createHash, createHmac } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/**
 * A fake IMDS (IMDSv2 tokens required) and SQS JSON endpoint on 127.0.0.1, for running the
 * library's Python workloads as they run on an instance. Every SQS request's Signature Version 4
 * is checked with {@link signature}, the test's own signer (itself checked against AWS's vector).
 */

/** The test's own Signature Version 4, for headers already lower-cased, over exactly the headers the request signed. */
export function signature(
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

export interface Fake {
  server: Server;
  url: string;
  /** SQS calls in order: action and payload. */
  calls: Array<{ action: string; payload: any }>;
  /** Requests whose signature did not verify. */
  badSignatures: string[];
  lifecycleState: string;
}

export const CREDENTIALS = {
  AccessKeyId: 'ASIATESTKEY',
  SecretAccessKey: 'test-secret',
  Token: 'session-token',
  Expiration: '2099-01-01T00:00:00Z',
};

/** A fake IMDS (IMDSv2 tokens required) and SQS JSON endpoint; `onReceive` answers each ReceiveMessage. */
export async function fakeAws(
  onReceive: (fake: Fake, respond: (messages: any[]) => void) => void,
  answers: Partial<Record<string, (payload: any) => [number, unknown]>> = {},
): Promise<Fake> {
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
          'instance-id': 'i-0123456789abcdef0',
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
      const [status, answer] = answers[action]?.(payload) ?? [200, {}];
      return res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}
