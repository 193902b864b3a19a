"""The SDK is imported inside the function, under an alias: RM(...) is the RegisterModel step."""


def build(estimator, metrics):
    from sagemaker.workflow.step_collections import RegisterModel as RM

    return RM(
        name="RegisterChurn",
        estimator=estimator,
        model_metrics=metrics,
        approval_status="Approved",
        description="Churn model",
    )
