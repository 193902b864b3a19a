"""Ranker training: torch and numpy are both declared in the interface."""
import json
import os

import numpy as np
import torch


def main(input_paths, output_paths, environ_vars, job_args):
    with open("/opt/ml/input/config/hyperparameters.json") as f:
        hyperparameters = json.load(f)
    data = np.load(os.path.join(input_paths["input_path"], "train", "pairs.npy"))
    model = torch.nn.Linear(data.shape[1], 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=float(hyperparameters["lr"]))
    for epoch in range(int(hyperparameters["epochs"])):
        optimizer.zero_grad()
        loss = model(torch.from_numpy(data).float()).pow(2).mean()
        loss.backward()
        optimizer.step()
        print(f"epoch {epoch} loss {loss.item():.4f}")
    torch.save(model.state_dict(), os.path.join(output_paths["model_output"], "model.pt"))
