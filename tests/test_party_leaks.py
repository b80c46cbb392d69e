"""A party whose records are all withheld is nowhere: no party page, no dataset row, no search
document; its name, code and decision numbers are in no file a real build writes. The same scan
finds a shown party in its page, the parties datasets and the search files, so it does reach them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile import AS_OF, AUTHORITY, Registers, credit_code
from tests.leaks import find_leaks
from tests.test_no_leaks import run, source_tree

SHOWN_NAME, SHOWN_CODE = "江海明辉五金有限公司", credit_code(1)
GONE_NAME, GONE_CODE = "江海暗影贸易有限公司", credit_code(2)
GONE_NUMBERS = ("江知罚〔2024〕801号", "江知罚〔2026〕802号")


def _penalty(name: str, code: str, number: str, decided: str, withdrawn: str = "") -> dict[str, str]:
    return {
        "行政相对人名称": name, "行政相对人类别": "法人及非法人组织", "统一社会信用代码": code,
        "法定代表人": "王大明", "行政处罚决定书文号": number, "违法行为类型": "侵犯注册商标专用权",
        "违法事实": "销售侵权商品。", "处罚依据": "《中华人民共和国商标法》第六十条", "处罚类别": "罚款", "处罚内容": "罚款人民币五万元。",
        "罚款金额（元）": "50000", "处罚决定日期": decided, "处罚机关": AUTHORITY[0],
        "处罚机关统一社会信用代码": AUTHORITY[1], "撤下日期": withdrawn, "撤下原因": "信用修复" if withdrawn else "",
    }  # fmt: skip


def test_a_party_whose_records_are_all_withheld_is_in_no_file(tmp_path: Path):
    registers = Registers(
        penalties=[
            _penalty(SHOWN_NAME, SHOWN_CODE, "江知罚〔2026〕701号", "2026-05-01"),
            _penalty(SHOWN_NAME, SHOWN_CODE, "江知罚〔2026〕702号", "2026-04-01"),
            _penalty(GONE_NAME, GONE_CODE, GONE_NUMBERS[0], "2024-01-10"),  # a year's publicity is over
            _penalty(GONE_NAME, GONE_CODE, GONE_NUMBERS[1], "2026-03-01", withdrawn="2026-04-01"),  # repaired
        ]
    )
    content, data = source_tree(tmp_path, registers)
    out = tmp_path / "public"
    code, _out, err = run(
        "build",
        "--content",
        str(content),
        "--data",
        str(data),
        "--as-of",
        AS_OF.isoformat(),
        "--out",
        str(out),
    )
    assert code == 0, err
    assert find_leaks(out, {GONE_NAME, GONE_CODE, GONE_CODE.lower(), *GONE_NUMBERS}) == []
    assert not (out / "parties" / GONE_CODE).exists() and not (out / "en" / "parties" / GONE_CODE).exists()
    # The shown party is in every kind of file the scan must cover: it reads them all.
    found = {leak.where.split("!")[0] for leak in find_leaks(out, {SHOWN_CODE}, any_resident_id=False)}
    assert {
        f"parties/{SHOWN_CODE}/index.html",
        f"en/parties/{SHOWN_CODE}/index.html",
        "parties/index.html",
        "data/parties.csv",
        "data/parties.json",
        "data/parties.xlsx",
    } <= found
    assert any(where.startswith("search-index/") for where in found)
    rows = json.loads((out / "data" / "parties.json").read_text(encoding="utf-8"))
    assert [r["code"] for r in rows] == [SHOWN_CODE]
