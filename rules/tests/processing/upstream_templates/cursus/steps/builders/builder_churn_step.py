"""Builder of the churn preprocessing step (cursus's template name).

It should create an SKLearnProcessor, but it only uploads the script so far.
"""
import boto3


class ChurnPreprocessingStepBuilder:
    def upload_script(self, bucket):
        boto3.client("s3").upload_file("churn_preprocessing.py", bucket, "code/churn.py")
