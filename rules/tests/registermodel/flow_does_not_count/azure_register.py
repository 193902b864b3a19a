"""Azure ML's Model.register: another registry, in a file that imports no SageMaker module."""
from azureml.core import Model, Workspace

ws = Workspace.from_config()
Model.register(
    workspace=ws,
    model_name="churn",
    model_path="outputs/model.pkl",
    tags={"accuracy": "0.91", "approval_status": "approved"},
    description="Churn model",
)
