"""The moto patches (lq3_aws_emulator/patches.py), each through the API the provider uses."""

from __future__ import annotations

from conftest import Emulator, client


def test_security_group_rule_referencing_a_group_keeps_its_description(emulator: Emulator, staging_credentials):
    ec2 = client(emulator, "ec2", staging_credentials)
    vpc = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    alb = ec2.create_security_group(GroupName="lq3-alb", Description="alb", VpcId=vpc)["GroupId"]
    tasks = ec2.create_security_group(GroupName="lq3-tasks", Description="tasks", VpcId=vpc)["GroupId"]
    [rule] = ec2.authorize_security_group_ingress(GroupId=tasks, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
        "UserIdGroupPairs": [{"GroupId": alb, "Description": "From the load balancer only"}]}])["SecurityGroupRules"]
    [described] = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])["SecurityGroupRules"]
    assert described["Description"] == "From the load balancer only"
    assert described["ReferencedGroupInfo"]["GroupId"] == alb
    [cidr_rule] = ec2.authorize_security_group_ingress(GroupId=tasks, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "cidr rule"}]}])["SecurityGroupRules"]
    [described] = ec2.describe_security_group_rules(SecurityGroupRuleIds=[cidr_rule["SecurityGroupRuleId"]])["SecurityGroupRules"]
    assert described["Description"] == "cidr rule"


def test_ecs_create_service_keeps_grace_period_and_managed_tags(emulator: Emulator, staging_credentials):
    ecs = client(emulator, "ecs", staging_credentials)
    ecs.create_cluster(clusterName="lq3-patch")
    ecs.register_task_definition(family="lq3-patch", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster="lq3-patch", serviceName="web", taskDefinition="lq3-patch", desiredCount=1,
                       healthCheckGracePeriodSeconds=60, enableECSManagedTags=True, enableExecuteCommand=True,
                       propagateTags="SERVICE")
    [service] = ecs.describe_services(cluster="lq3-patch", services=["web"])["services"]
    assert service["healthCheckGracePeriodSeconds"] == 60
    assert service["enableECSManagedTags"] is True
    assert service["enableExecuteCommand"] is True
    assert service["propagateTags"] == "SERVICE"
    ecs.update_service(cluster="lq3-patch", service="web", healthCheckGracePeriodSeconds=90)
    [service] = ecs.describe_services(cluster="lq3-patch", services=["web"])["services"]
    assert service["healthCheckGracePeriodSeconds"] == 90


def test_rds_user_parameters_have_source_user(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    rds.create_db_parameter_group(DBParameterGroupName="lq3-patch", DBParameterGroupFamily="mysql8.0", Description="d")
    rds.modify_db_parameter_group(DBParameterGroupName="lq3-patch", Parameters=[
        {"ParameterName": "slow_query_log", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}])
    params = rds.describe_db_parameters(DBParameterGroupName="lq3-patch", Source="user")["Parameters"]
    assert [(p["ParameterName"], p["ParameterValue"], p["Source"]) for p in params] == [("slow_query_log", "1", "user")]


def test_rds_instances_have_unique_resource_ids(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    common = {"DBInstanceClass": "db.t4g.micro", "Engine": "mysql", "AllocatedStorage": 20,
              "MasterUsername": "admin", "MasterUserPassword": "password123"}
    rds.create_db_instance(DBInstanceIdentifier="lq3-patch-a", **common)
    rds.create_db_instance(DBInstanceIdentifier="lq3-patch-b", **common)
    writer_arn = rds.describe_db_instances(DBInstanceIdentifier="lq3-patch-a")["DBInstances"][0]["DBInstanceArn"]
    rds.create_db_instance_read_replica(DBInstanceIdentifier="lq3-patch-a-replica", SourceDBInstanceIdentifier=writer_arn)
    ids = {}
    for name in ("lq3-patch-a", "lq3-patch-b", "lq3-patch-a-replica"):
        ids[name] = rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]["DbiResourceId"]
    assert len(set(ids.values())) == 3, ids
    for name, resource_id in ids.items():
        found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [resource_id]}])["DBInstances"]
        assert [db["DBInstanceIdentifier"] for db in found] == [name]


def test_rds_performance_insights_and_replica_multi_az(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    key = client(emulator, "kms", staging_credentials).create_key()["KeyMetadata"]["Arn"]
    rds.create_db_instance(DBInstanceIdentifier="lq3-pi", DBInstanceClass="db.t4g.medium", Engine="mysql",
                           AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="password123",
                           MultiAZ=True, EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=key)
    [writer] = rds.describe_db_instances(DBInstanceIdentifier="lq3-pi")["DBInstances"]
    assert writer["PerformanceInsightsEnabled"] is True
    assert writer["PerformanceInsightsKMSKeyId"] == key
    assert writer["PerformanceInsightsRetentionPeriod"] == 7
    assert writer["MultiAZ"] is True
    rds.create_db_instance_read_replica(DBInstanceIdentifier="lq3-pi-replica", SourceDBInstanceIdentifier=writer["DBInstanceArn"],
                                        EnablePerformanceInsights=True, PerformanceInsightsRetentionPeriod=31)
    [replica] = rds.describe_db_instances(DBInstanceIdentifier="lq3-pi-replica")["DBInstances"]
    assert replica["MultiAZ"] is False
    assert replica["PerformanceInsightsEnabled"] is True
    assert replica["PerformanceInsightsRetentionPeriod"] == 31
    rds.modify_db_instance(DBInstanceIdentifier="lq3-pi", EnablePerformanceInsights=False, ApplyImmediately=True)
    [writer] = rds.describe_db_instances(DBInstanceIdentifier="lq3-pi")["DBInstances"]
    assert writer["PerformanceInsightsEnabled"] is False


def test_rds_restore_takes_instance_settings_from_the_request(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    rds.create_db_instance(DBInstanceIdentifier="lq3-restore-source", DBInstanceClass="db.t4g.medium", Engine="mysql",
                           AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="password123",
                           MultiAZ=True, DeletionProtection=True, EnablePerformanceInsights=True)
    rds.create_db_snapshot(DBInstanceIdentifier="lq3-restore-source", DBSnapshotIdentifier="lq3-restore-snap")
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="lq3-restore-copy", DBSnapshotIdentifier="lq3-restore-snap",
                                             MultiAZ=False, DeletionProtection=False)
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="lq3-restore-default", DBSnapshotIdentifier="lq3-restore-snap")
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="lq3-restore-asked", DBSnapshotIdentifier="lq3-restore-snap",
                                             MultiAZ=True, DeletionProtection=True)
    settings = {}
    for name in ("lq3-restore-copy", "lq3-restore-default", "lq3-restore-asked"):
        [db] = rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"]
        settings[name] = (db["MultiAZ"], db["DeletionProtection"], db["PerformanceInsightsEnabled"])
    assert settings == {
        "lq3-restore-copy": (False, False, False),
        "lq3-restore-default": (False, False, False),
        "lq3-restore-asked": (True, True, False),
    }
    rds.modify_db_instance(DBInstanceIdentifier="lq3-restore-asked", DeletionProtection=False, ApplyImmediately=True)


def test_rds_engine_lifecycle_support(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    common = {"DBInstanceClass": "db.t4g.micro", "Engine": "mysql", "AllocatedStorage": 20,
              "MasterUsername": "admin", "MasterUserPassword": "password123"}
    rds.create_db_instance(DBInstanceIdentifier="lq3-els-standard", EngineLifecycleSupport="open-source-rds-extended-support-disabled", **common)
    rds.create_db_instance(DBInstanceIdentifier="lq3-els-default", **common)
    source_arn = rds.describe_db_instances(DBInstanceIdentifier="lq3-els-standard")["DBInstances"][0]["DBInstanceArn"]
    rds.create_db_instance_read_replica(DBInstanceIdentifier="lq3-els-replica", SourceDBInstanceIdentifier=source_arn)
    rds.create_db_snapshot(DBInstanceIdentifier="lq3-els-standard", DBSnapshotIdentifier="lq3-els-snap")
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="lq3-els-restored", DBSnapshotIdentifier="lq3-els-snap")
    support = {name: rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0].get("EngineLifecycleSupport")
               for name in ("lq3-els-standard", "lq3-els-default", "lq3-els-replica", "lq3-els-restored")}
    assert support == {
        "lq3-els-standard": "open-source-rds-extended-support-disabled",
        "lq3-els-default": "open-source-rds-extended-support",
        "lq3-els-replica": "open-source-rds-extended-support-disabled",
        "lq3-els-restored": "open-source-rds-extended-support",
    }


def test_rds_snapshot_copy_reports_its_source(emulator: Emulator, staging_credentials):
    rds = client(emulator, "rds", staging_credentials)
    rds.create_db_instance(DBInstanceIdentifier="lq3-copy-source", DBInstanceClass="db.t4g.micro", Engine="mysql",
                           AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="password123")
    snapshot = rds.create_db_snapshot(DBInstanceIdentifier="lq3-copy-source", DBSnapshotIdentifier="lq3-copy-snap")["DBSnapshot"]
    rds.copy_db_snapshot(SourceDBSnapshotIdentifier=snapshot["DBSnapshotArn"], TargetDBSnapshotIdentifier="lq3-copy-by-arn")
    rds.copy_db_snapshot(SourceDBSnapshotIdentifier="lq3-copy-snap", TargetDBSnapshotIdentifier="lq3-copy-by-name")
    reported = {name: rds.describe_db_snapshots(DBSnapshotIdentifier=name)["DBSnapshots"][0].get("SourceDBSnapshotIdentifier")
                for name in ("lq3-copy-by-arn", "lq3-copy-by-name", "lq3-copy-snap")}
    assert reported == {"lq3-copy-by-arn": snapshot["DBSnapshotArn"], "lq3-copy-by-name": snapshot["DBSnapshotArn"], "lq3-copy-snap": None}


def test_appautoscaling_tags(emulator: Emulator, staging_credentials):
    ecs = client(emulator, "ecs", staging_credentials)
    ecs.create_cluster(clusterName="lq3-scaling")
    ecs.register_task_definition(family="lq3-scaling", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}])
    ecs.create_service(cluster="lq3-scaling", serviceName="web", taskDefinition="lq3-scaling", desiredCount=1)
    aas = client(emulator, "application-autoscaling", staging_credentials)
    arn = aas.register_scalable_target(ServiceNamespace="ecs", ResourceId="service/lq3-scaling/web",
                                       ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=3,
                                       Tags={"Environment": "production01"})["ScalableTargetARN"]
    assert aas.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Environment": "production01"}
    aas.tag_resource(ResourceARN=arn, Tags={"Owner": "platform-team"})
    aas.untag_resource(ResourceARN=arn, TagKeys=["Environment"])
    assert aas.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"Owner": "platform-team"}


def test_unimplemented_action_fails_fast_with_501(emulator: Emulator, staging_credentials):
    from botocore.exceptions import ClientError
    import pytest

    aas = client(emulator, "application-autoscaling", staging_credentials)
    with pytest.raises(ClientError) as error:
        aas.describe_scaling_activities(ServiceNamespace="ecs")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert error.value.response["Error"]["Code"] == "NotImplemented"


def ca_pem(common_name: str) -> bytes:
    """A self-signed CA certificate (PEM), like the CA bundle a trust store is made of."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM)


def _alb(emulator: Emulator, credentials, name: str) -> tuple[str, str]:
    """A VPC with two subnets and an application load balancer in it; returns (lb arn, certificate arn)."""
    ec2 = client(emulator, "ec2", credentials)
    vpc = ec2.create_vpc(CidrBlock="10.98.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.98.{i}.0/24", AvailabilityZone=f"eu-central-1{az}")["Subnet"]["SubnetId"]
               for i, az in enumerate("ab")]
    lb = client(emulator, "elbv2", credentials).create_load_balancer(Name=name, Subnets=subnets, Type="application",
                                                                      Scheme="internet-facing")["LoadBalancers"][0]["LoadBalancerArn"]
    certificate = client(emulator, "acm", credentials).request_certificate(DomainName=f"{name}.lq3.example",
                                                                          ValidationMethod="DNS")["CertificateArn"]
    return lb, certificate


def test_elbv2_trust_store_reads_its_ca_bundle_from_s3(emulator: Emulator, staging_credentials):
    import pytest
    from botocore.exceptions import ClientError

    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})
    s3.create_bucket(Bucket="lq3-patch-trust", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    s3.put_bucket_versioning(Bucket="lq3-patch-trust", VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket="lq3-patch-trust", Key="ca.pem", Body=ca_pem("lq3 root 1"))["VersionId"]
    second = s3.put_object(Bucket="lq3-patch-trust", Key="ca.pem", Body=ca_pem("lq3 root 1") + ca_pem("lq3 root 2"))["VersionId"]
    s3.put_object(Bucket="lq3-patch-trust", Key="not-pem.txt", Body=b"hello")
    elbv2 = client(emulator, "elbv2", staging_credentials)

    def error(**kwargs: str) -> str:
        with pytest.raises(ClientError) as raised:
            elbv2.create_trust_store(**{"Name": "lq3-patch-bad", "CaCertificatesBundleS3Bucket": "lq3-patch-trust", **kwargs})
        return raised.value.response["Error"]["Code"]

    assert error(CaCertificatesBundleS3Key="missing.pem") == "CaCertificatesBundleNotFound"
    assert error(CaCertificatesBundleS3Bucket="lq3-patch-no-such-bucket", CaCertificatesBundleS3Key="ca.pem") == "CaCertificatesBundleNotFound"
    assert error(CaCertificatesBundleS3Key="ca.pem", CaCertificatesBundleS3ObjectVersion="nosuchversion") == "CaCertificatesBundleNotFound"
    assert error(CaCertificatesBundleS3Key="not-pem.txt") == "InvalidCaCertificatesBundle"

    [store] = elbv2.create_trust_store(Name="lq3-patch", CaCertificatesBundleS3Bucket="lq3-patch-trust", CaCertificatesBundleS3Key="ca.pem",
                                       CaCertificatesBundleS3ObjectVersion=first, Tags=[{"Key": "Environment", "Value": "staging01"}])["TrustStores"]
    arn = store["TrustStoreArn"]
    assert arn.startswith("arn:aws:elasticloadbalancing:eu-central-1:111111111111:truststore/lq3-patch/")
    assert (store["Name"], store["Status"], store["NumberOfCaCertificates"], store["TotalRevokedEntries"]) == ("lq3-patch", "ACTIVE", 1, 0)
    assert error(Name="lq3-patch", CaCertificatesBundleS3Key="ca.pem") == "DuplicateTrustStoreName"
    assert elbv2.describe_trust_stores(TrustStoreArns=[arn])["TrustStores"] == [store]
    assert elbv2.describe_trust_stores(Names=["lq3-patch"])["TrustStores"] == [store]
    with pytest.raises(ClientError) as raised:
        elbv2.describe_trust_stores(TrustStoreArns=[arn + "0"])
    assert raised.value.response["Error"]["Code"] == "TrustStoreNotFound"

    [modified] = elbv2.modify_trust_store(TrustStoreArn=arn, CaCertificatesBundleS3Bucket="lq3-patch-trust", CaCertificatesBundleS3Key="ca.pem",
                                          CaCertificatesBundleS3ObjectVersion=second)["TrustStores"]
    assert modified["NumberOfCaCertificates"] == 2
    location = elbv2.get_trust_store_ca_certificates_bundle(TrustStoreArn=arn)["Location"]
    assert location.endswith(f"/lq3-patch-trust/ca.pem?versionId={second}")
    assert elbv2.describe_trust_store_revocations(TrustStoreArn=arn)["TrustStoreRevocations"] == []

    [tags] = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"]
    assert tags["Tags"] == [{"Key": "Environment", "Value": "staging01"}]
    elbv2.add_tags(ResourceArns=[arn], Tags=[{"Key": "Owner", "Value": "platform-team"}])
    elbv2.remove_tags(ResourceArns=[arn], TagKeys=["Environment"])
    [tags] = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"]
    assert tags["Tags"] == [{"Key": "Owner", "Value": "platform-team"}]

    elbv2.delete_trust_store(TrustStoreArn=arn)
    with pytest.raises(ClientError) as raised:
        elbv2.describe_trust_stores(TrustStoreArns=[arn])
    assert raised.value.response["Error"]["Code"] == "TrustStoreNotFound"


def test_elbv2_listener_mutual_authentication_and_trust_store_in_use(emulator: Emulator, staging_credentials):
    import pytest
    from botocore.exceptions import ClientError

    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})
    s3.create_bucket(Bucket="lq3-patch-mtls", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    s3.put_object(Bucket="lq3-patch-mtls", Key="ca.pem", Body=ca_pem("lq3 origin pull"))
    elbv2 = client(emulator, "elbv2", staging_credentials)
    store = elbv2.create_trust_store(Name="lq3-patch-mtls", CaCertificatesBundleS3Bucket="lq3-patch-mtls",
                                     CaCertificatesBundleS3Key="ca.pem")["TrustStores"][0]["TrustStoreArn"]
    lb, certificate = _alb(emulator, staging_credentials, "lq3-patch-mtls")
    forbidden = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain", "MessageBody": "Forbidden"}}]
    verify = {"Mode": "verify", "TrustStoreArn": store, "IgnoreClientCertificateExpiry": False, "AdvertiseTrustStoreCaNames": "off"}

    with pytest.raises(ClientError) as raised:
        elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": certificate}],
                              DefaultActions=forbidden, MutualAuthentication={**verify, "TrustStoreArn": store + "0"})
    assert raised.value.response["Error"]["Code"] == "TrustStoreNotFound"
    with pytest.raises(ClientError) as raised:
        elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forbidden, MutualAuthentication=verify)
    assert raised.value.response["Error"]["Code"] == "ValidationError"

    [listener] = elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": certificate}],
                                       SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", DefaultActions=forbidden,
                                       MutualAuthentication={"Mode": "verify", "TrustStoreArn": store})["Listeners"]
    expected = {**verify, "TrustStoreAssociationStatus": "active"}
    assert listener["MutualAuthentication"] == expected
    [described] = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"]
    assert described["MutualAuthentication"] == expected
    assert elbv2.describe_trust_store_associations(TrustStoreArn=store)["TrustStoreAssociations"] == [{"ResourceArn": lb}]

    with pytest.raises(ClientError) as raised:
        elbv2.delete_trust_store(TrustStoreArn=store)
    assert raised.value.response["Error"]["Code"] == "TrustStoreInUse"
    assert "is currently in use by a listener" in raised.value.response["Error"]["Message"]

    # ModifyListener without MutualAuthentication keeps it; with it, replaces it.
    elbv2.modify_listener(ListenerArn=listener["ListenerArn"], SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06")
    [described] = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"]
    assert described["MutualAuthentication"] == expected
    elbv2.modify_listener(ListenerArn=listener["ListenerArn"], MutualAuthentication={**verify, "IgnoreClientCertificateExpiry": True})
    [described] = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"]
    assert described["MutualAuthentication"]["IgnoreClientCertificateExpiry"] is True
    elbv2.modify_listener(ListenerArn=listener["ListenerArn"], MutualAuthentication={"Mode": "off"})
    [described] = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"]
    assert described["MutualAuthentication"] == {"Mode": "off"}
    assert elbv2.describe_trust_store_associations(TrustStoreArn=store)["TrustStoreAssociations"] == []
    elbv2.delete_trust_store(TrustStoreArn=store)


def test_backup_selections_vault_notifications_and_plan_names(emulator: Emulator, staging_credentials):
    import pytest
    from botocore.exceptions import ClientError

    backup = client(emulator, "backup", staging_credentials)
    topic = client(emulator, "sns", staging_credentials).create_topic(Name="lq3-patch-backup")["TopicArn"]
    backup.create_backup_vault(BackupVaultName="lq3-patch-vault")
    rule = {"RuleName": "daily", "TargetBackupVaultName": "lq3-patch-vault", "ScheduleExpression": "cron(0 3 * * ? *)",
            "Lifecycle": {"DeleteAfterDays": 7}}
    plan = backup.create_backup_plan(BackupPlan={"BackupPlanName": "lq3-patch-daily", "Rules": [rule]})["BackupPlanId"]
    selection = {"SelectionName": "lq3-patch-resources", "IamRoleArn": "arn:aws:iam::111111111111:role/lq3-backup",
                 "Resources": ["arn:aws:rds:eu-central-1:111111111111:db:lq3-patch", "arn:aws:s3:::lq3-patch-exports"]}
    created = backup.create_backup_selection(BackupPlanId=plan, BackupSelection=selection)
    got = backup.get_backup_selection(BackupPlanId=plan, SelectionId=created["SelectionId"])
    assert got["BackupSelection"]["Resources"] == selection["Resources"]
    assert (got["BackupSelection"]["IamRoleArn"], got["BackupPlanId"]) == (selection["IamRoleArn"], plan)
    with pytest.raises(ClientError) as raised:
        backup.create_backup_selection(BackupPlanId=plan, BackupSelection={**selection, "IamRoleArn": "lq3-backup"})
    assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"

    with pytest.raises(ClientError) as raised:
        backup.delete_backup_plan(BackupPlanId=plan)
    assert "Related backup plan selections must be deleted" in raised.value.response["Error"]["Message"]
    backup.delete_backup_selection(BackupPlanId=plan, SelectionId=created["SelectionId"])
    with pytest.raises(ClientError) as raised:
        backup.get_backup_selection(BackupPlanId=plan, SelectionId=created["SelectionId"])
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    backup.delete_backup_plan(BackupPlanId=plan)
    again = backup.create_backup_plan(BackupPlan={"BackupPlanName": "lq3-patch-daily", "Rules": [rule]})["BackupPlanId"]
    assert again != plan

    with pytest.raises(ClientError) as raised:
        backup.get_backup_vault_notifications(BackupVaultName="lq3-patch-vault")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    events = ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"]
    backup.put_backup_vault_notifications(BackupVaultName="lq3-patch-vault", SNSTopicArn=topic, BackupVaultEvents=events)
    got = backup.get_backup_vault_notifications(BackupVaultName="lq3-patch-vault")
    assert (got["SNSTopicArn"], got["BackupVaultEvents"], got["BackupVaultName"]) == (topic, events, "lq3-patch-vault")
    backup.delete_backup_vault_notifications(BackupVaultName="lq3-patch-vault")
    with pytest.raises(ClientError) as raised:
        backup.get_backup_vault_notifications(BackupVaultName="lq3-patch-vault")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as raised:
        backup.put_backup_vault_notifications(BackupVaultName="lq3-no-such-vault", SNSTopicArn=topic, BackupVaultEvents=events)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_backup_tags_read_without_trailing_slash(emulator: Emulator, staging_credentials):
    """aws-sdk-go-v2 asks for GET /tags/{arn}; botocore for /tags/{arn}/."""
    import json
    from urllib.parse import quote

    from signed import signed_request

    backup = client(emulator, "backup", staging_credentials)
    vault = backup.create_backup_vault(BackupVaultName="lq3-patch-tags", BackupVaultTags={"Project": "LQ3"})["BackupVaultArn"]
    assert backup.list_tags(ResourceArn=vault)["Tags"] == {"Project": "LQ3"}
    status, _, body = signed_request(f"{emulator.url}/tags/{quote(vault, safe='')}", service="backup", region="eu-central-1",
                                     method="GET", credentials=staging_credentials)
    assert (status, json.loads(body)["Tags"]) == (200, {"Project": "LQ3"})


def test_s3_bucket_policy_sees_secure_transport(emulator: Emulator, staging_credentials):
    import json

    import pytest
    from botocore.exceptions import ClientError

    s3 = client(emulator, "s3", staging_credentials, s3={"addressing_style": "path"})

    def bucket_with_policy(name: str, secure_transport: str) -> None:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyByTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": secure_transport}}}]}))

    bucket_with_policy("lq3-patch-deny-insecure", "false")  # what our buckets have: allowed over TLS
    s3.put_object(Bucket="lq3-patch-deny-insecure", Key="ca.pem", Body=b"pem")
    assert s3.get_object(Bucket="lq3-patch-deny-insecure", Key="ca.pem")["Body"].read() == b"pem"
    bucket_with_policy("lq3-patch-deny-secure", "true")  # the condition is still evaluated
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="lq3-patch-deny-secure", Key="ca.pem", Body=b"pem")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
