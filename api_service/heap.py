"""Memory a rebuild has freed, handed back to the system.

Building the track records makes and drops millions of small objects (a CSV's strings, one outcome per film); glibc
keeps the freed heap for reuse, so a worker's RSS would stay at the build's peak for as long as it runs. At 213,000
movies, `malloc_trim` takes a worker that holds the track records from 243 to 164 MB.
"""

import ctypes
import ctypes.util


def release_freed_heap() -> None:
    """glibc's malloc_trim(0); nothing where the C library has none (macOS, musl)."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)
