"""Registers as agencies' case systems really export them (the national 双公示 template and its
variants), and the messages a clerk needs to fix one alone."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from ipcredit.checks.codes import (
    organisation_check_character,
    resident_id_check_character,
    uscc_check_character,
)
from ipcredit.checks.columns import column_letter
from ipcredit.checks.partycodes import registration_check_digit
from ipcredit.loading.registers import AuthorityCheck, load_registers
from ipcredit.problems import Problems, display_path
from ipcredit.records import Authority, Origin, PartyType
from ipcredit.rules.classes import window
from ipcredit.rules.dishonesty import publish_dishonesty
from ipcredit.rules.penalties import publish_penalties
from tests.factories import settings

AS_OF = date(2026, 11, 30)
AUTHORITY = Authority(
    "江海市市场监督管理局", "11319900MB0021741W", "Market Regulation", None, Origin("a.yaml", 1)
)
OTHER_AUTHORITY = Authority("江海市知识产权局", "11319900MB0021742U", "IP Office", None, Origin("a.yaml", 2))


def uscc(prefix8: str, org8: str) -> str:
    """A valid 统一社会信用代码 from its first 8 characters and an organisation code body."""
    first17 = prefix8 + org8 + organisation_check_character(org8)
    return first17 + uscc_check_character(first17)


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_character(first17)


COMPANY = uscc("91350100", "MA2H3X4Y")
BUSINESS = uscc("92350100", "MA1B2C3D")  # 个体工商户
REGISTRATION = "31011500046980" + registration_check_digit("31011500046980")
ORGANISATION = "12345678-" + organisation_check_character("12345678")
ADULT = resident_id("11010519800101002")
MINOR = resident_id("11010520100101003")  # born 2010: a minor on a 2025 decision date
REPRESENTATIVE = resident_id("31010119750505123")

# The national 双公示 template's header as a provincial system writes it: numbered code columns
# (one with a trailing space), the legal representative's ID, 处罚金额（万元）, the 财务 typo,
# 数据来源, and a system column.
NATIONAL = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码） ",
    "行政相对人代码_2（工商注册号）", "行政相对人代码_3（组织机构代码）", "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）", "行政相对人代码_6（社会组织登记证号）", "法定代表人",
    "法定代表人证件类型", "法定代表人证件号码", "证件类型", "证件号码", "行政处罚决定书文号",
    "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "处罚金额（万元）",
    "没收违法所得、没收非法财务的金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期", "处罚有效期",
    "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源", "数据来源单位统一社会信用代码",
    "备注", "数据导出时间",
]  # fmt: skip
BASE = {
    "法定代表人": "王大明",
    "违法行为类型": "侵犯注册商标专用权",
    "违法事实": "销售侵权商品。",
    "处罚依据": "《商标法》第六十条",
    "处罚类别": "罚款",
    "处罚内容": "罚款。",
    "处罚金额（万元）": "1.5",
    "没收违法所得、没收非法财务的金额（万元）": "— —",
    "暂扣或吊销证照名称及编号": "--",
    "处罚决定日期": "2026-03-05",
    "处罚有效期": "/",
    "公示截止期": "2027-03-05",
    "处罚机关": AUTHORITY.name,
    "处罚机关统一社会信用代码": AUTHORITY.uscc,
    "数据来源": "江海市市场监督管理局",
    "数据来源单位统一社会信用代码": AUTHORITY.uscc,
    "备注": "无",
    "数据导出时间": "2026-11-29 23:00:01",
}
ROWS = [
    {**BASE, "行政相对人名称": "江海瑞丰贸易有限公司", "行政相对人类别": "法人及非法人组织",
     "行政相对人代码_1（统一社会信用代码） ": COMPANY, "法定代表人证件类型": "身份证",
     "法定代表人证件号码": REPRESENTATIVE, "行政处罚决定书文号": "江市监处罚〔2025〕1号"},
    {**BASE, "行政相对人名称": "江海老字号食品厂", "行政相对人类别": "法人及非法人组织",
     "行政相对人代码_1（统一社会信用代码） ": "— —", "行政相对人代码_2（工商注册号）": REGISTRATION,
     "行政处罚决定书文号": "江市监处罚〔2025〕2号"},
    {**BASE, "行政相对人名称": "李晓明", "行政相对人类别": "自然人", "证件类型": "身份证", "证件号码": ADULT,
     "法定代表人": "— —", "行政处罚决定书文号": "江市监处罚〔2025〕3号"},
    {**BASE, "行政相对人名称": "江海市某某服装店", "行政相对人类别": "个体工商户",
     "行政相对人代码_1（统一社会信用代码） ": BUSINESS, "行政处罚决定书文号": "江市监处罚〔2025〕4号"},
]  # fmt: skip


def csv_bytes(headers: list[str], rows: list[dict[str, str]]) -> bytes:
    """As Excel and case systems write CSV in China: GB18030 with CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row.get(h, "") for h in headers)
    return buffer.getvalue().encode("gb18030")


def xlsx_bytes(tmp_path: Path, headers: list[str], rows: list[dict[str, str]]) -> bytes:
    """An XLSX export: text cells, dates as real date cells, amounts as numbers."""
    path = tmp_path / "export.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet, date_format = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header, "")
            if header in ("处罚决定日期", "公示截止期") and value:
                sheet.write_datetime(r, c, datetime.fromisoformat(value), date_format)
            elif "金额" in header and value.replace(".", "").isdigit():
                sheet.write_number(r, c, float(value))
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return path.read_bytes()


def load(root: Path, penalties: dict[str, bytes] | None = None, listings: dict[str, bytes] | None = None):
    for folder, files in (("penalties", penalties or {}), ("dishonesty", listings or {})):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (root / folder / name).write_bytes(content)
    problems = Problems()
    loaded = load_registers(root, (AUTHORITY, OTHER_AUTHORITY), settings(), problems, window)
    return loaded, [str(p) for p in problems]


def only(problems: list[str], fragment: str) -> str:
    found = [p for p in problems if fragment in p]
    assert len(found) == 1, problems
    return found[0]


def not_gb18030(problems: list[str]) -> list[str]:
    return [p for p in problems if "GB18030" not in p]


# The national template, as CSV and XLSX ------------------------------------------------------------
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_national_template_export_loads_and_publishes_the_right_fields(tmp_path, form):
    content = csv_bytes(NATIONAL, ROWS) if form == "csv" else xlsx_bytes(tmp_path, NATIONAL, ROWS)
    (records, _), problems = load(tmp_path / "d", {f"export.{form}": content})
    assert not_gb18030(problems) == []  # no unknown column, no missing one, no empty-column noise
    shown, withheld = publish_penalties(records, settings(), AS_OF)
    assert withheld == ()
    by_number = {p.decision_number[-3:]: p for p in shown}
    company, old, person, shop = (by_number[f"〕{n}号"] for n in (1, 2, 3, 4))
    assert company.uscc == COMPANY and company.party_code is None
    assert company.fine_yuan == Decimal(15000) and company.confiscated_yuan is None  # — — is no amount
    assert company.licence_action is None and company.validity is None and company.remarks is None
    assert company.data_source == "江海市市场监督管理局" and company.publicity_end == date(2027, 3, 5)
    assert old.uscc is None and (old.party_code, old.party_code_kind) == (REGISTRATION, "工商注册号")
    assert person.party_type is PartyType.PERSON and person.id_number == "1101**********" + ADULT[-4:]
    assert person.party_name == "李**" and person.legal_representative is None
    assert shop.party_type is PartyType.INDIVIDUAL_BUSINESS and shop.uscc == BUSINESS
    for record in shown:  # the legal representative's ID is on no record, in any field
        assert REPRESENTATIVE not in repr(asdict(record))


def test_the_csv_and_xlsx_exports_give_the_same_records(tmp_path):
    (from_csv, _), _ = load(tmp_path / "c", {"e.csv": csv_bytes(NATIONAL, ROWS)})
    (from_xlsx, _), _ = load(tmp_path / "x", {"e.xlsx": xlsx_bytes(tmp_path, NATIONAL, ROWS)})
    strip = [{**asdict(r), "origin": None} for r in from_csv]
    assert strip == [{**asdict(r), "origin": None} for r in from_xlsx] and len(strip) == 4


@pytest.mark.parametrize("header", ["身份证号码", "身份证号", " 身份证号码 "])
def test_issue_12_id_column_header_is_read_as_the_id_and_a_minor_is_withheld(tmp_path, header):
    headers = [h for h in NATIONAL if h != "证件号码"] + [header]
    row = {**ROWS[2], header: MINOR}
    (records, _), problems = load(tmp_path, {"e.csv": csv_bytes(headers, [row])})
    assert not_gb18030(problems) == [] and records[0].id_number == MINOR
    shown, withheld = publish_penalties(records, settings(), AS_OF)
    assert shown == () and withheld[0].reason.value == "minor"


# A party type column missing: inferred, one warning per file ------------------------------------
def test_a_missing_party_type_column_is_inferred_with_one_warning_per_file(tmp_path):
    headers = [h for h in NATIONAL if h != "行政相对人类别"]
    rows = [{**r, "行政相对人类别": ""} for r in ROWS]
    rows.append({**BASE, "行政相对人名称": "某某组织", "行政相对人代码_3（组织机构代码）": ORGANISATION,
                 "行政处罚决定书文号": "江市监处罚〔2025〕5号"})  # fmt: skip
    other_file = [{**rows[0], "行政处罚决定书文号": "江市监处罚〔2025〕6号"}]
    (records, _), problems = load(
        tmp_path, {"a.csv": csv_bytes(headers, rows), "b.csv": csv_bytes(headers, other_file)}
    )
    warnings = [p for p in not_gb18030(problems) if "推断" in p]
    assert len(warnings) == 2 and not_gb18030(problems) == warnings  # one per file, nothing else
    assert warnings[0].startswith(f"{tmp_path / 'penalties/a.csv'}:1: warning: 行政相对人类别:")
    assert "each row's category was inferred from its codes" in warnings[0]
    types = {r.decision_number[-3:]: r.party_type for r in records if r.origin.path.endswith("a.csv")}
    assert types == {
        "〕1号": PartyType.ORGANISATION,  # a USCC
        "〕2号": PartyType.ORGANISATION,  # no USCC, a 工商注册号
        "〕3号": PartyType.PERSON,  # an 18-digit ID
        "〕4号": PartyType.INDIVIDUAL_BUSINESS,  # a USCC starting 92
        "〕5号": PartyType.ORGANISATION,  # no USCC, an 组织机构代码
    }


def test_a_row_whose_type_cannot_be_inferred_is_an_error_saying_what_to_add(tmp_path):
    headers = [h for h in NATIONAL if h != "行政相对人类别"]
    row = {**BASE, "行政相对人名称": "某某", "行政处罚决定书文号": "江市监处罚〔2025〕9号"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(headers, [row])})
    assert records == ()
    message = only(problems, "无法推断类别")
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:2: error: 行政相对人类别:")
    assert (
        "请在表头中加上「行政相对人类别」列并填写" in message and "add the column 行政相对人类别" in message
    )


def test_the_dishonesty_list_infers_its_entity_type_too(tmp_path):
    headers = ["主体名称", "行政相对人代码_1（统一社会信用代码）", "法定代表人", "列入决定书文号", "失信行为",
               "列入依据", "列入机关", "列入日期"]  # fmt: skip
    row = {"主体名称": "江海某店", "行政相对人代码_1（统一社会信用代码）": BUSINESS, "法定代表人": "赵一",
           "列入决定书文号": "江失信〔2025〕1号", "失信行为": "恶意商标注册", "列入依据": "第九条",
           "列入机关": AUTHORITY.name, "列入日期": "2025-06-01"}  # fmt: skip
    (_, listings), problems = load(tmp_path, listings={"a.csv": csv_bytes(headers, [row])})
    assert [p for p in not_gb18030(problems) if "主体类别" not in p] == []
    (entry,) = listings
    assert entry.entity_type is PartyType.INDIVIDUAL_BUSINESS and entry.legal_representative == "赵一"
    assert publish_dishonesty(listings, settings(), AS_OF)[0][0].uscc == BUSINESS


# The party's other codes and the legal representative's ID ------------------------------------
@pytest.mark.parametrize(
    ("header", "wrong", "fragment"),
    [
        ("行政相对人代码_2（工商注册号）", REGISTRATION[:14] + str((int(REGISTRATION[14]) + 1) % 10),
         f"工商注册号「{{}}」校验不通过，请与营业执照逐位核对；若其他各位无误，第 15 位应为 {REGISTRATION[14]}"),
        ("行政相对人代码_3（组织机构代码）", "12345678-0" if ORGANISATION[-1] != "0" else "12345678-1",
         f"校验不通过，请与代码证或营业执照核对；若前 8 位无误，校验位应为 {ORGANISATION[-1]}"),
    ],
)  # fmt: skip
def test_a_wrong_legacy_code_is_a_warning_and_the_record_still_loads(tmp_path, header, wrong, fragment):
    row = {**ROWS[1], "行政相对人代码_2（工商注册号）": "", header: wrong}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    assert len(records) == 1 and records[0].party_code == wrong
    message = only(problems, "校验不通过")
    assert (
        message.startswith(f"{tmp_path / 'penalties/a.csv'}:2: warning: {header}")
        and fragment.format(wrong) in message
    )
    assert "does not check out; compare it with" in message


def test_a_valid_legacy_code_gives_no_warning(tmp_path):
    row = {**ROWS[1], "行政相对人代码_3（组织机构代码）": ORGANISATION}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    assert not_gb18030(problems) == [] and records[0].party_code == REGISTRATION  # the first code given


@pytest.mark.parametrize(
    ("party", "code", "level"),
    [("法人及非法人组织", COMPANY, "warning"), ("个体工商户", BUSINESS, "error")],
)
def test_the_legal_representatives_id_is_checked_and_never_stored(tmp_path, party, code, level):
    wrong = REPRESENTATIVE[:17] + ("1" if REPRESENTATIVE[17] != "1" else "2")
    row = {
        **ROWS[0],
        "行政相对人类别": party,
        "行政相对人代码_1（统一社会信用代码） ": code,
        "法定代表人证件号码": wrong,
    }
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    message = only(problems, "居民身份证号码校验不通过")
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:2: {level}: 法定代表人证件号码 (列 K):")
    assert len(records) == (0 if level == "error" else 1)  # an operator's unreadable ID stops the row
    assert all(wrong not in repr(asdict(r)) for r in records)


def test_the_legal_representative_id_header_variant_is_known(tmp_path):
    headers = [("法定代表人身份证号" if h == "法定代表人证件号码" else h) for h in NATIONAL]
    row = {**ROWS[0], "法定代表人身份证号": REPRESENTATIVE}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(headers, [row])})
    assert not_gb18030(problems) == [] and REPRESENTATIVE not in repr(asdict(records[0]))


# Headers -----------------------------------------------------------------------------------------
def test_a_near_miss_header_gets_did_you_mean_the_known_name(tmp_path):
    headers = [("处罚决定日起" if h == "处罚决定日期" else h) for h in NATIONAL]
    row = {**ROWS[0], "处罚决定日起": "2026-03-05"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(headers, [row])})
    assert records == ()  # the required column is then missing
    hint = only(problems, "您是否指")
    assert hint.startswith(f"{tmp_path / 'penalties/a.csv'}:1: warning: 处罚决定日起 (列 W):")
    assert "您是否指「处罚决定日期」？请改正列名" in hint and "did you mean 处罚决定日期?" in hint
    assert "缺少必填列" in only(problems, "处罚决定日期:")


def test_a_far_unknown_header_is_a_plain_warning(tmp_path):
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes([*NATIONAL, "承办人"], ROWS[:1])})
    assert len(records) == 1
    assert not_gb18030(problems) == [only(problems, "承办人 (列 AF): 未知的列，已忽略（本列内容不会公开）")]


@pytest.mark.parametrize("header", ["身份证", "联系人证件号", "负责人ID", "id"])
def test_an_unknown_column_named_like_an_id_column_is_an_error(tmp_path, header):
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes([*NATIONAL, header], ROWS[:1])})
    assert records == ()
    message = only(problems, "像是身份证件号码列")
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:1: error: {header} (列 AF):")
    assert (
        "自然人的号码请放在「证件号码」列，法定代表人的放在「法定代表人证件号码」列，本文件未导入" in message
    )
    assert "which the masking rules would not see; put a person's ID under 证件号码" in message


def test_an_unknown_column_holding_resident_ids_is_an_error_at_the_first_such_row(tmp_path):
    rows = [
        {**ROWS[0], "联系人": "张三"},
        {**ROWS[1], "联系人": f"'{ADULT[:6]} {ADULT[6:]}"},
        {**ROWS[2], "联系人": ADULT},
    ]
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes([*NATIONAL, "联系人"], rows)})
    message = only(problems, "像是身份证件号码列")
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:3: error: 联系人 (列 AF):")


def test_system_columns_are_known_and_silent(tmp_path):
    headers = [*NATIONAL, "数据更新时间", "序号"]
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(headers, ROWS[:1])})
    assert not_gb18030(problems) == [] and len(records) == 1


def test_an_empty_optional_column_gives_no_warning(tmp_path):
    rows = [{**r, "备注": "", "处罚有效期": ""} for r in ROWS]
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, rows)})
    assert not_gb18030(problems) == []


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (8, "I"), (25, "Z"), (26, "AA"), (51, "AZ"), (702, "AAA")]
)
def test_excel_column_letters(index, letter):
    assert column_letter(index) == letter


def test_a_problem_shows_the_column_letter_beside_the_header(tmp_path):
    headers = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "行政处罚决定书文号", "违法行为类型",
               "处罚依据", "处罚类别", "处罚内容", "违法事实", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码"]  # fmt: skip
    row = {**ROWS[0], "统一社会信用代码": COMPANY, "违法事实": ""}
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes(headers, [row])})
    assert only(problems, "必填项为空").startswith(
        f"{tmp_path / 'penalties/a.csv'}:2: error: 违法事实 (列 I): "
    )


def test_a_required_value_holding_only_a_placeholder_says_so(tmp_path):
    row = {**ROWS[0], "违法事实": "— —"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    assert records == ()
    assert "必填项只写了「— —」（表示无内容），请填写实际内容" in only(problems, "违法事实 (列 P)")


# Messages a clerk can act on alone ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "zh", "en"),
    [
        (
            "2026/2/30",
            "日期「2026/2/30」不存在：2026年2月没有30日（该月只有 28 天）",
            "February 2026 has no 30th day",
        ),
        ("2025年4月31日", "2025年4月没有31日", "April 2025 has no 31st day"),
        ("2025-02-29", "2025年2月没有29日", "February 2025 has no 29th day"),
        ("2025.13.1", "月份应为 1 到 12，实为 13", "a month is 1 to 12, found 13"),
        ("2025-3-32", "2025年3月没有32日", "March 2025 has no 32nd day"),
        (
            "3/5/2025",
            "不是可识别的日期，请写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日",
            "write it as 2024-03-05",
        ),
    ],
)
def test_a_date_that_does_not_exist_says_so(tmp_path, written, zh, en):
    row = {**ROWS[0], "处罚决定日期": written}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    message = only(problems, "处罚决定日期 (列 W)")
    assert records == () and zh in message and en in message
    if "不存在" in zh:
        assert "请写作" not in message  # the format was right: the day is what is wrong


def test_a_wrong_check_character_first_says_to_compare_with_the_licence(tmp_path):
    wrong = COMPANY[:17] + ("0" if COMPANY[17] != "0" else "1")
    row = {**ROWS[0], "行政相对人代码_1（统一社会信用代码） ": wrong}
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    message = only(problems, "校验不通过")
    zh = f"统一社会信用代码「{wrong}」校验不通过，请与营业执照逐位核对；若前 17 位无误，第 18 位应为 {COMPANY[17]}"
    assert zh in message
    assert message.index("does not check out") < message.index(f"the 18th should be {COMPANY[17]}")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("江海市市场监管局", "江海市市场监督管理局"),  # the common abbreviation
        ("江海市市场监督管里局", "江海市市场监督管理局"),  # a typo
        ("江海知识产权局", "江海市知识产权局"),
        ("上海市市场监督管理局", None),  # another city's bureau: only the suffix is shared
        ("江海市浦东新区市场监督管理局", None),  # a district bureau, not the city's
        ("江海市版权局", None),  # another authority of the same city
    ],
)
def test_did_you_mean_only_for_genuinely_close_authority_names(written, hint):
    assert AuthorityCheck((AUTHORITY, OTHER_AUTHORITY)).hint(written) == hint


def test_an_unknown_authority_without_a_close_name_says_to_register_it(tmp_path):
    row = {**ROWS[0], "处罚机关": "上海市市场监督管理局"}
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    message = only(problems, "不在 authorities.yaml 中")
    assert "您是否指" not in message and "请先在 authorities.yaml 中登记，或改正名称" in message


def test_paths_are_shown_relative_to_the_folder_the_clerk_gave(tmp_path):
    data = tmp_path / "agency" / "cases_data"
    problems = Problems(roots=(tmp_path / "content", data))
    problems.error(data / "penalties" / "a.csv", 2, "x")
    problems.error(tmp_path / "elsewhere.csv", 1, "y")
    assert [str(p).split(":")[0] for p in problems] == [
        "cases_data/penalties/a.csv",
        str(tmp_path / "elsewhere.csv"),
    ]
    assert display_path(Path("cases_data/x.csv"), (Path("cases_data"),)) == "cases_data/x.csv"


def test_duplicate_messages_name_the_other_place_relative_to_the_folder(tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / "cases_data" / "penalties").mkdir(parents=True, exist_ok=True)
        (tmp_path / "cases_data" / "penalties" / name).write_bytes(csv_bytes(NATIONAL, ROWS[:1]))
    problems = Problems(roots=(tmp_path / "cases_data",))
    load_registers(tmp_path / "cases_data", (AUTHORITY,), settings(), problems, window)
    texts = [str(p) for p in problems if "重复" in p.message]
    assert texts[0].startswith("cases_data/penalties/b.csv:2: error: 行政处罚决定书文号 (列 N):")
    assert "另见 cases_data/penalties/a.csv:2；同一决定只能登记一次" in texts[0]


@pytest.mark.parametrize(("party", "loads"), [("个体工商户", False), ("法人及非法人组织", True)])
def test_an_operators_unreadable_id_is_an_error_like_a_persons(tmp_path, party, loads):
    wrong = ADULT[:17] + ("1" if ADULT[17] != "1" else "2")
    row = {**ROWS[3], "行政相对人类别": party, "证件类型": "身份证", "证件号码": wrong}
    (records, _), problems = load(tmp_path, {"a.csv": csv_bytes(NATIONAL, [row])})
    assert len(records) == int(loads)
    if not loads:
        assert only(problems, "居民身份证号码校验不通过").startswith(
            f"{tmp_path / 'penalties/a.csv'}:2: error: 证件号码 (列 M):"
        )


@pytest.mark.parametrize(
    ("written", "known"),
    [("罚款金额", "罚款金额（万元）"), ("行政相对人代码_1", "统一社会信用代码"), ("违法事宜", "违法事实"),
     ("行政处罚决定文号", "行政处罚决定书文号")],
)  # fmt: skip
def test_near_miss_headers_name_the_known_column(tmp_path, written, known):
    (_, _), problems = load(tmp_path, {"a.csv": csv_bytes([*NATIONAL, written], ROWS[:1])})
    assert f"您是否指「{known}」" in only(problems, f"{written} (列 AF)")


def test_an_id_column_on_the_dishonesty_list_says_the_list_carries_none(tmp_path):
    headers = ["主体名称", "主体类别", "统一社会信用代码", "身份证号码", "列入决定书文号", "失信行为", "列入依据",
               "列入机关", "列入日期"]  # fmt: skip
    _, problems = load(tmp_path, listings={"a.csv": csv_bytes(headers, [])})
    message = only(problems, "身份证号码 (列 D)")
    assert ": error: " in message and "本名单不登记自然人的证件号码，请删除此列" in message
