/**
 * The rotation function of an HaCache's AUTH token, in Python 3 with boto3 (both in every Lambda
 * Python runtime), inlined into the template (docs/adr/0054): Secrets Manager's four steps mapped
 * onto ElastiCache's two-step token change.
 *
 * - createSecret: a new 64-character alphanumeric token in the AWSPENDING version.
 * - setSecret: `ModifyReplicationGroup` with `AuthTokenUpdateStrategy=ROTATE`: "After the
 *   modification is complete, the cluster will support the previous AUTH token in addition to
 *   the one specified"; on a group that already has two tokens "the oldest AUTH token will also
 *   be removed" (ElastiCache User Guide, "Modifying the AUTH token on an existing cluster", read
 *   2026-11-29). So the current token must still be accepted before a ROTATE, or the ROTATE
 *   could drop the one clients hold.
 * - testSecret: AUTH then PING with the pending token over TLS (RESP, the standard library's
 *   `ssl` and `socket`), on every node endpoint the group reports.
 * - finishSecret: AWSCURRENT moves to the new version, then `SET`, which "can only be used" on a
 *   group with two tokens and must name "the last AUTH token rotated" (same page); afterwards the
 *   previous token is refused everywhere, which the step verifies.
 *
 * A group that is not `available` refuses modification (`InvalidReplicationGroupStateFault`,
 * ElastiCache API Reference, ModifyReplicationGroup, read 2026-11-29) and AWS publishes no
 * duration for a token change, so each step waits for `available` while the invocation has time
 * left (a margin before the Lambda timeout) and otherwise raises: "If rotation fails, Secrets
 * Manager retries the entire rotation process multiple times" (Secrets Manager API Reference,
 * DescribeSecret, read 2026-11-29). Every step is idempotent: a retry finds its work done by
 * looking (the pending version exists; the pending token already authenticates; the previous
 * token is already refused) instead of redoing it.
 *
 * The handler takes its clients and its connection function as parameters (`Rotation`), so that
 * the tests run it under python3 against fakes of Secrets Manager, ElastiCache and a TLS server.
 * Tokens are never logged.
 */
export function cacheTokenRotationCode(): string {
  return String.raw`"""Rotates the AUTH token of an ElastiCache replication group (see cache-token-rotation-code.ts)."""
import json
import os
import secrets
import socket
import ssl
import string
import time

ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 64
# Seconds kept back from the Lambda timeout, and between two looks at a modifying group.
MARGIN_SECONDS = 30
POLL_SECONDS = 15


def log(message, **fields):
    print(json.dumps(dict(message=message, **fields), default=str), flush=True)


class GroupBusy(Exception):
    """The group did not become available while this invocation had time; Secrets Manager retries."""


class TokenRefused(Exception):
    """A token the group should accept was refused, or one it should refuse was accepted."""


class UnexpectedReply(Exception):
    """The server answered something other than RESP's OK, PONG or a refused password."""


def _command(*args):
    parts = [b'*%d\r\n' % len(args)]
    for arg in args:
        data = arg.encode('utf-8')
        parts.append(b'$%d\r\n%s\r\n' % (len(data), data))
    return b''.join(parts)


def _read_line(conn):
    data = b''
    while not data.endswith(b'\r\n'):
        chunk = conn.recv(1)
        if not chunk:
            raise UnexpectedReply('connection closed after %d bytes' % len(data))
        data += chunk
        if len(data) > 4096:
            raise UnexpectedReply('reply longer than 4096 bytes')
    return data[:-2].decode('utf-8', 'replace')


def authenticates(host, port, token, use_tls=True, ca_file=None, timeout=5):
    """True if the server accepts the token (AUTH answers +OK, then PING answers +PONG); False if it
    refuses it (WRONGPASS, invalid password). Anything else raises (unreachable, TLS failure, an
    unexpected reply), so that a network fault is never taken for a refused token."""
    raw = socket.create_connection((host, port), timeout=timeout)
    conn = raw
    try:
        if use_tls:
            context = ssl.create_default_context(cafile=ca_file)
            conn = context.wrap_socket(raw, server_hostname=host)
        conn.sendall(_command('AUTH', token))
        reply = _read_line(conn)
        if reply.startswith('-WRONGPASS') or 'invalid password' in reply.lower():
            return False
        if reply != '+OK':
            raise UnexpectedReply('AUTH answered %r' % reply[:80])
        conn.sendall(_command('PING'))
        reply = _read_line(conn)
        if reply != '+PONG':
            raise UnexpectedReply('PING answered %r' % reply[:80])
        return True
    finally:
        conn.close()


def endpoints(group):
    """Every node endpoint the group reports: the primary (or configuration) endpoint first, then
    each member's read endpoint, so that a token is tested on every node clients may reach."""
    found = []
    primary = group.get('ConfigurationEndpoint') or group['NodeGroups'][0]['PrimaryEndpoint']
    found.append((primary['Address'], int(primary['Port'])))
    for node_group in group.get('NodeGroups', []):
        for member in node_group.get('NodeGroupMembers', []):
            endpoint = member.get('ReadEndpoint')
            if endpoint and (endpoint['Address'], int(endpoint['Port'])) not in found:
                found.append((endpoint['Address'], int(endpoint['Port'])))
    return found


class Rotation:
    def __init__(self, secrets_manager, elasticache, group_id, remaining_seconds, connect=authenticates,
                 sleep=time.sleep, poll_seconds=POLL_SECONDS, margin_seconds=MARGIN_SECONDS):
        self.sm = secrets_manager
        self.ec = elasticache
        self.group_id = group_id
        self.remaining_seconds = remaining_seconds
        self.connect = connect
        self.sleep = sleep
        self.poll_seconds = poll_seconds
        self.margin_seconds = margin_seconds

    def run(self, event):
        arn, version, step = event['SecretId'], event['ClientRequestToken'], event['Step']
        metadata = self.sm.describe_secret(SecretId=arn)
        if not metadata.get('RotationEnabled'):
            raise ValueError('secret %s is not enabled for rotation' % arn)
        stages = metadata.get('VersionIdsToStages', {})
        if version not in stages:
            raise ValueError('secret %s has no version %s to rotate to' % (arn, version))
        if 'AWSCURRENT' in stages[version] and step != 'finishSecret':
            log('version is already AWSCURRENT; nothing to do', step=step, version=version)
            return
        if 'AWSPENDING' not in stages[version] and 'AWSCURRENT' not in stages[version]:
            raise ValueError('version %s of secret %s is not AWSPENDING' % (version, arn))
        steps = {
            'createSecret': self.create_secret,
            'setSecret': self.set_secret,
            'testSecret': self.test_secret,
            'finishSecret': self.finish_secret,
        }
        if step not in steps:
            raise ValueError('unknown step %r' % step)
        log('step starts', step=step, version=version, group=self.group_id)
        steps[step](arn, version, stages)
        log('step done', step=step, version=version, group=self.group_id)

    # Secrets Manager

    def _value(self, arn, version=None, stage=None):
        kwargs = {'SecretId': arn}
        if version:
            kwargs['VersionId'] = version
        if stage:
            kwargs['VersionStage'] = stage
        return self.sm.get_secret_value(**kwargs)['SecretString']

    def create_secret(self, arn, version, stages):
        self._value(arn, stage='AWSCURRENT')
        try:
            self._value(arn, version, 'AWSPENDING')
            log('pending version already holds a token', version=version)
            return
        except self.sm.exceptions.ResourceNotFoundException:
            pass
        token = ''.join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))
        self.sm.put_secret_value(SecretId=arn, ClientRequestToken=version, SecretString=token,
                                 VersionStages=['AWSPENDING'])

    def set_secret(self, arn, version, stages):
        pending = self._value(arn, version, 'AWSPENDING')
        group = self._wait_available('ROTATE')
        primary = endpoints(group)[0]
        if self.connect(primary[0], primary[1], pending):
            log('pending token already accepted: an earlier run rotated it', version=version)
            return
        if not self.connect(primary[0], primary[1], self._value(arn, stage='AWSCURRENT')):
            # A ROTATE now could drop the token clients hold (the oldest of two goes).
            raise TokenRefused('the group refuses the AWSCURRENT token; not rotating until it is repaired')
        self._modify(pending, 'ROTATE')
        self._wait_available('ROTATE to finish')

    def test_secret(self, arn, version, stages):
        pending = self._value(arn, version, 'AWSPENDING')
        group = self._wait_available('the test')
        for host, port in endpoints(group):
            if not self.connect(host, port, pending):
                raise TokenRefused('%s:%d refuses the pending token' % (host, port))

    def finish_secret(self, arn, version, stages):
        current = next((v for v, s in stages.items() if 'AWSCURRENT' in s), None)
        if current != version:
            previous = self._value(arn, current) if current else None
            self.sm.update_secret_version_stage(SecretId=arn, VersionStage='AWSCURRENT',
                                                MoveToVersionId=version, RemoveFromVersionId=current)
            log('AWSCURRENT moved', version=version, previous_version=current)
        else:
            before = next((v for v, s in stages.items() if 'AWSPREVIOUS' in s), None)
            previous = self._value(arn, before) if before else None
        token = self._value(arn, version)
        group = self._wait_available('SET')
        if previous is None or not self._accepted_anywhere(group, previous):
            log('previous token already refused: nothing to SET', version=version)
            return
        self._modify(token, 'SET')
        group = self._wait_available('SET to finish')
        if self._accepted_anywhere(group, previous):
            raise TokenRefused('the previous token is still accepted after SET')

    # ElastiCache

    def _accepted_anywhere(self, group, token):
        return any(self.connect(host, port, token) for host, port in endpoints(group))

    def _describe(self):
        return self.ec.describe_replication_groups(ReplicationGroupId=self.group_id)['ReplicationGroups'][0]

    def _wait_available(self, purpose):
        while True:
            group = self._describe()
            pending = (group.get('PendingModifiedValues') or {}).get('AuthTokenStatus')
            if group['Status'] == 'available' and not pending:
                return group
            if self.remaining_seconds() < self.poll_seconds + self.margin_seconds:
                raise GroupBusy('group %s is %s%s; %s waits for available, Secrets Manager retries the rotation'
                                % (self.group_id, group['Status'], ' (token %s)' % pending if pending else '', purpose))
            log('waiting for the group', status=group['Status'], token_status=pending, purpose=purpose)
            self.sleep(self.poll_seconds)

    def _modify(self, token, strategy):
        while True:
            try:
                self.ec.modify_replication_group(ReplicationGroupId=self.group_id, AuthToken=token,
                                                 AuthTokenUpdateStrategy=strategy, ApplyImmediately=True)
                log('token change requested', strategy=strategy, group=self.group_id)
                return
            except self.ec.exceptions.InvalidReplicationGroupStateFault:
                # Another change (maintenance, scaling) started after the group looked available.
                if self.remaining_seconds() < self.poll_seconds + self.margin_seconds:
                    raise GroupBusy('group %s refused %s: not available; Secrets Manager retries the rotation'
                                    % (self.group_id, strategy))
                self.sleep(self.poll_seconds)
                self._wait_available(strategy)


def handler(event, context):
    import boto3

    rotation = Rotation(
        boto3.client('secretsmanager'),
        boto3.client('elasticache'),
        os.environ['REPLICATION_GROUP_ID'],
        lambda: context.get_remaining_time_in_millis() / 1000.0,
    )
    rotation.run(event)
`;
}
