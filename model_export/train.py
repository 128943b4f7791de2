"""Train the success model from PostgreSQL and publish it: the same as `cinelake train`.

python model_export/train.py --output models --seed 0 [--no-publish-s3] [--figures docs/figures]
"""

import sys

from cinelake.cli import main

if __name__ == "__main__":
    sys.exit(main(["train", *sys.argv[1:]]))
