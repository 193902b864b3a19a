"""Churn features: every path, variable and argument the script uses is in its interface."""
import argparse
import os

import pandas as pd


def main(input_paths, output_paths, environ_vars, job_args):
    events = pd.read_parquet(input_paths["raw_events"])
    lookup = input_paths.get("lookup_tables")
    label = environ_vars["LABEL_COLUMN"]
    window = int(environ_vars.get("WINDOW_DAYS", "30"))
    store = environ_vars.get("FEATURE_STORE_URI")
    if job_args.job_type == "training":
        events = events[events[label].notna()]
    features = events.groupby("customer_id").tail(window)
    features.to_parquet(os.path.join(output_paths["feature_table"], "features.parquet"))
    return lookup, store


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    args = parser.parse_args()
    main(
        {"raw_events": "/opt/ml/processing/input/events"},
        {"feature_table": "/opt/ml/processing/output/features"},
        {"LABEL_COLUMN": os.environ["LABEL_COLUMN"]},
        args,
    )
