"""Inference handlers of the pytorch scorer for batch transform."""
import json
import os

import torch


def model_fn(model_dir):
    model = torch.jit.load(os.path.join(model_dir, "model.pt"), map_location="cpu")
    model.eval()
    return model


def input_fn(request_body, content_type):
    return torch.tensor(json.loads(request_body)["instances"])


def predict_fn(batch, model):
    with torch.no_grad():
        return model(batch).tolist()


def output_fn(prediction, accept):
    return json.dumps({"predictions": prediction}), accept
