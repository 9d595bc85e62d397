/**
 * A small SQS client in Python 3's standard library (Amazon Linux 2023 ships python3 but not
 * boto3), shared by the default worker and the web tier's default workload when it produces to a
 * queue: Signature Version 4 (AWS General Reference, "Create a signed AWS API request", read
 * 2026-11), the instance role's credentials from IMDSv2, and SQS's JSON protocol
 * (`X-Amz-Target: AmazonSQS.<Action>`).
 *
 * Defines `log(message, **fields)`, `sign(...)`, `imds(path)`, `credentials()` and
 * `sqs(action, payload, timeout=10)`. Environment: AWS_REGION, QUEUE_URL; SQS_ENDPOINT and
 * IMDS_ENDPOINT override the AWS endpoints (the tests point them at a local fake).
 */
export function sqsClientScript(): string {
  return `import datetime, hashlib, hmac, json, os, signal, sys, time, urllib.error, urllib.parse, urllib.request

REGION = os.environ.get('AWS_REGION', '')
QUEUE_URL = os.environ.get('QUEUE_URL', '')
SQS_ENDPOINT = os.environ.get('SQS_ENDPOINT') or 'https://sqs.%s.amazonaws.com/' % REGION
IMDS = os.environ.get('IMDS_ENDPOINT') or 'http://169.254.169.254'


def log(message, **fields):
    print(json.dumps(dict(message=message, **fields)), flush=True)


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
    global _credentials
    # Refreshed five minutes before they expire; IMDS rotates them well before that.
    expires = _credentials.get('Expiration')
    if not expires or datetime.datetime.strptime(expires, '%Y-%m-%dT%H:%M:%SZ') - datetime.timedelta(minutes=5) < datetime.datetime.utcnow():
        role = imds('iam/security-credentials/').splitlines()[0]
        # Rebound, not updated in place: the web server's threads never see a half-filled dict.
        _credentials = json.loads(imds('iam/security-credentials/' + role))
    return _credentials


def sqs(action, payload, timeout=10):
    creds = credentials()
    body = json.dumps(payload).encode('utf-8')
    headers = {'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.' + action}
    if creds.get('Token'):
        headers['x-amz-security-token'] = creds['Token']
    amz_date = datetime.datetime.utcnow().strftime('%Y%m%dT%H%M%SZ')
    signed = sign('POST', SQS_ENDPOINT, headers, body, creds['AccessKeyId'], creds['SecretAccessKey'], REGION, 'sqs', amz_date)
    signed.pop('host')
    with urllib.request.urlopen(urllib.request.Request(SQS_ENDPOINT, data=body, headers=signed, method='POST'), timeout=timeout) as r:
        text = r.read().decode()
    return json.loads(text) if text else {}
`;
}
