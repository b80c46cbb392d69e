"""Time the publication rules' masking on many records (all text fields scanned for ID numbers).

    python bench/bench_masking.py                 # 100,000 penalties
    python bench/bench_masking.py --rows 20000

Builds the records in memory (not timed): company penalties with facts of a
realistic length, one in ten a natural person whose name and ID number are
written into the facts, one in fifty a company whose facts hold someone
else's ID number. Then times publish_penalties (windows + masking) and prints
records per second, and how many published records masking changed.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipcredit.checks.codes import resident_id_check_character  # noqa: E402
from ipcredit.records import Origin, PartyType, Penalty, record_id  # noqa: E402
from ipcredit.rules.penalties import publish_penalties  # noqa: E402
from ipcredit.settings import Licence, Localised, Settings  # noqa: E402

AS_OF = date(2026, 11, 24)
FACTS = (
    "当事人于临港经营场所销售标有“金穗”注册商标的电动牙刷共计1276件，经商标权利人鉴定，上述商品均非其生产"
    "或授权生产，属于侵犯注册商标专用权的商品。当事人不能提供上述商品的合法来源，违法经营额共计115,500元。"
    "执法人员调取了当事人的银行流水、电子商务平台交易数据和往来函件，核实了涉案数量和金额。"
)


def resident_id(n: int) -> str:
    first17 = f"319901{date(1970, 1, 1) + timedelta(days=n % 10000):%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_character(first17)


def record(n: int) -> Penalty:
    number = f"江市监知处罚〔2026〕{n}号"
    person = n % 10 == 0
    name = f"李{'晓明建国'[n % 4]}{'华军'[n % 2]}" if person else f"江海测试{n}贸易有限公司"
    facts = FACTS + (f"当事人{name}（身份证号码：{resident_id(n)}）对事实无异议。" if person else "")
    facts += f"股东身份证号码{resident_id(n + 7)}。" if n % 50 == 1 else ""
    return Penalty(
        id=record_id(number), decision_number=number, party_name=name,
        party_type=PartyType.PERSON if person else PartyType.ORGANISATION,
        uscc=None if person else "91110000101623741K", legal_representative=None if person else "王大明",
        id_type="身份证" if person else None, id_number=resident_id(n) if person else None,
        violation_type="侵犯注册商标专用权", ip_type="商标", facts=facts,
        basis="《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款", penalty_categories=("罚款",),
        content="1. 责令立即停止违法行为；2. 罚款人民币231,000元。", fine_yuan=Decimal(231000),
        confiscated_yuan=None, licence_action=None, decision_date=AS_OF - timedelta(days=n % 300),
        validity=None, publicity_end=None, authority="江海市市场监督管理局", authority_uscc="11319900MB0021741W",
        data_source="江海市市场监督管理局", data_source_uscc="11319900MB0021741W", withdrawn_on=None,
        withdrawal_reason=None, remarks="涉案物品已依法销毁" if n % 3 else None, origin=Origin("bench.csv", n + 1),
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    records = [record(n) for n in range(1, rows + 1)]
    settings = Settings(
        name=Localised("基准", "Bench"), base_url="https://example.org/", publisher=Localised("局", "Office"),
        contact_email="a@example.org", contact_phone="0", contact_address=Localised("址", "Address"),
        licence=Licence("CC-BY-4.0", Localised("署名", "BY"), "https://creativecommons.org/licenses/by/4.0/"),
    )  # fmt: skip
    started = time.perf_counter()
    shown, withheld = publish_penalties(records, settings, AS_OF)
    seconds = time.perf_counter() - started
    by_number = {r.decision_number: r for r in records}
    changed = sum(1 for p in shown if p.facts != by_number[p.decision_number].facts)
    print(f"{rows:,} penalties: publish_penalties {seconds:.2f} s, {rows / seconds:,.0f} records/s")
    print(f"  shown {len(shown):,}, withheld {len(withheld):,}; facts changed by masking in {changed:,}")


if __name__ == "__main__":
    main()
