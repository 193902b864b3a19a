"""Builder of the scoring transform step.

It should create a Transformer for the model; so far it only names the step.
"""
from sagemaker.workflow.steps import TransformStep


class ScoringTransformStepBuilder:
    step_class = TransformStep

    def step_name(self):
        return "ScoringTransform"
