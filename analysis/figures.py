"""What every plotting script shares: matplotlib without a display, and saving a figure
(one resolution, the figure closed, its name printed for the user)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

DPI = 110


def save(fig, path):
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    print("figure:", path)
