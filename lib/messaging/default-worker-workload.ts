import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Seconds a receive long-polls; the SQS maximum, so an idle worker makes 3 calls a minute. */
export const RECEIVE_WAIT_SECONDS = 20;

/**
 * The consumer the default worker runs: Python 3 standard library only (Amazon Linux 2023 ships
 * python3 but not boto3), talking to SQS's JSON protocol with Signature Version 4 and the
 * instance role's credentials from IMDSv2.
 *
 * Loop: long-poll up to 10 messages, process each, delete it once processed. A message that fails
 * is left alone: it returns when its visibility timeout ends and, after `maxReceiveCount`
 * receives, moves to the dead-letter queue. Processing is a log line with the message ID and the
 * instance's AZ; a JSON body with `"simulateFailure": true` fails on purpose, to try the DLQ path.
 *
 * Drain: on SIGTERM (systemd stopping the service, the instance shutting down) or when Auto
 * Scaling marks the instance for termination (IMDS `autoscaling/target-lifecycle-state`, held by
 * the group's termination lifecycle hook), the worker stops receiving, finishes the message in
 * hand, hands back the ones it received but did not start (visibility 0, so another worker gets
 * them at once instead of after the visibility timeout), and exits 0.
 *
 * Environment: QUEUE_URL, AWS_REGION, PROCESSING_TIMEOUT_SECONDS; SQS_ENDPOINT and IMDS_ENDPOINT
 * override the AWS endpoints (the tests point them at a local fake).
 */
export function workerScript(): string {
  return `import datetime, hashlib, hmac, json, os, signal, sys, time, urllib.error, urllib.parse, urllib.request

REGION = os.environ.get('AWS_REGION', '')
QUEUE_URL = os.environ.get('QUEUE_URL', '')
SQS_ENDPOINT = os.environ.get('SQS_ENDPOINT') or 'https://sqs.%s.amazonaws.com/' % REGION
IMDS = os.environ.get('IMDS_ENDPOINT') or 'http://169.254.169.254'
PROCESSING_TIMEOUT = int(os.environ.get('PROCESSING_TIMEOUT_SECONDS', '30'))
WAIT_SECONDS = int(os.environ.get('RECEIVE_WAIT_SECONDS', '${RECEIVE_WAIT_SECONDS}'))

stopping = False


def log(message, **fields):
    print(json.dumps(dict(message=message, **fields)), flush=True)


def request_stop(signum, frame):
    global stopping
    stopping = True
    log('stop requested', signal=signum)


def _hmac(key, text):
    return hmac.new(key, text.encode('utf-8'), hashlib.sha256).digest()


def sign(method, url, headers, body, access_key, secret_key, region, service, amz_date):
    """Signature Version 4 (AWS General Reference, "Create a signed AWS API request")."""
    parts = urllib.parse.urlsplit(url)
    all_headers = dict((k.lower(), str(v).strip()) for k, v in headers.items())
    all_headers['host'] = parts.netloc
    all_headers['x-amz-date'] = amz_date
    names = sorted(all_headers)
    query = '&'.join(sorted(
        '%s=%s' % (urllib.parse.quote(k, safe='-_.~'), urllib.parse.quote(v, safe='-_.~'))
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)))
    canonical = '\\n'.join([
        method, parts.path or '/', query,
        ''.join('%s:%s\\n' % (n, all_headers[n]) for n in names),
        ';'.join(names), hashlib.sha256(body).hexdigest()])
    scope = '%s/%s/%s/aws4_request' % (amz_date[:8], region, service)
    to_sign = '\\n'.join(['AWS4-HMAC-SHA256', amz_date, scope, hashlib.sha256(canonical.encode('utf-8')).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(('AWS4' + secret_key).encode('utf-8'), amz_date[:8]), region), service), 'aws4_request')
    signature = hmac.new(key, to_sign.encode('utf-8'), hashlib.sha256).hexdigest()
    all_headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (
        access_key, scope, ';'.join(names), signature)
    return all_headers


def imds(path):
    token = urllib.request.urlopen(urllib.request.Request(
        IMDS + '/latest/api/token', method='PUT',
        headers={'X-aws-ec2-metadata-token-ttl-seconds': '300'}), timeout=2).read().decode()
    return urllib.request.urlopen(urllib.request.Request(
        IMDS + '/latest/meta-data/' + path, headers={'X-aws-ec2-metadata-token': token}), timeout=2).read().decode()


_credentials = {}


def credentials():
    # Refreshed five minutes before they expire; IMDS rotates them well before that.
    expires = _credentials.get('Expiration')
    if not expires or datetime.datetime.strptime(expires, '%Y-%m-%dT%H:%M:%SZ') - datetime.timedelta(minutes=5) < datetime.datetime.utcnow():
        role = imds('iam/security-credentials/').splitlines()[0]
        _credentials.clear()
        _credentials.update(json.loads(imds('iam/security-credentials/' + role)))
    return _credentials


def sqs(action, payload):
    creds = credentials()
    body = json.dumps(payload).encode('utf-8')
    headers = {'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.' + action}
    if creds.get('Token'):
        headers['x-amz-security-token'] = creds['Token']
    amz_date = datetime.datetime.utcnow().strftime('%Y%m%dT%H%M%SZ')
    signed = sign('POST', SQS_ENDPOINT, headers, body, creds['AccessKeyId'], creds['SecretAccessKey'], REGION, 'sqs', amz_date)
    signed.pop('host')
    timeout = WAIT_SECONDS + 10 if action == 'ReceiveMessage' else 10
    with urllib.request.urlopen(urllib.request.Request(SQS_ENDPOINT, data=body, headers=signed, method='POST'), timeout=timeout) as r:
        text = r.read().decode()
    return json.loads(text) if text else {}


def terminating():
    """Whether Auto Scaling has marked this instance for termination (its lifecycle hook holds it)."""
    try:
        return imds('autoscaling/target-lifecycle-state').strip() == 'Terminated'
    except Exception:
        return False


def process(message, zone):
    """The default work: one log line. Replace with real work, idempotent (at-least-once delivery)."""
    try:
        body = json.loads(message.get('Body', ''))
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get('simulateFailure'):
        raise RuntimeError('simulated failure')
    log('processed', messageId=message.get('MessageId'), zone=zone)


def main():
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        zone = imds('placement/availability-zone')
    except Exception:
        zone = 'unknown'
    failures = 0
    while not stopping and not terminating():
        try:
            received = sqs('ReceiveMessage', {
                'QueueUrl': QUEUE_URL, 'MaxNumberOfMessages': 10, 'WaitTimeSeconds': WAIT_SECONDS}).get('Messages', [])
            failures = 0
        except Exception as error:
            # SQS or the network failing: back off (capped) rather than spin, and keep trying.
            failures += 1
            log('receive failed', error=str(error))
            time.sleep(min(30, 2 ** failures))
            continue
        for index, message in enumerate(received):
            if stopping:
                for unstarted in received[index:]:
                    sqs('ChangeMessageVisibility', {
                        'QueueUrl': QUEUE_URL, 'ReceiptHandle': unstarted['ReceiptHandle'], 'VisibilityTimeout': 0})
                log('released unstarted messages', count=len(received) - index)
                break
            started = time.monotonic()
            try:
                process(message, zone)
            except Exception as error:
                log('processing failed; the message returns after its visibility timeout', messageId=message.get('MessageId'), error=str(error))
                continue
            if time.monotonic() - started > PROCESSING_TIMEOUT:
                # Past the declared timeout the message may already be with another worker; deleting is still right (idempotent work).
                log('processing overran its timeout', messageId=message.get('MessageId'))
            sqs('DeleteMessage', {'QueueUrl': QUEUE_URL, 'ReceiptHandle': message['ReceiptHandle']})
    log('drained')
    return 0


if __name__ == '__main__':
    sys.exit(main())
`;
}

/** What the default worker is told about its queue. */
export interface WorkerWorkloadOptions {
  /** Short name for the service and its logs. */
  readonly serviceName: string;
  /** The queue's URL (a token is fine: user data is joined at deploy time). */
  readonly queueUrl: string;
  /** The region of the queue. */
  readonly region: string;
  /** The consumer's processing timeout per message, in seconds (the queue's declaration). */
  readonly processingTimeoutSeconds: number;
}

/**
 * User data for the default worker: {@link workerScript} run by systemd, restarted if it fails.
 * systemd stops it with SIGTERM and waits for one long poll, one message and a margin before it
 * kills it, so that the drain always completes.
 */
export function defaultWorkerUserData(options: WorkerWorkloadOptions): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  const stopTimeout = RECEIVE_WAIT_SECONDS + options.processingTimeoutSeconds + 10;
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/ha-worker',
    `cat > /opt/ha-worker/worker.py <<'PYEOF'\n${workerScript()}PYEOF`,
    `cat > /etc/ha-worker.env <<ENVEOF
QUEUE_URL=${options.queueUrl}
AWS_REGION=${options.region}
PROCESSING_TIMEOUT_SECONDS=${options.processingTimeoutSeconds}
ENVEOF`,
    `cat > /etc/systemd/system/ha-worker.service <<'UNITEOF'
[Unit]
Description=cdk-ha-blueprint default worker (${options.serviceName})
After=network-online.target
Wants=network-online.target

[Service]
EnvironmentFile=/etc/ha-worker.env
ExecStart=/usr/bin/python3 /opt/ha-worker/worker.py
Restart=on-failure
RestartSec=2
KillSignal=SIGTERM
TimeoutStopSec=${stopTimeout}
DynamicUser=yes

[Install]
WantedBy=multi-user.target
UNITEOF`,
    'systemctl daemon-reload',
    'systemctl enable --now ha-worker.service',
  );
  return userData;
}
