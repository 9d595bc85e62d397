"""Runs HaCache's AUTH-token rotation function (its Python source, path in argv[1]) against fakes that
behave as the AWS documentation describes, and prints what happened as JSON. Read by
test/data/cache-token-rotation.test.ts, which holds the scenarios and the assertions.

Fakes:
- Secrets Manager: versions with staging labels; the rotation starts with an empty AWSPENDING
  version (what Secrets Manager creates before createSecret); moving AWSCURRENT moves AWSPREVIOUS
  to the old current version.
- ElastiCache: ModifyReplicationGroup refuses a group that is not available
  (InvalidReplicationGroupStateFault); ROTATE adds a token and drops the oldest of two; SET is
  allowed only with two tokens and with the last token rotated; each change applies a few
  DescribeReplicationGroups later, the group `modifying` meanwhile.
- The cache: one TCP listener per node, TLS when a certificate is given, speaking enough RESP for
  AUTH and PING, accepting the tokens its node holds (a node can be made to lag).

Input (stdin): {"tls": {"cert", "key"} or null, "nodes", "clusterMode", "applyAfterPolls", "budgetSeconds",
"actions": [{"step": ...} | {"do": ...}]}.
"""
import importlib.util
import json
import socket
import ssl
import sys
import threading
import uuid

spec = importlib.util.spec_from_file_location('rotation', sys.argv[1])
rotation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rotation)

config = json.load(sys.stdin)
ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:CacheAuthToken-AbCdEf'
GROUP = 'cache-group'


class AwsError(Exception):
    pass


def error_type(name):
    return type(name, (AwsError,), {})


class Namespace:
    def __init__(self, **kinds):
        self.__dict__.update(kinds)


class FakeSecretsManager:
    exceptions = Namespace(
        ResourceNotFoundException=error_type('ResourceNotFoundException'),
        ResourceExistsException=error_type('ResourceExistsException'),
        InvalidParameterException=error_type('InvalidParameterException'),
    )

    def __init__(self, initial_token):
        self.versions = {'v0': {'value': initial_token, 'stages': {'AWSCURRENT'}}}
        self.calls = []

    def start_rotation(self):
        version = str(uuid.uuid4())
        self.versions[version] = {'value': None, 'stages': {'AWSPENDING'}}
        return version

    def describe_secret(self, SecretId):
        return {'RotationEnabled': True,
                'VersionIdsToStages': {v: sorted(d['stages']) for v, d in self.versions.items() if d['stages']}}

    def get_secret_value(self, SecretId, VersionId=None, VersionStage=None):
        self.calls.append('GetSecretValue')
        if VersionId:
            found = self.versions.get(VersionId)
            if found is None or (VersionStage and VersionStage not in found['stages']):
                raise self.exceptions.ResourceNotFoundException(VersionId)
        else:
            found = next((d for d in self.versions.values() if VersionStage in d['stages']), None)
            if found is None:
                raise self.exceptions.ResourceNotFoundException(VersionStage)
        if found['value'] is None:
            raise self.exceptions.ResourceNotFoundException('version has no value')
        return {'SecretString': found['value']}

    def put_secret_value(self, SecretId, ClientRequestToken, SecretString, VersionStages):
        self.calls.append('PutSecretValue')
        found = self.versions.setdefault(ClientRequestToken, {'value': None, 'stages': set()})
        if found['value'] is not None and found['value'] != SecretString:
            raise self.exceptions.ResourceExistsException(ClientRequestToken)
        found['value'] = SecretString
        found['stages'].update(VersionStages)

    def update_secret_version_stage(self, SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId=None):
        self.calls.append('UpdateSecretVersionStage')
        holder = next((v for v, d in self.versions.items() if VersionStage in d['stages']), None)
        if holder is not None and holder != MoveToVersionId and holder != RemoveFromVersionId:
            raise self.exceptions.InvalidParameterException('%s is on %s, not %s' % (VersionStage, holder, RemoveFromVersionId))
        if holder is not None:
            self.versions[holder]['stages'].discard(VersionStage)
        self.versions[MoveToVersionId]['stages'].add(VersionStage)
        if VersionStage == 'AWSCURRENT' and holder is not None and holder != MoveToVersionId:
            for d in self.versions.values():
                d['stages'].discard('AWSPREVIOUS')
            self.versions[holder]['stages'].add('AWSPREVIOUS')


class FakeElastiCache:
    exceptions = Namespace(
        InvalidReplicationGroupStateFault=error_type('InvalidReplicationGroupStateFault'),
        InvalidParameterValueException=error_type('InvalidParameterValueException'),
    )

    def __init__(self, initial_token, ports, apply_after_polls):
        self.tokens = [initial_token]
        self.ports = ports
        self.apply_after_polls = apply_after_polls
        self.status = 'available'
        self.change = None  # (polls left, strategy, token)
        self.busy_polls = 0
        self.lagging = set()
        self.node_tokens = {}
        self.cluster_mode = False
        self.calls = []

    def accepted(self, node):
        return self.node_tokens[node] if node in self.lagging else self.tokens

    def lag(self, node):
        self.node_tokens[node] = list(self.tokens)
        self.lagging.add(node)

    def describe_replication_groups(self, ReplicationGroupId):
        assert ReplicationGroupId == GROUP, ReplicationGroupId
        self.calls.append({'call': 'Describe', 'status': self.status})
        pending = {}
        if self.change is not None:
            left, strategy, token = self.change
            if left <= 0:
                self.tokens = (self.tokens + [token])[-2:] if strategy == 'ROTATE' else [token]
                self.change = None
                self.status = 'available'
            else:
                self.change = (left - 1, strategy, token)
                pending = {'AuthTokenStatus': 'ROTATING' if strategy == 'ROTATE' else 'SETTING'}
        elif self.busy_polls > 0:
            self.busy_polls -= 1
            self.status = 'modifying' if self.busy_polls > 0 else 'available'
        endpoint = lambda port: {'Address': 'localhost', 'Port': port}
        if self.cluster_mode:
            # Cluster mode on: a configuration endpoint; members carry no endpoint of their own.
            return {'ReplicationGroups': [{
                'ReplicationGroupId': GROUP,
                'Status': self.status,
                'PendingModifiedValues': pending,
                'ConfigurationEndpoint': endpoint(self.ports[0]),
                'NodeGroups': [{'NodeGroupId': '%04d' % (i + 1), 'NodeGroupMembers': [{'CacheClusterId': '%s-%04d-001' % (GROUP, i + 1)}]}
                               for i in range(len(self.ports))],
            }]}
        return {'ReplicationGroups': [{
            'ReplicationGroupId': GROUP,
            'Status': self.status,
            'PendingModifiedValues': pending,
            'NodeGroups': [{
                'NodeGroupId': '0001',
                'PrimaryEndpoint': endpoint(self.ports[0]),
                'NodeGroupMembers': [{'CacheClusterId': '%s-%03d' % (GROUP, i + 1), 'ReadEndpoint': endpoint(port)}
                                     for i, port in enumerate(self.ports)],
            }],
        }]}

    def modify_replication_group(self, ReplicationGroupId, AuthToken, AuthTokenUpdateStrategy, ApplyImmediately):
        record = {'call': 'Modify', 'strategy': AuthTokenUpdateStrategy, 'token': AuthToken, 'applyImmediately': ApplyImmediately}
        if self.status != 'available':
            record['refused'] = 'InvalidReplicationGroupStateFault'
            self.calls.append(record)
            raise self.exceptions.InvalidReplicationGroupStateFault('replication group %s is not available' % GROUP)
        if AuthTokenUpdateStrategy == 'SET' and (len(self.tokens) != 2 or self.tokens[-1] != AuthToken):
            record['refused'] = 'InvalidParameterValue'
            self.calls.append(record)
            raise self.exceptions.InvalidParameterValueException('SET is allowed only after ROTATE, with the last token rotated')
        self.calls.append(record)
        self.status = 'modifying'
        self.change = (self.apply_after_polls, AuthTokenUpdateStrategy, AuthToken)
        return {'ReplicationGroup': {'Status': 'modifying'}}


def read_command(stream):
    """One RESP array of bulk strings, or None at end of stream."""
    header = stream.readline()
    if not header:
        return None
    count = int(header[1:].strip())
    args = []
    for _ in range(count):
        length = int(stream.readline()[1:].strip())
        args.append(stream.read(length + 2)[:-2].decode('utf-8'))
    return args


def serve(listener, node, cache, tls):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=session, args=(conn, node, cache, tls), daemon=True).start()


def session(conn, node, cache, tls):
    try:
        if tls:
            conn = tls.wrap_socket(conn, server_side=True)
        authenticated = False
        stream = conn.makefile('rb')
        while True:
            args = read_command(stream)
            if args is None:
                return
            name = args[0].upper()
            if name == 'AUTH' and len(args) == 2:
                authenticated = args[1] in cache.accepted(node)
                conn.sendall(b'+OK\r\n' if authenticated else b'-WRONGPASS invalid username-password pair or user is disabled.\r\n')
            elif name == 'PING':
                conn.sendall(b'+PONG\r\n' if authenticated else b'-NOAUTH Authentication required.\r\n')
            else:
                conn.sendall(b'-ERR unknown command\r\n')
    except (OSError, ssl.SSLError, ValueError):
        return
    finally:
        conn.close()


def main():
    tls = None
    if config.get('tls'):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(config['tls']['cert'], config['tls']['key'])
    listeners = []
    for _ in range(config.get('nodes', 3)):
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(16)
        listeners.append(listener)
    ports = [l.getsockname()[1] for l in listeners]
    sm = FakeSecretsManager('initial-token-0123456789abcdef')
    ec = FakeElastiCache('initial-token-0123456789abcdef', ports, config.get('applyAfterPolls', 2))
    ec.cluster_mode = bool(config.get('clusterMode'))
    for node, listener in enumerate(listeners):
        threading.Thread(target=serve, args=(listener, node, ec, tls), daemon=True).start()

    clock = {'now': 0.0, 'slept': 0.0}
    budget = {'seconds': config.get('budgetSeconds', 900)}

    def sleep(seconds):
        clock['now'] += seconds
        clock['slept'] += seconds

    def connect(host, port, token):
        # Endpoints are reported as localhost; the listeners are on 127.0.0.1 (no IPv6 surprises).
        probes.append({'port': port})
        cafile = config['tls']['cert'] if config.get('tls') else None
        return rotation.authenticates(host, port, token, use_tls=bool(config.get('tls')), ca_file=cafile)

    probes = []
    subject = rotation.Rotation(sm, ec, GROUP, lambda: budget['seconds'] - clock['now'], connect=connect, sleep=sleep)
    version = None
    results = []
    for action in config['actions']:
        if 'do' in action:
            kind = action['do']
            if kind == 'startRotation':
                version = sm.start_rotation()
            elif kind == 'busy':
                ec.status = 'modifying'
                ec.busy_polls = action['polls']
            elif kind == 'idle':
                ec.status = 'available'
                ec.busy_polls = 0
            elif kind == 'outOfBandSet':
                ec.tokens = [action['token']]
            elif kind == 'lagNode':
                ec.lag(action['node'])
            elif kind == 'budget':
                budget['seconds'] = action['seconds']
            results.append({'do': kind})
            continue
        clock['now'] = 0.0  # each step is a fresh invocation with the whole budget
        event = {'SecretId': ARN, 'ClientRequestToken': action.get('version', version), 'Step': action['step']}
        try:
            subject.run(event)
            results.append({'step': action['step'], 'ok': True})
        except Exception as failure:  # the test asserts on the kind
            results.append({'step': action['step'], 'ok': False, 'error': type(failure).__name__, 'message': str(failure)})
    for listener in listeners:
        listener.close()
    accepted = {}
    for node in range(len(ports)):
        accepted[str(node)] = list(ec.accepted(node))
    print(json.dumps({
        'results': results,
        'version': version,
        'versions': {v: {'value': d['value'], 'stages': sorted(d['stages'])} for v, d in sm.versions.items()},
        'groupTokens': ec.tokens,
        'acceptedByNode': accepted,
        'modifyCalls': [c for c in ec.calls if c['call'] == 'Modify'],
        'describeCalls': len([c for c in ec.calls if c['call'] == 'Describe']),
        'slept': clock['slept'],
        'probes': len(probes),
        'probedPorts': sorted(set(p['port'] for p in probes)),
        'ports': ports,
    }))


main()
