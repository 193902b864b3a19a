"""Lists the objects of a prefix (base name `manifest`)."""
import sys


def main(prefix):
    print(prefix)


if __name__ == "__main__":
    main(sys.argv[1])
