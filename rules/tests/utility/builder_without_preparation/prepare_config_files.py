"""Generates the per-step configuration files from one base config."""
import json
from pathlib import Path

BASE = {"region": "us-east-1", "instance_type": "ml.m5.xlarge"}


def generate(steps, output_dir):
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    for step in steps:
        with open(out / f"config_{step}.json", "w") as f:
            json.dump({**BASE, "step": step}, f)


if __name__ == "__main__":
    generate(["preprocessing", "training"], "/opt/ml/processing/output/config")
