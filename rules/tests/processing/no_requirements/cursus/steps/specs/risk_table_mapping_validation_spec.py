"""Specification of the risk table mapping step, validation job type."""

RISK_TABLE_MAPPING_VALIDATION_SPEC = {"dependencies": ["data_input"], "outputs": ["processed_data"]}
