"""Builder of the xgboost model step (condensed from cursus's layout)."""
from typing import Dict

from sagemaker import image_uris
from sagemaker.workflow.steps import CreateModelStep
from sagemaker.xgboost import XGBoostModel

from ..configs.config_xgboost_model_step import XGBoostModelStepConfig


class XGBoostModelStepBuilder:
    def __init__(self, config: XGBoostModelStepConfig, role=None, session=None):
        self.config = config
        self.role = role
        self.session = session

    def _get_image_uri(self) -> str:
        return image_uris.retrieve(
            framework="xgboost",
            region="us-east-1",
            version=self.config.framework_version,
            instance_type=self.config.instance_type,
            image_scope="inference",
        )

    def _get_environment_variables(self) -> Dict[str, str]:
        return dict(self.config.env or {})

    def _create_model(self, model_data: str) -> XGBoostModel:
        return XGBoostModel(
            model_data=model_data,
            role=self.role,
            entry_point=self.config.entry_point,
            source_dir=self.config.source_dir,
            framework_version=self.config.framework_version,
            image_uri=self._get_image_uri(),
            sagemaker_session=self.session,
            env=self._get_environment_variables(),
        )

    def create_step(self, **kwargs) -> CreateModelStep:
        # The step's output is properties.ModelName; SageMaker generates the name.
        dependencies = kwargs.get("dependencies", [])
        model = self._create_model(kwargs["model_data"])
        return CreateModelStep(name="XGBoostModel", model=model, depends_on=dependencies)
