"""Builder of the dedupe step."""
from sagemaker.sklearn import SKLearnProcessor


class DedupeProcessingStepBuilder:
    def _create_processor(self, role):
        return SKLearnProcessor(framework_version="1.2-1", role=role,
                                instance_type="ml.m5.large", instance_count=1)
