"""Where the time goes: the throughput benchmark (``python -m pipeline bench``) and dedupe at scale
(``python -m pipeline bench --dedupe``).

- ``corpus``: benchmark texts (a folder, a PubTator file, or a seeded generator) and planted duplicates;
- ``timing``: wall time, rates and peak RSS of one stage;
- ``throughput``: every stage timed, the two references, a profile, the process speed-up and the
  Prefect orchestration share (``run_benchmark``);
- ``dedupe_scale``: near duplicates planted in generated documents, clustered and scored;
- ``report``: the plain-text report of either.

Numbers are measurements of this machine; nothing here asserts a speed.
"""

from pipeline.bench.corpus import generate_text, generate_texts, load_source, plant_duplicates, write_corpus
from pipeline.bench.dedupe_scale import bench_dedupe
from pipeline.bench.report import format_benchmark
from pipeline.bench.throughput import run_benchmark
from pipeline.bench.timing import measure

__all__ = [
    "bench_dedupe", "format_benchmark", "generate_text", "generate_texts", "load_source", "measure",
    "plant_duplicates", "run_benchmark", "write_corpus",
]  # fmt: skip
