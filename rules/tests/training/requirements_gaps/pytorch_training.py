"""Fine-tunes a small tabular network."""
import argparse
import os

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.layer = nn.Linear(n_features, 1)

    def forward(self, x):
        return self.layer(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    data = torch.load("/opt/ml/input/data/train/train.pt")
    model = Net(data["x"].shape[1])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    for epoch in range(args.epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(data["x"]).squeeze(1), data["y"])
        loss.backward()
        optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    torch.save(model.state_dict(), os.path.join("/opt/ml/model", "model.pt"))


if __name__ == "__main__":
    main()
