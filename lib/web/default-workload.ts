import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { sqsClientScript } from '../private/sqs-client-script';

/** A queue the default workload sends to: `POST /orders` becomes one message. */
export interface DefaultWorkloadProducer {
  /** The queue's URL (a token is fine: user data is joined at deploy time). */
  readonly queueUrl: string;
  /** The queue's region. */
  readonly region: string;
}

/** The path whose POSTs the default workload sends to the queue. */
export const PRODUCER_PATH = '/orders';

const IMDS_FUNCTION = `def imds(path):
    token = urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/api/token', method='PUT', headers={'X-aws-ec2-metadata-token-ttl-seconds': '300'}), timeout=2).read().decode()
    return urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/meta-data/' + path, headers={'X-aws-ec2-metadata-token': token}), timeout=2).read().decode()
`;

/**
 * POST /orders: the body goes to the queue as one message, answered 202 with the message ID once
 * SQS has stored it (redundantly across AZs), or 503 when it could not be sent, so that the
 * caller retries instead of believing the order was taken.
 */
const PRODUCER_HANDLER = `
    def do_POST(self):
        if self.path != ${JSON.stringify(PRODUCER_PATH)}:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0)).decode('utf-8', 'replace')
        try:
            sent = sqs('SendMessage', {'QueueUrl': QUEUE_URL, 'MessageBody': body or '{}'})
            status, answer = 202, {'messageId': sent.get('MessageId'), 'zone': ZONE}
        except Exception as error:
            log('send failed', error=str(error))
            status, answer = 503, {'error': 'the order could not be queued; retry'}
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
`;

/** The default HTTP server; with a producer it also sends `POST /orders` to the queue. */
export function defaultWorkloadServer(serviceName: string, port: number, healthPath: string, producer?: DefaultWorkloadProducer): string {
  // Without a producer the script is exactly the one every deployed default service runs.
  const header = producer
    ? `${sqsClientScript()}
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

`
    : `import json, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

${IMDS_FUNCTION}`;
  return `${header}
ZONE = imds('placement/availability-zone')
INSTANCE = imds('instance-id')

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        healthy = self.path == ${JSON.stringify(healthPath)}
        body = b'ok' if healthy else json.dumps({'service': ${JSON.stringify(serviceName)}, 'zone': ZONE, 'instance': INSTANCE, 'path': self.path}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain' if healthy else 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
${producer ? PRODUCER_HANDLER : ''}
    def log_message(self, *args):
        pass

ThreadingHTTPServer(('', ${port}), Handler).serve_forever()
`;
}

/**
 * User data for a working default workload: a small HTTP server, run by systemd and restarted
 * if it dies, that answers `/health` and every other path with the service name and the
 * instance's AZ, so that a deploy of the default app answers over the load balancer and shows
 * the spread across AZs. Amazon Linux 2023 ships the python3 it needs.
 *
 * With `producer`, `POST /orders` sends its body to the queue (the role needs `grantSend`).
 */
export function defaultWorkloadUserData(
  serviceName: string,
  port: number,
  healthPath: string,
  producer?: DefaultWorkloadProducer,
): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/ha-app',
    `cat > /opt/ha-app/server.py <<'PYEOF'\n${defaultWorkloadServer(serviceName, port, healthPath, producer)}PYEOF`,
    ...(producer ? [`cat > /etc/ha-app.env <<ENVEOF\nQUEUE_URL=${producer.queueUrl}\nAWS_REGION=${producer.region}\nENVEOF`] : []),
    `cat > /etc/systemd/system/ha-app.service <<'UNITEOF'
[Unit]
Description=cdk-ha-blueprint default workload
After=network-online.target
Wants=network-online.target

[Service]
${producer ? 'EnvironmentFile=/etc/ha-app.env\n' : ''}ExecStart=/usr/bin/python3 /opt/ha-app/server.py
Restart=always
RestartSec=2
DynamicUser=yes

[Install]
WantedBy=multi-user.target
UNITEOF`,
    'systemctl daemon-reload',
    'systemctl enable --now ha-app.service',
  );
  return userData;
}
