"""Draw the data figures of docs/success.md from PostgreSQL (the analysts' view `movie_facts`).

    python model_export/analysis.py --output docs/figures

The database is DATABASE_URL's (else the local one, as for every `cinelake` command). The calibration plot comes
from training instead: `cinelake train --figures docs/figures`.
"""

import argparse
import sys
from contextlib import closing
from pathlib import Path

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.cli import local_adapters
from cinelake.services.model_figures import write_analysis_figures
from cinelake.services.train import HOLDOUT_FROM


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=Path("docs/figures"))
    args = parser.parse_args(argv)
    with closing(connect(local_adapters().database_url(), application_name="cinelake-analysis")) as conn:
        facts = ModelData(conn).movie_facts()
    for path in write_analysis_figures(facts, args.output, HOLDOUT_FROM.year):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
