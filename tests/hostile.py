"""Hypothesis strategies for hostile registers, as a careless or hostile clerk would fill them.

:func:`registers` draws a penalty register and a dishonesty list whose rows
carry what the publication rules must handle: natural persons' names and ID
numbers written with spaces, hyphens, Excel's apostrophe, full-width digits or
a lower-case x, and copied into free-text fields; other people's ID numbers in
a company's text; minors on either side of their 18th birthday; withheld
records (expired, withdrawn, not yet effective, removed); text that starts like
a spreadsheet formula; decision numbers in every bracket and digit width,
sometimes the same number twice; the key trademark list (expired or future
marks, natural-person holders, ID numbers in the measures) and the risk point
lists (removed or future places); written as UTF-8 CSV, GB18030 CSV or XLSX;
and a notice of service whose text holds its addressee's ID number. Each draw knows what must never be published
(:attr:`Registers.secrets`) and whether the build must refuse it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter
from hypothesis import strategies as st

from ipcredit.checks.codes import (
    USCC_CHARSET,
    organisation_check_character,
    resident_id_check_character,
    uscc_check_character,
)
from ipcredit.rules.periods import add_months
from tests.leaks import full_width, id_forms

AS_OF = date(2026, 6, 1)
AUTHORITY = ("江海市知识产权局", "91110000101623741K")  # as in tests.conftest.AUTHORITIES_YAML
SURNAMES = ("欧阳", "司马", "上官", "诸葛", "郗", "虞", "殳", "蒯", "逄", "訾")
GIVEN = "翀骞彧煊玥芃旻晞珺琰瑾璟翊颀骁昶"  # rare enough that no site text holds two of them in a row
FORMULA_STARTS = ("", "", "=", "+", "-", "@", "\t", "＝", '=HYPERLINK("http://evil.example")&')
BRACKETS = ("〔〕", "[]", "（）", "()", "【】", "［］")
PENALTY_HEADERS = (
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（元）",
    "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "撤下日期", "撤下原因", "备注",
)  # fmt: skip
LISTING_HEADERS = (
    "主体名称", "主体类别", "统一社会信用代码", "法定代表人（负责人）", "列入决定书文号", "失信行为",
    "列入依据", "列入机关", "列入日期", "移出日期", "移出原因", "惩戒措施",
)  # fmt: skip
MARK_HEADERS = (
    "商标名称", "商标注册号", "核定使用类别", "商标权利人", "权利人统一社会信用代码", "权利人国家或地区",
    "权利人英文名称", "列入日期", "有效期至", "列入机关", "保护措施",
)  # fmt: skip
PLACE_HEADERS = (
    "名录", "名称", "类型", "所在区", "地址或网址", "涉及知识产权类型", "列入日期", "移出日期", "列入机关", "监管措施",
)  # fmt: skip


@dataclass
class Registers:
    penalties: list[dict[str, str]] = field(default_factory=list)
    listings: list[dict[str, str]] = field(default_factory=list)
    marks: list[dict[str, str]] = field(default_factory=list)  # the key trademark protection list
    places: list[dict[str, str]] = field(default_factory=list)  # risk points and markets under focus
    id_header: str = "证件号码"
    secrets: set[str] = field(default_factory=set)  # never in any output file
    must_fail: bool = False  # an error the build must report (bad ID, duplicate number)
    years: list[int] = field(default_factory=list)  # each penalty's decision number's year
    file_format: str = "csv"  # csv (UTF-8), gb18030 (CSV) or xlsx (every cell a text cell)
    notice_body: str = ""  # a notice of service by publication, naming its addressee's ID number

    def write(self, data: Path) -> None:
        headers = [self.id_header if h == "证件号码" else h for h in PENALTY_HEADERS]
        rows = [{self.id_header if k == "证件号码" else k: v for k, v in r.items()} for r in self.penalties]
        write_table(data / "penalties" / "hostile", headers, rows, self.file_format)
        write_table(data / "dishonesty" / "hostile", list(LISTING_HEADERS), self.listings, self.file_format)
        if self.marks:
            write_table(data / "key-trademarks" / "hostile", list(MARK_HEADERS), self.marks, self.file_format)
        if self.places:
            write_table(data / "risk-points" / "hostile", list(PLACE_HEADERS), self.places, self.file_format)


def write_table(stem: Path, headers: list[str], rows: list[dict[str, str]], file_format: str) -> Path:
    """The rows as an XLSX (text cells) or a UTF-8/GB18030 CSV at ``stem`` + suffix; returns the file."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    table = [headers, *([row.get(h, "") for h in headers] for row in rows)]
    if file_format == "xlsx":
        workbook = xlsxwriter.Workbook(str(stem.with_suffix(".xlsx")))
        sheet = workbook.add_worksheet()
        for r, values in enumerate(table):
            for c, value in enumerate(values):
                if value:
                    sheet.write_string(r, c, value)
        workbook.close()
        return stem.with_suffix(".xlsx")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    encoding = "gb18030" if file_format == "gb18030" else "utf-8"
    stem.with_suffix(".csv").write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return stem.with_suffix(".csv")


def resident_id(born: date, sequence: int, legacy: bool = False) -> str:
    if legacy:
        return f"310101{born:%y%m%d}{sequence:03d}"
    first17 = f"319901{born:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_character(first17)


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码, different for each serial."""
    first16 = f"92319901{serial:07d}M"
    first17 = first16 + organisation_check_character(first16[8:16])
    assert all(c in USCC_CHARSET for c in first17)
    return first17 + uscc_check_character(first17)


@st.composite
def written_id(draw: st.DrawFn, number: str, in_column: bool) -> str:
    """An ID number as a clerk or Excel writes it."""
    parts = (number[:6], number[6:-4], number[-4:])
    forms = [
        number,
        " ".join(parts),
        "-".join(parts),
        "\u3000".join(parts),
        full_width(number),
        number.lower(),
    ]
    if in_column:
        forms.append("'" + number)
    return draw(st.sampled_from(forms))


@st.composite
def decision_number(draw: st.DrawFn, serial: int, prefix: str, year: int | None = None) -> tuple[str, str]:
    """(canonical, as written) for a unique serial."""
    year = year or draw(st.sampled_from([2024, 2025, 2026]))
    canonical = f"{prefix}〔{year}〕{serial}号"
    left, right = draw(st.sampled_from(BRACKETS))
    digits = draw(st.sampled_from([str, lambda s: full_width(str(s))]))
    space = draw(st.sampled_from(["", " "]))
    return canonical, f"{prefix}{space}{left}{digits(year)}{right}{space}{digits(serial)}号"


@st.composite
def person_name(draw: st.DrawFn, used: set[str]) -> str:
    """A surname and two given characters, unique in the draw (and never inside another name)."""
    surname = draw(st.sampled_from(SURNAMES))
    given = draw(st.text(alphabet=GIVEN, min_size=2, max_size=2))
    pairs = (a + b for a in GIVEN for b in GIVEN)
    while surname + given in used:
        given = next(pairs)
    used.add(surname + given)
    return surname + given


@st.composite
def registers(draw: st.DrawFn, max_rows: int = 4, id_headers: tuple[str, ...] = ("证件号码",)) -> Registers:
    """``id_headers``: the headers the ID column may have (only those the build reads)."""
    found = Registers(
        id_header=draw(st.sampled_from(id_headers)),
        file_format=draw(st.sampled_from(["csv", "gb18030", "xlsx"])),
    )
    used: set[str] = set()
    for serial in range(1, draw(st.integers(1, max_rows)) + 1):
        _penalty(draw, found, serial, used)
    for serial in range(1, draw(st.integers(0, max_rows)) + 1):
        _listing(draw, found, serial, used)
    for serial in range(1, draw(st.integers(0, max_rows)) + 1):
        _mark(draw, found, serial, used)
    for serial in range(1, draw(st.integers(0, max_rows)) + 1):
        _place(draw, found, serial)
    served = resident_id(date(1975, 3, 3) + timedelta(days=draw(st.integers(0, 5000))), 321)
    found.notice_body = (
        f"受送达人（公民身份号码：{draw(written_id(served, in_column=False))}）：请领取决定书。"
    )
    found.secrets |= id_forms(served)
    if found.penalties and draw(st.booleans()):  # the same number again, written another way
        first = found.penalties[0]
        again = dict(first, **{"行政处罚决定书文号": draw(decision_number(1, "江知罚", found.years[0]))[1]})
        found.penalties.append(again)
        found.must_fail = True
    return found


def _dates(draw: st.DrawFn) -> tuple[str, date, date | None]:
    """(fate, decision or listing date, withdrawal or removal date)."""
    fate = draw(st.sampled_from(["shown", "shown", "expired", "withdrawn", "future"]))
    recent = AS_OF - timedelta(days=draw(st.integers(5, 60)))
    if fate == "expired":
        return fate, date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 300))), None
    if fate == "future":
        return fate, AS_OF + timedelta(days=draw(st.integers(1, 30))), None
    if fate == "withdrawn":
        return fate, recent, recent + timedelta(days=draw(st.integers(0, 4)))
    return fate, recent, None


def _penalty(draw: st.DrawFn, found: Registers, serial: int, used: set[str]) -> None:
    party = draw(st.sampled_from(["法人及非法人组织", "自然人", "自然人", "个体工商户"]))
    fate, decided, withdrawn = _dates(draw)
    year = draw(st.sampled_from([2024, 2025, 2026]))
    found.years.append(year)
    canonical, written = draw(decision_number(serial, "江知罚", year))
    start = draw(st.sampled_from(FORMULA_STARTS))
    name = draw(person_name(used))
    row = {
        "行政相对人类别": party, "行政处罚决定书文号": written, "违法行为类型": "侵犯注册商标专用权",
        "处罚依据": "《中华人民共和国商标法》第六十条", "处罚类别": "罚款", "罚款金额（元）": "50000",
        "处罚决定日期": decided.isoformat(), "处罚机关": AUTHORITY[0], "处罚机关统一社会信用代码": AUTHORITY[1],
        "撤下日期": withdrawn.isoformat() if withdrawn else "", "撤下原因": "信用修复" if withdrawn else "",
    }  # fmt: skip
    withheld = fate != "shown"
    facts = f"{start}当事人销售侵权商品{serial}批。"
    if party == "法人及非法人组织":
        code = credit_code(serial)
        core = f"江海第{serial}号{fate}有限公司"
        row.update({"行政相对人名称": start + core, "统一社会信用代码": code, "法定代表人": "王大明"})
        other = resident_id(date(1980, 1, 1) + timedelta(days=serial * 97), serial)
        facts += f"股东（身份证号码：{draw(written_id(other, in_column=False))}）到场。"
        found.secrets |= id_forms(other)
        if withheld:
            found.secrets |= {core, code}
    else:
        minor_delta = draw(st.integers(-3, 3))  # days from the 18th birthday to the decision date
        adult = draw(st.booleans())
        born = add_months(decided, -18 * 12) + timedelta(days=-400 if adult else minor_delta)
        legacy = adult and draw(st.integers(0, 4)) == 0 and born.year < 2000
        number = resident_id(born, serial, legacy=legacy)
        broken = draw(st.integers(0, 9)) == 0 and not legacy
        if broken:  # the wrong check character
            number = number[:17] + ("0" if number[17] != "0" else "1")
            found.must_fail = True
        in_column = draw(written_id(number, in_column=True))
        in_text = draw(written_id(number, in_column=False))
        written_name = draw(st.sampled_from([name, name, f"{name[0]} {name[1:]}"]))
        found.secrets |= id_forms(number)
        # a minor: on the decision date, not yet the day after the 18th birthday
        withheld = withheld or decided <= add_months(born, 18 * 12)
        if party == "自然人":
            row.update({"行政相对人名称": written_name, "证件类型": draw(st.sampled_from(["身份证", ""])),
                        "法定代表人": draw(st.sampled_from(["", name]))})  # fmt: skip
            facts += f"当事人{written_name}（{in_text}）承认。"
            found.secrets |= {name, written_name}
        else:
            shop = f"江海市{name}第{serial}五金店"
            row.update(
                {
                    "行政相对人名称": start + shop,
                    "法定代表人": name,
                    "统一社会信用代码": credit_code(serial + 500),
                }
            )
            facts += f"经营者身份证号码{in_text}。"
            if withheld:
                found.secrets |= {shop, row["统一社会信用代码"]}
        row["证件号码"] = in_column
    row.update({"违法事实": facts, "处罚内容": f"{start}罚款人民币五万元。", "备注": facts})
    if withheld:
        found.secrets |= {canonical, written}
    found.penalties.append(row)


def _listing(draw: st.DrawFn, found: Registers, serial: int, used: set[str]) -> None:
    party = draw(st.sampled_from(["法人及非法人组织", "自然人"]))
    fate, listed, removed = _dates(draw)
    canonical, written = draw(decision_number(serial, "江知失"))
    start = draw(st.sampled_from(FORMULA_STARTS))
    row = {
        "主体类别": party, "列入决定书文号": written, "列入依据": "《市场监督管理严重违法失信名单管理办法》第九条",
        "列入机关": AUTHORITY[0], "列入日期": listed.isoformat(),
        "移出日期": removed.isoformat() if removed else "", "移出原因": "信用修复" if removed else "",
    }  # fmt: skip
    other = resident_id(date(1970, 1, 1) + timedelta(days=serial * 131), serial + 100)
    measures = f"{start}重点监管；关联人员身份证号码{draw(written_id(other, in_column=False))}。"
    found.secrets |= id_forms(other)
    if party == "自然人":
        name = draw(person_name(used))
        row.update({"主体名称": name, "失信行为": f"{name}恶意注册商标", "法定代表人（负责人）": name})
        found.secrets.add(name)
        measures += f"对{name}实施联合惩戒。"
    else:
        code = credit_code(serial + 1000)
        core = f"江海失信第{serial}号{fate}科技有限公司"
        row.update({"主体名称": start + core, "统一社会信用代码": code,
                    "法定代表人（负责人）": "李四", "失信行为": f"{start}恶意注册商标"})  # fmt: skip
        if fate != "shown":
            found.secrets |= {core, code}
    row["惩戒措施"] = measures
    if fate != "shown":
        found.secrets |= {canonical, written}
    found.listings.append(row)


def _mark(draw: st.DrawFn, found: Registers, serial: int, used: set[str]) -> None:
    """A mark shown, expired (some shown a year before: then in the change log) or listed ahead;
    held by a company, a foreign holder or a natural person (a domestic name without a code)."""
    fate = draw(st.sampled_from(["shown", "shown", "expired", "future"]))
    if fate == "future":
        listed, until = AS_OF + timedelta(days=draw(st.integers(1, 30))), date(2029, 12, 31)
    elif fate == "expired":  # protected until a day before as-of at the latest
        listed, until = date(2024, 1, 1), AS_OF - timedelta(days=draw(st.integers(1, 500)))
    else:  # shown up to and including the last day of protection
        listed, until = (
            AS_OF - timedelta(days=draw(st.integers(0, 60))),
            AS_OF + timedelta(days=draw(st.integers(0, 400))),
        )
    start = draw(st.sampled_from(FORMULA_STARTS))
    core, number = f"第{serial}号{fate}商标", str(52000000 + serial * 7)
    other = resident_id(date(1972, 1, 1) + timedelta(days=serial * 113), serial + 200)
    found.secrets |= id_forms(other)
    row = {
        "商标名称": start + core, "商标注册号": number, "核定使用类别": draw(st.sampled_from(["25", "25；35", "9；42"])),
        "列入日期": listed.isoformat(), "有效期至": until.isoformat(), "列入机关": AUTHORITY[0],
        "保护措施": f"{start}优先受理投诉；联系人身份证号码{draw(written_id(other, in_column=False))}。",
    }  # fmt: skip
    holder = draw(st.sampled_from(["company", "foreign", "person"]))
    if holder == "person":  # published as a natural person: surname only, wherever the name is written
        name = draw(person_name(used))
        row.update({"商标权利人": name, "权利人国家或地区": draw(st.sampled_from(["", "中国"]))})
        row["保护措施"] += f"权利人{name}本人申请。"
        found.secrets.add(name)
    elif holder == "foreign":
        row.update({"商标权利人": f"Hostile {fate} Holder {serial} GmbH", "权利人国家或地区": "德国",
                    "权利人英文名称": f"Hostile {fate} Holder {serial} GmbH"})  # fmt: skip
    else:
        row.update(
            {
                "商标权利人": f"江海第{serial}号{fate}权利人有限公司",
                "权利人统一社会信用代码": credit_code(serial + 2000),
            }
        )
    if fate != "shown":
        found.secrets |= {core, number, row["商标权利人"], row.get("权利人统一社会信用代码", "")}
    found.marks.append(row)


def _place(draw: st.DrawFn, found: Registers, serial: int) -> None:
    """A place shown (some with a removal date ahead), removed (on as-of at the latest) or listed ahead."""
    fate = draw(st.sampled_from(["shown", "shown", "removed", "future"]))
    listed, removed = AS_OF - timedelta(days=draw(st.integers(0, 400))), None
    if fate == "future":
        listed = AS_OF + timedelta(days=draw(st.integers(1, 30)))
    elif fate == "removed":  # shown while as-of < the removal date: gone on that day
        removed = AS_OF - timedelta(days=draw(st.integers(0, 300)))
        listed = min(listed, removed - timedelta(days=1))  # the removal comes after the listing
    elif draw(st.booleans()):
        removed = AS_OF + timedelta(days=draw(st.integers(1, 30)))
    start = draw(st.sampled_from(FORMULA_STARTS))
    core, address = f"江海第{serial}号{fate}市场", f"江海市浦江区{fate}路{serial}号"
    other = resident_id(date(1974, 1, 1) + timedelta(days=serial * 127), serial + 300)
    found.secrets |= id_forms(other)
    found.places.append({
        "名录": draw(st.sampled_from(["侵权易发风险点", "重点关注市场"])), "名称": start + core,
        "类型": draw(st.sampled_from(["专业市场", "电商平台", "展会", "商圈", "其他"])), "所在区": "浦江区",
        "地址或网址": address, "涉及知识产权类型": draw(st.sampled_from(["商标", "商标；著作权"])),
        "列入日期": listed.isoformat(), "移出日期": removed.isoformat() if removed else "",
        "列入机关": AUTHORITY[0], "监管措施": f"{start}每月巡查；举报人身份证号码{draw(written_id(other, in_column=False))}。",
    })  # fmt: skip
    if fate != "shown":
        found.secrets |= {core, address}


# Hostile YAML values (site.yaml, front matter) ---------------------------------------------------
WEIRD_TEXT = [
    "9999-12-31", "0001-01-01", "2025-02-30", "2025-13-45", "10000-01-01", "2025/3/5", "2025年3月5日",
    "1e28", "NaN", "-Infinity", "2025-01-01", "", " ", "\x00", "\u202e", "../penalties/x.csv",
]  # fmt: skip
SCALARS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=12),
    st.sampled_from(WEIRD_TEXT),
    st.dates().map(str),
)
SHORT_KEYS = st.text(max_size=6)


def yaml_values(
    keys: st.SearchStrategy = SHORT_KEYS,
    scalars: st.SearchStrategy = SCALARS,
    width: int = 3,
    max_leaves: int = 8,
) -> st.SearchStrategy:
    """Any YAML value: ``scalars``, and lists and mappings (keyed by ``keys``) of them, nested;
    ``width`` items at most in each list or mapping."""
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=width), st.dictionaries(keys, inner, max_size=width)
        ),
        max_leaves=max_leaves,
    )
