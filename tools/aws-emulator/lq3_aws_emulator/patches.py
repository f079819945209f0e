"""Small, documented fixes to moto behaviour, applied in-process at start-up.

Each patch wraps one moto method (no file in site-packages is edited) and is listed in
README.md with the Terraform diff it removes. ``apply()`` is idempotent.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import xmltodict

log = logging.getLogger(__name__)
_applied = False


def apply() -> list[str]:
    """Apply every patch; returns their names (for the start-up log)."""
    global _applied
    patches = [
        patch_s3_create_bucket_tags,
        patch_s3_bucket_policy_secure_transport,
        patch_ec2_referenced_group_rule_description,
        patch_ecs_create_service_settings,
        patch_rds_parameter_source,
        patch_rds_unique_resource_ids,
        patch_rds_instance_settings,
        patch_rds_restore_settings,
        patch_rds_engine_lifecycle_support,
        patch_rds_snapshot_copy_source,
        patch_appautoscaling_tagging,
        patch_elbv2_trust_stores,
        patch_backup_selections_and_notifications,
        patch_not_implemented_fails_fast,
    ]
    if not _applied:
        for patch in patches:
            patch()
        _applied = True
    return [patch.__name__ for patch in patches]


def patch_s3_create_bucket_tags() -> None:
    """CreateBucket: honour ``CreateBucketConfiguration/Tags``.

    The provider tags a new bucket in CreateBucket itself (tag-on-create) and reads tags
    back through S3 Control ListTagsForResource. moto parses only LocationConstraint from
    CreateBucketConfiguration, so the tags were lost and every re-plan wanted to add them.
    After a successful create, the tags in the body are stored like PutBucketTagging does
    (moto's S3 tagger, which S3 Control and GetBucketTagging both read).
    """
    from moto.s3.responses import S3Response

    original = S3Response._bucket_response_put

    @functools.wraps(original)
    def _bucket_response_put(self: Any, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        result = original(self, request, bucket_name, querystring)
        if not querystring and self.body:
            tags = _create_bucket_tags(self.body)
            if tags:
                self.backend.put_bucket_tagging(bucket_name, tags)
        return result

    S3Response._bucket_response_put = _bucket_response_put


def _create_bucket_tags(body: Any) -> dict[str, str]:
    try:
        parsed = xmltodict.parse(body, force_list={"Tag": True})
    except Exception:
        return {}
    config = parsed.get("CreateBucketConfiguration") or {}
    tags = (config.get("Tags") or {}).get("Tag") or []
    return {t["Key"]: t.get("Value") or "" for t in tags if isinstance(t, dict) and t.get("Key")}


# The request context bucket policies are evaluated in (see patch_s3_bucket_policy_secure_transport).
REQUEST_CONTEXT = {"aws:SecureTransport": "true"}


def patch_s3_bucket_policy_secure_transport() -> None:
    """S3 bucket policies: ``Bool`` conditions, and requests count as made over TLS.

    moto's policy conditions know only ``StringEquals`` and treat any other operator as met, and
    it evaluates a bucket's policy for object requests without request context. So the usual
    ``DenyInsecureTransport`` statement (Deny ``s3:*`` when ``Bool aws:SecureTransport`` is
    "false") denied every PutObject/GetObject: aws_s3_object in such a bucket failed with 403.
    ``Bool`` is added to moto's condition operators (case-insensitive "true"/"false", as IAM),
    bucket policies are evaluated with ``aws:SecureTransport = "true"`` (the emulator speaks
    plain HTTP on loopback in place of AWS's HTTPS endpoints, which the SDKs always use), and a
    statement whose conditions do not hold is left out instead of denying.
    """
    from moto.iam import policy_conditions
    from moto.s3.models import FakeBucket

    def bool_operation(expected_value: list[str] | str, actual_value: str) -> bool:
        expected = [expected_value] if isinstance(expected_value, str) else list(expected_value)
        return str(actual_value).lower() in [str(value).lower() for value in expected]

    policy_conditions.CONDITION_OPERATIONS.setdefault("Bool", bool_operation)

    def get_permission(self: Any, action: str, resource: str) -> Any:
        import json

        from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult

        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy.decode())
        statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        # A statement whose conditions do not hold does not apply (moto's statement check answers
        # DENIED then, right for an Allow in a trust policy, wrong for a Deny in a bucket policy).
        document["Statement"] = [st for st in statements if IAMPolicyStatement(st)._check_conditions(REQUEST_CONTEXT)]
        if not document["Statement"]:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps(document)).is_action_permitted(action, resource, incoming_condition_values=REQUEST_CONTEXT)

    FakeBucket.get_permission = get_permission


def patch_ec2_referenced_group_rule_description() -> None:
    """Security group rules: report the description of rules that reference a security group.

    moto keeps a rule's description in its CIDR range, or, for a rule whose peer is another
    security group (``referenced_security_group_id``), in that group pair; its
    SecurityGroupRule.description only looked at the CIDR range, so DescribeSecurityGroupRules
    returned no Description for SG-to-SG rules and every aws_vpc_security_group_ingress_rule /
    _egress_rule with one re-planned ``+ description``.
    """
    from moto.ec2.models.security_groups import SecurityGroupRule

    original = SecurityGroupRule.description

    def description(self: Any) -> str | None:
        value = original.fget(self)
        if value is None and self.source_group:
            value = self.source_group.get("Description")
        return value

    SecurityGroupRule.description = property(description)


def patch_ecs_create_service_settings() -> None:
    """ECS CreateService: keep the settings moto's create_service does not take.

    moto's CreateService passes a fixed list of arguments to its backend and drops the rest
    (healthCheckGracePeriodSeconds, enableECSManagedTags, enableExecuteCommand,
    deploymentConfiguration, availabilityZoneRebalancing, ...), so DescribeServices returned
    defaults and aws_ecs_service re-planned them. moto's own UpdateService already stores
    every request parameter on the service object (snake_case attributes, which its
    serializer reads back); after a successful create the same is done for the parameters
    the created service does not have yet.
    """
    from moto.core.utils import camelcase_to_underscores
    from moto.ecs.responses import EC2ContainerServiceResponse

    original = EC2ContainerServiceResponse.create_service

    @functools.wraps(original)
    def create_service(self: Any) -> Any:
        result = original(self)
        service = result.result["service"] if hasattr(result, "result") else None
        if service is not None:
            for key, value in self._get_params().items():
                attribute = camelcase_to_underscores(key)
                if value is not None and not hasattr(service, attribute):
                    setattr(service, attribute, value)
        return result

    EC2ContainerServiceResponse.create_service = create_service


def patch_rds_parameter_source() -> None:
    """RDS parameter groups: parameters set through ModifyDBParameterGroup have Source "user".

    moto stores just what ModifyDBParameterGroup sent, without ``Source``. The provider
    keeps only parameters whose Source is "user" (or that the config names and AWS reports
    with another source), and skips ones without a Source, so every aws_db_parameter_group
    re-planned all of its ``parameter`` blocks. AWS reports user-modified parameters with
    Source "user"; so does moto now.
    """
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    @functools.wraps(original)
    def update_parameters(self: Any, new_parameters: Any) -> None:
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]].setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


def patch_rds_unique_resource_ids() -> None:
    """RDS DB instances: a unique DbiResourceId each (moto gives every instance the same one).

    The provider's aws_db_instance id is the DbiResourceId and it finds the instance with the
    ``dbi-resource-id`` filter. moto 5.2.5 hard-codes ``db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U``, and
    a read replica copies its source, so with two instances in one account and region (a writer
    and its replica; or two environments sharing the staging account) the lookup finds both and
    Terraform waits for the replica until it times out. Each instance, replicas included, now
    gets its own ``db-`` + 26 characters, like AWS.
    """
    from moto.rds.models import DBInstance, RDSBackend

    original_init = DBInstance.__init__
    original_replica = RDSBackend.create_db_instance_read_replica

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.dbi_resource_id = _dbi_resource_id()

    @functools.wraps(original_replica)
    def create_db_instance_read_replica(self: Any, db_kwargs: dict[str, Any]) -> Any:
        replica = original_replica(self, db_kwargs)
        replica.dbi_resource_id = _dbi_resource_id()
        return replica

    DBInstance.__init__ = __init__
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica


def _dbi_resource_id() -> str:
    import secrets
    import string

    return "db-" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(26))


def patch_rds_instance_settings() -> None:
    """RDS DB instances: keep Performance Insights settings; replicas are not Multi-AZ by default.

    moto's DBInstance ignores EnablePerformanceInsights, PerformanceInsightsKMSKeyId and
    PerformanceInsightsRetentionPeriod on create (ModifyDBInstance stored them under the
    request's own names, which DescribeDBInstances never reports), so aws_db_instance
    re-planned ``performance_insights_*``. And a read replica is a copy of its source, so
    it inherited the writer's MultiAZ = true where AWS creates a single-AZ replica unless
    asked (the provider does not send MultiAZ = false), and re-planned ``multi_az``.
    """
    from moto.rds.models import DBInstance, RDSBackend

    original_init = DBInstance.__init__
    original_replica = RDSBackend.create_db_instance_read_replica

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.enable_performance_insights = bool(kwargs.get("enable_performance_insights") or False)
        self.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
        self.performance_insights_retention_period = kwargs.get("performance_insights_retention_period")

    @functools.wraps(original_replica)
    def create_db_instance_read_replica(self: Any, db_kwargs: dict[str, Any]) -> Any:
        replica = original_replica(self, db_kwargs)
        replica.multi_az = bool(db_kwargs.get("multi_az") or False)
        for key in ("enable_performance_insights", "performance_insights_kms_key_id",
                    "performance_insights_retention_period"):
            if db_kwargs.get(key) is None:
                setattr(replica, key, False if key == "enable_performance_insights" else None)
        return replica

    def performance_insights_enabled(self: Any) -> bool:
        return bool(getattr(self, "enable_performance_insights", False))

    def performance_insights_retention_period(self: Any) -> int | None:
        value = self.__dict__.get("_pi_retention")
        if value is None and performance_insights_enabled(self):
            return 7  # AWS's default (the free tier) when Performance Insights is on
        return value

    def set_retention(self: Any, value: int | None) -> None:
        self.__dict__["_pi_retention"] = value

    DBInstance.__init__ = __init__
    DBInstance.performance_insights_enabled = property(performance_insights_enabled)
    DBInstance.performance_insights_retention_period = property(performance_insights_retention_period, set_retention)
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica


def patch_rds_restore_settings() -> None:
    """RDS RestoreDBInstanceFromDBSnapshot: instance settings come from the request, not the source.

    moto builds the restored instance from the snapshot's source instance and then applies
    only the request parameters that are truthy, so ``MultiAZ=false`` or
    ``DeletionProtection=false`` were ignored and a copy of a Multi-AZ, protected production
    database came back Multi-AZ, protected and with Performance Insights on. AWS takes
    MultiAZ and DeletionProtection from the request (default false) and starts a restored
    instance with Performance Insights off (it is neither in a snapshot nor a restore
    parameter), so aws_db_instance of a parallel env's copy re-planned all three.
    """
    from moto.rds.models import RDSBackend

    original = RDSBackend.restore_db_instance_from_db_snapshot

    @functools.wraps(original)
    def restore_db_instance_from_db_snapshot(self: Any, from_snapshot_id: str, overrides: dict[str, Any]) -> Any:
        instance = original(self, from_snapshot_id, overrides)
        instance.multi_az = bool(overrides.get("multi_az") or False)
        instance.deletion_protection = bool(overrides.get("deletion_protection") or False)
        instance.enable_performance_insights = False
        instance.performance_insights_kms_key_id = None
        instance.performance_insights_retention_period = None
        return instance

    RDSBackend.restore_db_instance_from_db_snapshot = restore_db_instance_from_db_snapshot


def patch_rds_engine_lifecycle_support() -> None:
    """RDS DB instances: keep and report ``EngineLifecycleSupport``.

    moto 5.2.5 drops it on CreateDBInstance and RestoreDBInstanceFromDBSnapshot and never
    reports it, so an aws_db_instance that sets ``engine_lifecycle_support`` (MySQL 8.0 is in
    RDS Extended Support) re-planned it from "" on every plan. AWS stores the request's value
    and, when none is given, ``open-source-rds-extended-support``, for a restore too; a read
    replica has its source's (moto copies the source object, which carries it).
    """
    from moto.rds.models import DBInstance, RDSBackend

    original_init = DBInstance.__init__
    original_restore = RDSBackend.restore_db_instance_from_db_snapshot

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.engine_lifecycle_support = kwargs.get("engine_lifecycle_support") or _DEFAULT_ENGINE_LIFECYCLE_SUPPORT

    @functools.wraps(original_restore)
    def restore_db_instance_from_db_snapshot(self: Any, from_snapshot_id: str, overrides: dict[str, Any]) -> Any:
        instance = original_restore(self, from_snapshot_id, overrides)
        instance.engine_lifecycle_support = overrides.get("engine_lifecycle_support") or _DEFAULT_ENGINE_LIFECYCLE_SUPPORT
        return instance

    DBInstance.__init__ = __init__
    RDSBackend.restore_db_instance_from_db_snapshot = restore_db_instance_from_db_snapshot


_DEFAULT_ENGINE_LIFECYCLE_SUPPORT = "open-source-rds-extended-support"


def patch_rds_snapshot_copy_source() -> None:
    """RDS CopyDBSnapshot: the copy reports the snapshot it was copied from.

    moto 5.2.5 never sets ``SourceDBSnapshotIdentifier`` on a copy, so the provider read ``""``
    into ``aws_db_snapshot_copy.source_db_snapshot_identifier`` (ForceNew) and every plan
    after the first apply replaced a parallel env's re-encrypted restore source (and its
    database's storage with it). AWS reports the source snapshot's ARN; an identifier given
    in the request is reported as the ARN too.
    """
    from moto.rds.models import RDSBackend

    original = RDSBackend.copy_db_snapshot

    @functools.wraps(original)
    def copy_db_snapshot(self: Any, source_db_snapshot_identifier: str, target_db_snapshot_identifier: str, *args: Any, **kwargs: Any) -> Any:
        copy = original(self, source_db_snapshot_identifier, target_db_snapshot_identifier, *args, **kwargs)
        source = source_db_snapshot_identifier
        if not source.startswith("arn:"):
            source = self.get_db_snapshot(source).db_snapshot_arn
        copy.source_db_snapshot_identifier = source
        return copy

    RDSBackend.copy_db_snapshot = copy_db_snapshot


def patch_appautoscaling_tagging() -> None:
    """Application Auto Scaling: TagResource, UntagResource, ListTagsForResource, tags on register.

    moto 5.2.5 implements none of them. The provider reads a scalable target's tags right
    after RegisterScalableTarget; moto answered 500 (NotImplementedError), which the SDK
    retries, so every aws_appautoscaling_target hung for minutes and then failed. Tags are
    kept per target ARN in a TaggingService on the account's backend, like other moto services.
    """
    import json

    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
    from moto.utilities.tagging_service import TaggingService

    def tagger(backend: ApplicationAutoscalingBackend) -> TaggingService:
        service = backend.__dict__.get("_lq3_tagger")
        if service is None:
            service = backend.__dict__["_lq3_tagger"] = TaggingService()
        return service

    def list_tags_for_resource(self: Any) -> str:
        arn = self._get_param("ResourceARN")
        return json.dumps({"Tags": tagger(self.applicationautoscaling_backend).get_tag_dict_for_resource(arn)})

    def tag_resource(self: Any) -> str:
        arn = self._get_param("ResourceARN")
        tags = self._get_param("Tags") or {}
        tagger(self.applicationautoscaling_backend).tag_resource(arn, [{"Key": k, "Value": v} for k, v in tags.items()])
        return "{}"

    def untag_resource(self: Any) -> str:
        arn = self._get_param("ResourceARN")
        tagger(self.applicationautoscaling_backend).untag_resource_using_names(arn, self._get_param("TagKeys") or [])
        return "{}"

    original_register = ApplicationAutoScalingResponse.register_scalable_target

    @functools.wraps(original_register)
    def register_scalable_target(self: Any) -> str:
        body = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            arn = json.loads(body)["ScalableTargetARN"]
            tagger(self.applicationautoscaling_backend).tag_resource(arn, [{"Key": k, "Value": v} for k, v in tags.items()])
        return body

    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource
    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target


def patch_elbv2_trust_stores() -> None:
    """ELBv2 trust stores and listener ``MutualAuthentication`` (mutual TLS).

    moto 5.2.5 has no trust stores: CreateTrustStore answered 501, so aws_lb_trust_store failed,
    and CreateListener / ModifyListener dropped MutualAuthentication, so an aws_lb_listener with
    ``mutual_authentication`` re-planned it. ``elbv2_trust_stores.install`` adds trust stores to
    moto's ELBv2 model (CA bundle read from moto's S3 and checked to be PEM certificates,
    ACTIVE, associations, TrustStoreInUse, tags) and keeps the listener's setting.
    """
    from .elbv2_trust_stores import install

    install()


def patch_backup_selections_and_notifications() -> None:
    """AWS Backup: selections, vault notifications, plan deletion and names like AWS.

    moto 5.2.5 has no CreateBackupSelection / GetBackupSelection / DeleteBackupSelection and no
    Put/Get/DeleteBackupVaultNotifications (not even a route for the latter), so
    aws_backup_selection and aws_backup_vault_notifications failed; and a deleted plan's name
    stayed taken, so an environment's plan could not be created again after a destroy.
    ``backup_plans.install`` adds them to moto's Backup model.
    """
    from .backup_plans import install

    install()


def patch_not_implemented_fails_fast() -> None:
    """An action moto does not implement answers 501 NotImplemented at once.

    moto raises NotImplementedError, which its server turns into a 500; the SDK retries
    500s (the provider allows many attempts), so Terraform hung for minutes before a
    vague error. 501 is not retried: the apply fails at once and names the action.
    """
    import json

    from moto.core.responses import BaseResponse

    original = BaseResponse.call_action

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        try:
            return original(self)
        except NotImplementedError as error:
            message = f"lq3-aws-emulator: moto does not implement this: {error}"
            log.warning("%s", message)
            body = json.dumps({"__type": "NotImplemented", "message": message})
            return 501, {"x-amzn-ErrorType": "NotImplemented", "Content-Type": "application/json"}, body

    BaseResponse.call_action = call_action
