"""The step's program is its image's entry point (see the interface); this stub only hands the
command line over to the bundled scorer when run by itself."""
import os
import sys

BUNDLED = "/opt/ml/processing/input/code/score_graph.py"


def main():
    os.execv(sys.executable, [sys.executable, BUNDLED, *sys.argv[1:]])


if __name__ == "__main__":
    main()
