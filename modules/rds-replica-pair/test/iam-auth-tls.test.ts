/** Apps connect with IAM tokens over TLS to a pinned CA, not with the master secret. */
import { outputs, synth } from './helpers';

describe('RdsReplicaPair client access', () => {
  test('pins the certificate authority on the writer and the replicas', () => {
    for (const instance of Object.values(synth({ readReplicas: 1 }).resource.aws_db_instance)) expect(instance.ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
    expect(Object.values(synth({ caCertIdentifier: 'rds-ca-ecc384-g1' }).resource.aws_db_instance)[0].ca_cert_identifier).toBe('rds-ca-ecc384-g1');
  });

  test('connectStatement grants rds-db:connect for one user on every instance', () => {
    const [statement] = Object.values(outputs({ readReplicas: 1 }, (pair) => ({ statement: pair.connectStatement('app_api') })));
    expect(statement).toEqual({
      actions: ['rds-db:connect'],
      resources: [
        expect.stringMatching(/^arn:\$\{data\.aws_partition\.\S+\.partition}:rds-db:\$\{data\.aws_region\.\S+\.region}:\$\{data\.aws_caller_identity\.\S+\.account_id}:dbuser:\$\{aws_db_instance\.db_writer_\w+\.resource_id}\/app_api$/),
        expect.stringMatching(/:dbuser:\$\{aws_db_instance\.db_replica-1_\w+\.resource_id}\/app_api$/),
      ],
    });
  });

  test('connectStatement refuses a name MySQL would not take', () => {
    expect(() => synth().pair.connectStatement('app-api; DROP')).toThrow(/is not a MySQL user name/);
  });
});
