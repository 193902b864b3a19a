"""A registrar keeps the request's parts on self and sends them from another method."""
import boto3


class Registrar:
    def __init__(self, group, summary):
        self.sm = boto3.client("sagemaker")
        self.group = group
        self.extra = {"ModelPackageDescription": summary}
        self.extra["ModelApprovalStatus"] = "PendingManualApproval"

    def with_report(self, report_uri):
        self.quality = {"ModelQuality": {"Statistics": {"S3Uri": report_uri}}}
        return self

    def register(self):
        kwargs = dict(self.extra)
        kwargs["ModelMetrics"] = self.quality
        return self.sm.create_model_package(ModelPackageGroupName=self.group, **kwargs)
