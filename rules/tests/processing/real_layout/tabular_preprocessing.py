"""Cleans the raw tabular data and splits it into train, validation and test sets."""
import os

import numpy as np
import pandas as pd

INPUT_DIR = "/opt/ml/processing/input/data"
OUTPUT_DIR = "/opt/ml/processing/output"


def clean(df, label):
    """Drops rows without a label and casts the label to int."""
    df = df.dropna(subset=[label])
    df[label] = df[label].astype(int)
    return df


def main():
    label = os.environ.get("LABEL_FIELD", "label")
    df = pd.concat(
        pd.read_csv(os.path.join(INPUT_DIR, name)) for name in sorted(os.listdir(INPUT_DIR))
    )
    df = clean(df, label)
    rng = np.random.default_rng(42)
    split = rng.choice(["train", "val", "test"], size=len(df), p=[0.7, 0.15, 0.15])
    for name in ("train", "val", "test"):
        out = os.path.join(OUTPUT_DIR, name)
        os.makedirs(out, exist_ok=True)
        df[split == name].to_csv(os.path.join(out, f"{name}_processed_data.csv"), index=False)


if __name__ == "__main__":
    main()
