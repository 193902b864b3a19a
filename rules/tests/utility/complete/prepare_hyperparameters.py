"""Writes the training hyperparameters to a JSON file and uploads it to S3."""
import json
import os
import sys

import boto3


def prepare(hyperparameters, output_dir):
    os.makedirs(output_dir, exist_ok=True)
    path = os.path.join(output_dir, "hyperparameters.json")
    with open(path, "w") as f:
        json.dump(hyperparameters, f, indent=2, sort_keys=True)
    return path


if __name__ == "__main__":
    bucket, key = sys.argv[1], sys.argv[2]
    path = prepare({"max_depth": 6, "eta": 0.3, "num_round": 100}, "build/config")
    boto3.client("s3").upload_file(path, bucket, key)
