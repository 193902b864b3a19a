"""Builder of the tabular preprocessing step."""
from sagemaker.sklearn import SKLearnProcessor
from sagemaker.workflow.steps import ProcessingStep


class TabularPreprocessingStepBuilder:
    def __init__(self, config, role):
        self.config = config
        self.role = role

    def _create_processor(self):
        return SKLearnProcessor(
            framework_version="1.2-1",
            role=self.role,
            instance_type=self.config.instance_type,
            instance_count=1,
            env={"LABEL_FIELD": self.config.label_name},
        )

    def create_step(self, inputs, outputs):
        return ProcessingStep(
            name="TabularPreprocessing",
            processor=self._create_processor(),
            inputs=inputs,
            outputs=outputs,
            code="tabular_preprocessing.py",
        )
