"""Builder of the batch transform step."""
from sagemaker.inputs import TransformInput
from sagemaker.transformer import Transformer
from sagemaker.workflow.steps import TransformStep


class BatchTransformStepBuilder:
    def __init__(self, config):
        self.config = config

    def _create_transformer(self, model_name):
        return Transformer(
            model_name=model_name,
            instance_type=self.config.instance_type,
            instance_count=1,
            accept="text/csv",
            assemble_with="Line",
        )

    def create_step(self, model_name, data_uri):
        return TransformStep(
            name="BatchTransform",
            transformer=self._create_transformer(model_name),
            inputs=TransformInput(data=data_uri, content_type="text/csv", split_type="Line"),
        )
