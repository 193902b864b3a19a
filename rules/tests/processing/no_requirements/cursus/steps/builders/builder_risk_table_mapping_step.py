"""Builder of the risk table mapping step."""
from sagemaker.processing import ScriptProcessor


class RiskTableMappingStepBuilder:
    def _create_processor(self, image_uri, role):
        return ScriptProcessor(image_uri=image_uri, command=["python3"], role=role,
                               instance_type="ml.m5.xlarge", instance_count=1)
