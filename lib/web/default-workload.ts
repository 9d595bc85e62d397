import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * User data for a working default workload: a small HTTP server, run by systemd and restarted
 * if it dies, that answers `/health` and every other path with the service name and the
 * instance's AZ, so that a deploy of the default app answers over the load balancer and shows
 * the spread across AZs. Amazon Linux 2023 ships the python3 it needs.
 */
export function defaultWorkloadUserData(serviceName: string, port: number, healthPath: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  const server = `import json, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def imds(path):
    token = urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/api/token', method='PUT', headers={'X-aws-ec2-metadata-token-ttl-seconds': '300'}), timeout=2).read().decode()
    return urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/meta-data/' + path, headers={'X-aws-ec2-metadata-token': token}), timeout=2).read().decode()

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

    def log_message(self, *args):
        pass

ThreadingHTTPServer(('', ${port}), Handler).serve_forever()
`;
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/ha-app',
    `cat > /opt/ha-app/server.py <<'PYEOF'\n${server}PYEOF`,
    `cat > /etc/systemd/system/ha-app.service <<'UNITEOF'
[Unit]
Description=cdk-ha-blueprint default workload
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/bin/python3 /opt/ha-app/server.py
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
