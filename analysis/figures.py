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


def run(main):
    """Runs a plotting script's main(): a file it cannot draw (a dataset missing, of the
    wrong shape) ends with one line naming the file and exit status 2, not a traceback."""
    import sys

    try:
        main()
    except (OSError, KeyError, ValueError, IndexError, TypeError) as e:
        name = sys.argv[1] if len(sys.argv) > 1 else "the file"
        print(f"spikesim plot: error: {name}: cannot draw its figures: {e}", file=sys.stderr)
        sys.exit(2)
