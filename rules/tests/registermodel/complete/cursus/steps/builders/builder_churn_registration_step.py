"""Builder of the churn model's registration step."""
from sagemaker.model import ModelPackage


class ChurnRegistrationStepBuilder:
    def _create_model_package(self, model_data, role):
        return ModelPackage(role=role, model_data=model_data)

    def create_step(self, **kwargs):
        return self._create_model_package(kwargs["model_data"], kwargs["role"])
