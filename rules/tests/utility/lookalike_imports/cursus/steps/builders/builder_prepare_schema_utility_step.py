"""Builder of the schema-checked hyperparameter preparation utility step."""
import json
import tempfile
from pathlib import Path


class PrepareSchemaUtilityStepBuilder:
    def __init__(self, config):
        self.config = config

    def _prepare_files(self):
        folder = Path(tempfile.mkdtemp())
        (folder / "hyperparameters.json").write_text(json.dumps(self.config.hyperparameters))
        return folder
