"""Sentinel check of the LQ3 policy gate (tools/policy).

It passes on every resource checkov parses. The runner counts its results per
stack and compares them with the resources in the synthesized JSON, so a file
checkov failed to parse, or parsed only in part, can never pass as "0 failed
checks". It is not a policy and is left out of every report count.
"""
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.data.base_check import BaseDataCheck
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class ParsedResource(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="LQ3 sentinel: checkov parsed this resource",
            id="LQ3_PARSED",
            categories=[CheckCategories.CONVENTION],
            supported_resources=["*"],
        )

    def scan_resource_conf(self, conf):  # noqa: ARG002 - every parsed resource passes
        return CheckResult.PASSED


check = ParsedResource()


class ParsedDataSource(BaseDataCheck):
    def __init__(self) -> None:
        super().__init__(
            name="LQ3 sentinel: checkov parsed this data source",
            id="LQ3_PARSED_DATA",
            categories=[CheckCategories.CONVENTION],
            supported_data=["*"],
        )

    def scan_data_conf(self, conf):  # noqa: ARG002 - every parsed data source passes
        return CheckResult.PASSED


data_check = ParsedDataSource()
