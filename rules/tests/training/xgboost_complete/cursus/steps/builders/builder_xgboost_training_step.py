"""Builder of the xgboost training step."""
from sagemaker.inputs import TrainingInput
from sagemaker.workflow.steps import TrainingStep
from sagemaker.xgboost import XGBoost


class XGBoostTrainingStepBuilder:
    def __init__(self, config, role):
        self.config = config
        self.role = role

    def _create_estimator(self):
        return XGBoost(
            entry_point="xgboost_training.py",
            framework_version="1.7-1",
            role=self.role,
            instance_type=self.config.instance_type,
            instance_count=1,
        )

    def create_step(self, train_uri):
        return TrainingStep(
            name="XGBoostTraining",
            estimator=self._create_estimator(),
            inputs={"train": TrainingInput(train_uri)},
        )
