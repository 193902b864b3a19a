"""Creates the model package group only: its description and tags describe the group."""
import boto3

sm = boto3.client("sagemaker")
sm.create_model_package_group(
    ModelPackageGroupName="churn-models",
    ModelPackageGroupDescription="Churn models, one version a week",
    Tags=[{"Key": "team", "Value": "retention"}],
)
sm.describe_model_package(ModelPackageName="arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1")
