"""The track records of every credit, built in a child process, so that the worker keeps the book's arrays and not
the heap their build churned through.

The build makes and drops tens of millions of small objects (a CSV's strings, an outcome per film, the calendar's
lists). The few that outlive it pin the heap pages around them, which `malloc_trim` cannot hand back: at 100,000
movies a worker that built the book itself held 53 MB more for 12 MB of arrays (448 MB at 1.2 M movies). Built in a
child, only the pickled book comes back. The child is spawned (a fresh interpreter: the worker's threads make a fork
unsafe) and exits once the book is sent, so nothing stays behind beside the worker; the imports cost it a second or
two.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pg8000.native

from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.domain.features import TrackRecordBook
from cinelake.errors import RetryableError


def book_built_apart(database_url: str) -> TrackRecordBook:
    """`ModelData(...).track_record_book(running_totals=False)` of the database at `database_url`, built in a child
    process (a book without running totals: a request sums its few names' films)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(book_of_database, database_url).result()


def book_of_database(database_url: str) -> TrackRecordBook:
    """The book, in this process (the child's work)."""
    try:
        conn = connect(database_url, application_name="cinelake-api-track-records")
    except (pg8000.native.InterfaceError, pg8000.native.DatabaseError, OSError) as error:
        raise RetryableError(f"cannot connect to the database: {error}") from error
    try:
        return ModelData(conn).track_record_book(running_totals=False)
    finally:
        conn.close()
