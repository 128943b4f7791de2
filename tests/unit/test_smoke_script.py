"""scripts/smoke.py's judgement: what counts as a good answer, a listening port, a leftover process, another demo."""

import struct
import zlib
from pathlib import Path

import pytest

from scripts.smoke import (
    ProcessInfo,
    SmokeFailure,
    check_answer,
    check_chart,
    check_prediction,
    check_stats,
    leftover_processes,
    listening_socket_inodes,
    png_size,
    running_demos,
)

pytestmark = pytest.mark.unit

WORKDIR = Path("/tmp/cinelake-smoke-abc")
DEMO_SESSION = 4242


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


def process(
    pid: int, session: int = 1, group: int | None = None, cwd: str = "/", command: str = "sleep 1"
) -> ProcessInfo:
    return ProcessInfo(pid, group if group is not None else session, session, "S", cwd, command)


def test_png_size_reads_width_and_height_from_the_ihdr_chunk():
    # GIVEN a PNG header of 900x560 WHEN its size is read THEN the IHDR's numbers come back
    assert png_size(png(900, 560)) == (900, 560)


@pytest.mark.parametrize("data", [b"GIF89a....", b"\x89PNG\r\n\x1a\n\x00\x00", png(1, 1).replace(b"IHDR", b"IDAT")])
def test_png_size_refuses_what_is_not_a_png_starting_with_ihdr(data):
    # GIVEN a GIF, a truncated PNG, a PNG whose first chunk is not IHDR WHEN read THEN ValueError
    with pytest.raises(ValueError):
        png_size(data)


def test_check_chart_does_refuse_a_png_body_sent_as_json_and_an_empty_image():
    # GIVEN a valid PNG under the wrong content type, and a 0x0 PNG WHEN checked THEN both fail; a good one passes
    with pytest.raises(SmokeFailure, match="content-type"):
        check_chart("application/json", png(10, 10))
    with pytest.raises(SmokeFailure, match="0x0"):
        check_chart("image/png", png(0, 0))
    assert check_chart("image/png", png(900, 560)).startswith("PNG 900x560")


@pytest.mark.parametrize(
    "body", [{"success_probability": 1.2, "model_version": "v1"}, {"success_probability": 0.4, "model_version": ""}]
)
def test_check_prediction_does_refuse_a_probability_out_of_range_or_no_model_version(body):
    # GIVEN a prediction with p > 1, or without a version WHEN checked THEN it fails
    with pytest.raises(SmokeFailure):
        check_prediction(body)


def test_check_answer_does_require_the_question_language_rows_and_a_sentence():
    # GIVEN answers in the wrong language, without rows, without a sentence WHEN checked as Spanish THEN each fails
    good = {"language": "es", "rows": [[537]], "answer": "Hay 537 películas de Terror en la base de datos."}
    assert check_answer(good, "es").startswith("1 row(s)")
    for broken in ({**good, "language": "en"}, {**good, "rows": []}, {**good, "answer": " "}):
        with pytest.raises(SmokeFailure):
            check_answer(broken, "es")


def test_check_stats_does_name_the_empty_tables():
    # GIVEN counts where keywords is 0 WHEN checked THEN the failure names keywords
    with pytest.raises(SmokeFailure, match="keywords"):
        check_stats({"tables": {"movies": 4925, "people": 12749, "keywords": 0}})
    assert check_stats({"tables": {"movies": 4925}}) == "movies=4,925"


def test_listening_socket_inodes_keeps_only_listeners_on_the_port():
    # GIVEN /proc/net/tcp with a listener on 127.0.0.1:8000, a connection from 8000 and a listener on 5432
    table = "\n".join(
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1",
            "   1: 0100007F:1F40 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 222 1",
            "   2: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1",
        ]
    )
    # WHEN the listeners on 8000 are asked for THEN only the first socket is one
    assert listening_socket_inodes(table, 8000) == {111}


def test_leftover_processes_are_the_demo_session_group_and_anything_in_the_temp_dir():
    # GIVEN the demo's make, a grandchild that kept the group but left the session, one that left both but runs in
    # the clone, one whose command names the temp dir, and two unrelated processes (one in a look-alike folder)
    processes = [
        process(DEMO_SESSION, session=DEMO_SESSION),
        process(4300, session=4300, group=DEMO_SESSION),
        process(4301, session=4301, cwd=f"{WORKDIR}/cinelake"),
        process(4302, session=4302, command=f"python {WORKDIR}/cinelake/.venv/bin/cinelake demo"),
        process(10, cwd="/work/main"),
        process(11, cwd=f"{WORKDIR}-other"),
    ]
    # WHEN the leftovers are picked THEN the four of the demo are, and neither unrelated one
    assert [left.pid for left in leftover_processes(processes, DEMO_SESSION, WORKDIR)] == [4242, 4300, 4301, 4302]


def test_running_demos_finds_cinelake_demo_however_it_was_started():
    # GIVEN `cinelake demo` through a venv's python, a bare `cinelake demo`, `cinelake serve` and `make demo`
    processes = [
        process(1, command="/work/main/.venv/bin/python3 .venv/bin/cinelake demo --catalog ../shared/data/catalog"),
        process(2, command="/usr/local/bin/cinelake demo"),
        process(3, command=".venv/bin/cinelake serve --port 8000"),
        process(4, command="make demo"),
    ]
    # WHEN running demos are looked for THEN the first two are
    assert [demo.pid for demo in running_demos(processes)] == [1, 2]
