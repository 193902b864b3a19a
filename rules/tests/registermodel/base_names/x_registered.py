from sagemaker.workflow.step_collections import RegisterModel

register_args = {
    "content_types": ["text/csv"],
    "response_types": ["text/csv"],
    "approval_status": "Approved",
    "description": "Churn model",
}


def build(model, metrics):
    return RegisterModel(name="Register", model=model, model_metrics=metrics, **register_args)
