"""Specification of the config-file preparation utility step."""

PREPARE_CONFIG_FILES_UTILITY_SPEC = {"dependencies": [], "outputs": ["config_dir"]}
