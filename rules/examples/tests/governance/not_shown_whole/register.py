"""Registration values the file does not show whole are not judged, whatever they lack; the
last one, shown whole, is."""
import boto3

sm = boto3.client("sagemaker")

# Changed after it is written.
appended = [{"Key": "owner", "Value": "ml"}]
appended.append({"Key": "cost-center", "Value": "cc-1"})
sm.create_model_package(ModelPackageGroupName="a", Tags=appended)

extended = [{"Key": "owner", "Value": "ml"}]
extended += [{"Key": "cost-center", "Value": "cc-1"}]
sm.create_model_package(ModelPackageGroupName="b", Tags=extended)

metadata = {"owner": "ml"}
metadata["use_case"] = "churn"
sm.create_model_package(ModelPackageGroupName="c", CustomerMetadataProperties=metadata)

# Built by an expression, a comprehension, unpacking or a call the pack does not name.
sm.create_model_package(ModelPackageGroupName="d", Tags=BASE_TAGS + [{"Key": "owner", "Value": "ml"}])
sm.create_model_package(ModelPackageGroupName="e", Tags=[{"Key": k, "Value": v} for k, v in TAGS.items()])
sm.create_model_package(ModelPackageGroupName="f", Tags=[*BASE_TAGS, {"Key": "owner", "Value": "ml"}])
sm.create_model_package(ModelPackageGroupName="g", CustomerMetadataProperties={**BASE, "owner": "ml"})
sm.create_model_package(ModelPackageGroupName="h", CustomerMetadataProperties=load_metadata("model.yaml"))
sm.create_model_package(ModelPackageGroupName="i", Tags=[OWNER_TAG, {"Key": "owner", "Value": "ml"}])
sm.create_model_package(ModelPackageGroupName="j", Tags=[{"Key": tag_key(), "Value": "x"}, {"Key": "owner", "Value": "ml"}])
sm.create_model_package(ModelPackageGroupName="k", CustomerMetadataProperties=dict(BASE, owner="ml"))

# Shown whole, and lacking cost-center: the one value judged here.
sm.create_model_package(ModelPackageGroupName="z", Tags=[{"Key": "owner", "Value": "ml"}])
