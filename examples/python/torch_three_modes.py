#!/usr/bin/python3
"""A PyTorch model in three modes: an nn.Sequential of Linear and ReLU layers trained on the
8x8 digits, handed to spikesim through its state_dict, run as ann, rate and ttfs.
Needs Debian's python3-torch; without it, says so and exits 0.

    /usr/bin/python3 examples/python/torch_three_modes.py
"""
import sys

import numpy as np
import spikesim as ss

try:
    import torch
except ImportError:
    print("python3-torch is not installed (apt-get install python3-torch); nothing to run")
    sys.exit(0)


def main():
    torch.manual_seed(1)
    x_train, y_train, x_test, y_test = ss.digits()
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    xt, yt = torch.tensor(x_train, dtype=torch.float32), torch.tensor(y_train)
    for _ in range(60):
        for idx in torch.randperm(len(xt)).split(32):
            optimiser.zero_grad()
            torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx]).backward()
            optimiser.step()
    layers = ss.layers_from_state_dict({k: v.numpy() for k, v in model.state_dict().items()})
    with torch.no_grad():
        torch_predictions = model(torch.tensor(x_test, dtype=torch.float32)).argmax(1).numpy()
    print(f"PyTorch: accuracy {np.mean(torch_predictions == y_test):.3f}")
    for mode in ("ann", "rate", "ttfs"):
        r = ss.convert(layers, mode=mode, calibration=x_train).run(x_test)
        print(f"{mode:5} accuracy {r.accuracy(y_test):.3f}, agrees with PyTorch on "
              f"{np.mean(r.predictions == torch_predictions):.3f}, {r.synops.mean():.0f} synops/sample")


if __name__ == "__main__":
    main()
