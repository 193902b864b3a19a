"""Builder of the config-file preparation utility step.

Its class name says Prepare, and this docstring says it will prepare the files; neither counts.
"""


class PrepareConfigFilesUtilityStepBuilder:
    def __init__(self, config):
        self.config = config

    def step_name(self):
        return "PrepareConfigFiles"
