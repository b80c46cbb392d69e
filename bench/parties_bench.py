"""Time finding the cases that name each party: the automaton (build_parties) against alternatives.

    python bench/parties_bench.py                          # 10,000 parties, 300 cases
    python bench/parties_bench.py --parties 100000 --cases 1000 --skip-naive

Builds in memory (not timed) one penalty per party (a made-up company name and
code) and cases of a realistic length, every tenth naming one party by name
and every twentieth by code. Then times:

* ``automaton``: ipcredit.parties.build_parties (one Aho-Corasick pass per case text);
* ``regex``: one compiled alternation of every key, ``finditer`` per case (overlaps lost,
  so it is not even correct for nested names; shown for its speed);
* ``naive``: every party's keys searched in every case text (the first version).

and prints seconds and how many (party, case) pairs each found.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipcredit.parties import MIN_NAME_LENGTH, _case_text, build_parties  # noqa: E402
from ipcredit.records import Text  # noqa: E402
from tests.factories import case, penalty  # noqa: E402

BODY = (
    "原告诉称，被告未经许可在其经营的网店中销售带有涉案注册商标的商品，构成侵权。法院经审理认为，"
    "被告的行为侵犯了原告的注册商标专用权，判令被告停止侵权并赔偿经济损失及合理开支。"
) * 12


def code(n: int) -> str:
    return f"913399{n:012d}"


def inputs(parties: int, cases: int) -> tuple[tuple, tuple]:
    base = penalty(1)
    records = tuple(
        replace(base, party_name=f"江海{n}号测试贸易有限公司", uscc=code(n)) for n in range(parties)
    )
    made = []
    for i in range(cases):
        named = f"被告江海{i * 7 % parties}号测试贸易有限公司" if i % 10 == 0 else ""
        coded = f"统一社会信用代码{code(i * 13 % parties)}" if i % 20 == 0 else ""
        made.append(case(f"c{i}", zh=Text(f"案例{i}", "摘要。", f"<p>{BODY}{named}{coded}</p>")))
    return records, tuple(made)


def naive(records: tuple, cases: tuple) -> int:
    texts = [_case_text(c) for c in cases]
    found = 0
    for p in records:
        keys = [p.uscc, *([p.party_name] if len(p.party_name) >= MIN_NAME_LENGTH else [])]
        found += sum(1 for t in texts if any(k in t for k in keys))
    return found


def regex(records: tuple, cases: tuple) -> int:
    keys = {k for p in records for k in (p.uscc, p.party_name)}
    pattern = re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))
    return sum(len({m.group() for m in pattern.finditer(_case_text(c))}) for c in cases)


def timed(label: str, run) -> None:
    started = time.perf_counter()
    found = run()
    print(f"{label:<10} {time.perf_counter() - started:8.2f} s   {found} matches")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--skip-naive", action="store_true", help="skip the parties × cases search")
    args = parser.parse_args()
    records, cases = inputs(args.parties, args.cases)
    print(f"{args.parties} parties, {args.cases} cases of {len(BODY)} characters")
    timed("automaton", lambda: sum(len(p.cases) for p in build_parties(records, (), cases)))
    timed("regex", lambda: regex(records, cases))
    if not args.skip_naive:
        timed("naive", lambda: naive(records, cases))


if __name__ == "__main__":
    main()
