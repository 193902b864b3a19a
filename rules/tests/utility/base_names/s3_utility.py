"""Copies the model artifacts between buckets (base name `s3`: `_utility` goes before `_util`)."""
import boto3

s3 = boto3.resource("s3")


def copy_artifacts(source_bucket, key, target_bucket):
    s3.meta.client.copy({"Bucket": source_bucket, "Key": key}, target_bucket, key)
