/** A resource policy refusing every request not made over TLS. */
export function denyInsecureTransportPolicy(service: 's3' | 'sqs', resources: string | string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: `${service}:*`,
        Resource: resources,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}
