"""Builder of the pytorch model step, on a generic Model and a prebuilt image."""
from sagemaker.model import Model
from sagemaker.utils import name_from_base
from sagemaker.workflow.model_step import ModelStep

from ..configs.config_pytorch_model_step import PyTorchModelStepConfig


class PyTorchModelStepBuilder:
    def __init__(self, config: PyTorchModelStepConfig, role, session):
        self.config = config
        self.role = role
        self.session = session

    def _create_model(self, model_data):
        return Model(
            image_uri=self.config.image_uri,
            model_data=model_data,
            role=self.role,
            name=name_from_base(self.config.model_name),
            sagemaker_session=self.session,
        )

    def create_step(self, model_data, dependencies=None):
        model = self._create_model(model_data)
        return ModelStep(
            name="PyTorchModel",
            step_args=model.create(instance_type=self.config.instance_type),
            depends_on=dependencies,
        )
