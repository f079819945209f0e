"""AWS Backup selections and vault notifications, which moto 5.2.5 does not emulate.

Added to moto's Backup model in its style: selections live on moto's ``Plan`` and
notification settings on its ``Vault``; the backend raises moto's Backup exceptions; the
response methods read the REST path and JSON body the way moto's ``BackupResponse`` does.

What AWS does and this does too:

- CreateBackupSelection needs an existing (not deleted) plan and an IAM role ARN; GetBackupSelection
  returns the selection as given; DeleteBackupPlan of a plan with selections fails with
  ``InvalidRequestException`` ("Related backup plan selections must be deleted prior to backup
  plan deletion", which the provider retries on).
- A deleted plan's name can be used again (moto refused it: the deleted plan is kept for
  ``ListBackupPlans(IncludeDeleted)``).
- Put/Get/DeleteBackupVaultNotifications on an existing vault; Get without settings is
  ``ResourceNotFoundException``.
- ListTags finds the resource ARN in ``/tags/{arn}`` with or without the trailing slash (moto took
  the second-to-last path segment, right only for botocore's ``/tags/{arn}/``; aws-sdk-go-v2, the
  provider's SDK, sends no slash, so every vault and plan read back no tags).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import unquote

IAM_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$")
SELECTION_PATH = re.compile(r"/backup/plans/(?P<plan>[^/]+)/selections/?(?P<selection>[^/]*)/?$")
TAGS_PATH = re.compile(r"/tags/(?P<arn>.+?)/?$")
NOTIFICATIONS_PATH = re.compile(r"/backup-vaults/(?P<vault>[^/]+)/notification-configuration/?$")
SELECTIONS_IN_USE = "Related backup plan selections must be deleted prior to backup plan deletion"


def install() -> None:
    from moto.backup import urls
    from moto.backup.exceptions import InvalidParameterValueException, InvalidRequestException, ResourceNotFoundException
    from moto.backup.models import BackupBackend
    from moto.backup.responses import BackupResponse
    from moto.core.utils import unix_time
    from moto.moto_api._internal import mock_random

    # moto's URL map has no route for the notification settings (selections are under plans/).
    urls.url_paths.setdefault("{0}/backup-vaults/(?P<name>[^/]+)/notification-configuration$", urls.response.dispatch)

    # -- backend -------------------------------------------------------------------------------

    def selections(plan: Any) -> dict[str, dict[str, Any]]:
        return plan.__dict__.setdefault("_selections", {})

    def live_plan(self: Any, plan_id: str) -> Any:
        plan = self.plans.get(plan_id)
        if plan is None or plan.deletion_date is not None:
            raise InvalidParameterValueException(msg=f"Cannot find Backup plan with ID {plan_id}")
        return plan

    def create_backup_selection(self: Any, plan_id: str, selection: dict[str, Any], creator_request_id: str | None) -> dict[str, Any]:
        plan = live_plan(self, plan_id)
        if not IAM_ROLE_ARN.match(selection.get("IamRoleArn") or ""):
            raise InvalidParameterValueException(msg=f"Invalid ARN: {selection.get('IamRoleArn')} is not an IAM role ARN")
        if not selection.get("SelectionName"):
            raise InvalidParameterValueException(msg="SelectionName is required")
        entry = {"SelectionId": str(mock_random.uuid4()), "BackupPlanId": plan_id, "CreationDate": unix_time(),
                 "BackupSelection": selection}
        if creator_request_id:
            entry["CreatorRequestId"] = creator_request_id
        selections(plan)[entry["SelectionId"]] = entry
        return entry

    def get_backup_selection(self: Any, plan_id: str, selection_id: str) -> dict[str, Any]:
        entry = selections(live_plan(self, plan_id)).get(selection_id)
        if entry is None:
            raise ResourceNotFoundException(msg=f"Cannot find Backup selection with ID {selection_id}")
        return entry

    def delete_backup_selection(self: Any, plan_id: str, selection_id: str) -> None:
        get_backup_selection(self, plan_id, selection_id)
        del selections(self.plans[plan_id])[selection_id]

    def vault(self: Any, name: str) -> Any:
        found = self.vaults.get(name)
        if found is None:
            raise ResourceNotFoundException(msg=f"Backup vault {name} does not exist")
        return found

    def put_backup_vault_notifications(self: Any, name: str, topic_arn: str, events: list[str]) -> None:
        vault(self, name).notifications = {"SNSTopicArn": topic_arn, "BackupVaultEvents": list(events or [])}

    def get_backup_vault_notifications(self: Any, name: str) -> dict[str, Any]:
        found = vault(self, name)
        settings = getattr(found, "notifications", None)
        if not settings:
            raise ResourceNotFoundException(msg=f"Backup vault {name} has no notification configuration")
        return {"BackupVaultName": found.backup_vault_name, "BackupVaultArn": found.backup_vault_arn, **settings}

    def delete_backup_vault_notifications(self: Any, name: str) -> None:
        vault(self, name).notifications = None

    original_delete_plan = BackupBackend.delete_backup_plan
    original_create_plan = BackupBackend.create_backup_plan

    @functools.wraps(original_delete_plan)
    def delete_backup_plan(self: Any, backup_plan_id: str) -> Any:
        plan = self.plans.get(backup_plan_id)
        if plan is not None and selections(plan):
            raise InvalidRequestException(msg=SELECTIONS_IN_USE)
        return original_delete_plan(self, backup_plan_id)

    @functools.wraps(original_create_plan)
    def create_backup_plan(self: Any, backup_plan: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        deleted = {pid: p for pid, p in self.plans.items() if p.deletion_date is not None}
        for pid in deleted:  # out of the name check, back afterwards (ListBackupPlans IncludeDeleted)
            del self.plans[pid]
        try:
            return original_create_plan(self, backup_plan, *args, **kwargs)
        finally:
            self.plans.update(deleted)

    for function in (create_backup_selection, get_backup_selection, delete_backup_selection,
                     put_backup_vault_notifications, get_backup_vault_notifications, delete_backup_vault_notifications):
        setattr(BackupBackend, function.__name__, function)
    BackupBackend.delete_backup_plan = delete_backup_plan
    BackupBackend.create_backup_plan = create_backup_plan

    # -- responses -----------------------------------------------------------------------------

    def body(self: Any) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}

    def create_backup_selection_response(self: Any) -> str:
        params = body(self)
        entry = self.backup_backend.create_backup_selection(SELECTION_PATH.search(self.path)["plan"],
                                                             params.get("BackupSelection") or {}, params.get("CreatorRequestId"))
        return json.dumps({k: entry[k] for k in ("SelectionId", "BackupPlanId", "CreationDate")})

    def get_backup_selection_response(self: Any) -> str:
        match = SELECTION_PATH.search(self.path)
        return json.dumps(self.backup_backend.get_backup_selection(match["plan"], match["selection"]))

    def delete_backup_selection_response(self: Any) -> str:
        match = SELECTION_PATH.search(self.path)
        self.backup_backend.delete_backup_selection(match["plan"], match["selection"])
        return "{}"

    def put_backup_vault_notifications_response(self: Any) -> str:
        params = body(self)
        self.backup_backend.put_backup_vault_notifications(NOTIFICATIONS_PATH.search(self.path)["vault"],
                                                           params.get("SNSTopicArn"), params.get("BackupVaultEvents"))
        return "{}"

    def get_backup_vault_notifications_response(self: Any) -> str:
        return json.dumps(self.backup_backend.get_backup_vault_notifications(NOTIFICATIONS_PATH.search(self.path)["vault"]))

    def delete_backup_vault_notifications_response(self: Any) -> str:
        self.backup_backend.delete_backup_vault_notifications(NOTIFICATIONS_PATH.search(self.path)["vault"])
        return "{}"

    def list_tags_response(self: Any) -> str:
        arn = unquote(TAGS_PATH.search(self.path)["arn"])
        return json.dumps({"Tags": self.backup_backend.list_tags(resource_arn=arn)})

    for name, function in {
        "list_tags": list_tags_response,
        "create_backup_selection": create_backup_selection_response,
        "get_backup_selection": get_backup_selection_response,
        "delete_backup_selection": delete_backup_selection_response,
        "put_backup_vault_notifications": put_backup_vault_notifications_response,
        "get_backup_vault_notifications": get_backup_vault_notifications_response,
        "delete_backup_vault_notifications": delete_backup_vault_notifications_response,
    }.items():
        function.__name__ = name
        setattr(BackupResponse, name, function)
