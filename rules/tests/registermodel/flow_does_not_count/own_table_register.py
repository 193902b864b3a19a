"""A team-owned registry: the record is a DynamoDB row, not a SageMaker model package."""
import boto3

table = boto3.resource("dynamodb").Table("model-registry")


def register_model(model_name, metrics):
    record = {"model_name": model_name, "metrics": metrics, "status": "candidate"}
    table.put_item(Item=record)


register_model(model_name="churn", metrics={"accuracy": 0.9})
