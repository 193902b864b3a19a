"""A LambdaStep named RegisterModel passes its inputs to a Lambda function, not to SageMaker."""
from sagemaker.lambda_helper import Lambda
from sagemaker.workflow.lambda_step import LambdaStep


def catalog_step(accuracy):
    return LambdaStep(
        name="RegisterModel",
        lambda_func=Lambda(function_arn="arn:aws:lambda:us-east-1:123456789012:function:catalog"),
        inputs={"model_name": "recommender", "accuracy": accuracy, "approval_status": "Bogus"},
    )
