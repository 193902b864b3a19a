"""Fraud scoring whose script has drifted from its interface."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    model = input_paths["model_input"]
    calibration = input_paths["calibration_input"]
    output_paths["scores"]
    report = output_paths.get("report")
    name = environ_vars.get("MODEL_NAME")
    batch = environ_vars.get("BATCH_SIZE", "512")
    mode = job_args.job_type
    seed = job_args.random_seed
    return model, calibration, report, name, batch, mode, seed


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type")
    parser.add_argument("--random-seed", type=int)
    # The builder passes --run-date as declared; argparse does not take it for --run_date.
    parser.add_argument("--run_date")
    main({}, {}, {"MODEL_NAME": os.environ.get("MODEL_NAME")}, parser.parse_args())
