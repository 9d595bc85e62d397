import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { sqsClientScript } from '../private/sqs-client-script';

/** Seconds a receive long-polls; the SQS maximum, so an idle worker makes 3 calls a minute. */
export const RECEIVE_WAIT_SECONDS = 20;

/**
 * The consumer the default worker runs: {@link sqsClientScript} (Python 3 standard library only)
 * and a receive loop.
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
  return `${sqsClientScript()}

PROCESSING_TIMEOUT = int(os.environ.get('PROCESSING_TIMEOUT_SECONDS', '30'))
WAIT_SECONDS = int(os.environ.get('RECEIVE_WAIT_SECONDS', '${RECEIVE_WAIT_SECONDS}'))

stopping = False


def request_stop(signum, frame):
    global stopping
    stopping = True
    log('stop requested', signal=signum)


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
                'QueueUrl': QUEUE_URL, 'MaxNumberOfMessages': 10, 'WaitTimeSeconds': WAIT_SECONDS},
                timeout=WAIT_SECONDS + 10).get('Messages', [])
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
