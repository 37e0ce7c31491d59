"""Scale: parallel, resumable ingest on one machine, and on Dask beyond it.

`ingest()` reads, processes and stores with N worker processes and one writer;
`run_dask()` spreads the same work over a Dask cluster into Parquet parts, which
`load_parts()` merges into a store. Input keys recorded in the store make every mode
resumable: run the same command again after a crash and it finishes the job.
"""

from eventwire.scale.inputs import InputReader, count_records, failed_paths, input_key
from eventwire.scale.parallel import default_workers, ingest
from eventwire.scale.progress import Progress
from eventwire.scale.worker import Worker
from eventwire.scale.writer import Summary

__all__ = [
    "InputReader",
    "Progress",
    "Summary",
    "Worker",
    "count_records",
    "default_workers",
    "failed_paths",
    "ingest",
    "input_key",
]
