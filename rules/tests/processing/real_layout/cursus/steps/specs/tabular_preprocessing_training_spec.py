"""Specification of the tabular preprocessing step, training job type."""

TABULAR_PREPROCESSING_TRAINING_SPEC = {
    "step_type": "TabularPreprocessing_Training",
    "dependencies": ["DATA"],
    "outputs": ["processed_data"],
}
