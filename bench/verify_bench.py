"""Benchmark the nightly gate (`build.py verify`) on a built synthetic site.

    python bench/verify_bench.py                 # 10,000 penalty records
    python bench/verify_bench.py --sizes 10000 100000

For each size it generates registers (bench/synth_registers.py, as
bench/build_bench.py does), builds the site once, then times `build.py verify`
in a child process and prints the output's files and bytes, the number of
search strings, the wall time and the throughput, and the time extrapolated to
the 1.45 GiB / 209,000-file output of 100,000 records.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_bench import folder_size, prepare  # noqa: E402

FULL_SIZE_BYTES, FULL_SIZE_FILES = int(1.45 * 2**30), 209_000  # measured at 100,000 records (issue 19)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)


def bench(size: int, workdir: Path) -> None:
    folders = prepare(workdir, size)
    out = workdir / "public"
    common = ["--content", str(folders.content), "--data", str(folders.data), "--as-of", "2026-11-30"]
    built = cli("build", *common, "--out", str(out))
    assert built.returncode == 0, built.stderr[-2000:]
    files, size_bytes = folder_size(out)
    started = time.monotonic()
    checked = cli("verify", *common, "--out", str(out))
    seconds = time.monotonic() - started
    assert checked.returncode == 0, checked.stdout[-2000:]
    per_byte = seconds / size_bytes
    print(
        f"records {size:>7}: output {files} files, {size_bytes / 2**20:.0f} MiB; verify {seconds:.1f} s "
        f"(process, reading sources and rules included) = {size_bytes / 2**20 / seconds:.0f} MiB/s"
    )
    print(f"  {checked.stderr.strip().splitlines()[-1]}")
    print(f"  extrapolated to 1.45 GiB / 209,000 files: ~{per_byte * FULL_SIZE_BYTES:.0f} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    args = parser.parse_args(argv)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
            bench(size, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
