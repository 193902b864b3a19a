"""Sessionize clicks: no spec or builder file exists, the interface is both."""
import os

import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler


def main(input_paths, output_paths, environ_vars, job_args):
    gap = int(os.environ.get("SESSION_GAP_MINUTES", "30"))
    clicks = pd.read_csv(os.path.join(input_paths["clicks"], "clicks.csv"))
    clicks = clicks.sort_values(["user_id", "ts"])
    clicks["new_session"] = clicks.groupby("user_id")["ts"].diff() > gap * 60
    clicks["session"] = np.cumsum(clicks["new_session"])
    clicks["scaled"] = MinMaxScaler().fit_transform(clicks[["ts"]])
    clicks.to_csv(os.path.join(output_paths["sessions"], "sessions.csv"), index=False)
