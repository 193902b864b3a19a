"""Specification of the S3 copy utility step (base name s3)."""
