"""The national 双公示 column names of the two registers, their real-world variants, and how a
file's header is matched.

One table, :data:`ALIASES`, lists every header variant seen in agencies' exports: a new variant
is one line there. Headers match after removing white space and treating full-width and
half-width parentheses alike. Amount columns carry their unit in the header (万元 or 元); values
are converted to yuan. System columns (:data:`SYSTEM_HEADERS`) are known and never read.

A missing required column fails the file, except 行政相对人类别/主体类别, which is then inferred
from each row's codes (one warning per file). An unknown column is a warning, with "did you
mean" for a near miss; an unknown column that looks like a personal ID column is an error,
because the masking rules would never see the ID it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.tables import Cell, RawTable


@dataclass(frozen=True)
class Column:
    header: str  # canonical header, as the blank template writes it
    key: str  # record field it feeds (or the name it is checked under)
    required: bool = False
    kind: str = "text"  # text | date | amount | code (the party's other codes) | id (ID numbers)
    unit: Decimal = Decimal(1)  # yuan per unit, for amounts
    published: bool = True  # False: read and checked, never stored on a record
    inferable: bool = False  # a required column whose values can be inferred when it is missing
    note: str = ""  # how the column is used, for the agencies' guide and the blank template


_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]", "【": "[", "】": "]"})


_BRACKETED = re.compile(r"\([^)]*\)")


def normalise_header(header: str) -> str:
    """White space removed, full-width brackets as half-width: the form headers are compared in."""
    return "".join(header.split()).translate(_BRACKETS)


WAN = Decimal(10000)
PARTY_TYPE_NOTE = "法人及非法人组织 | 自然人 | 个体工商户；缺少此列时按代码推断"

PENALTY_COLUMNS = (
    Column("行政相对人名称", "party_name", True, note="单位全称或个人姓名；自然人姓名公开时只显示姓氏"),
    Column("行政相对人类别", "party_type", True, inferable=True, note=PARTY_TYPE_NOTE),
    Column("统一社会信用代码", "uscc", note="法人及非法人组织必填；18 位，校验位按 GB 32100"),
    Column("工商注册号", "registration_number", kind="code", note="无统一社会信用代码时用于识别行政相对人"),
    Column("组织机构代码", "organisation_code", kind="code", note="同上；校验位按 GB 11714"),
    Column("税务登记号", "tax_number", kind="code", note="同上"),
    Column("事业单位证书号", "institution_number", kind="code", note="同上"),
    Column("社会组织登记证号", "social_organisation_number", kind="code", note="同上"),
    Column("法定代表人", "legal_representative", note="组织的法定代表人或负责人，公开"),
    Column("法定代表人证件类型", "representative_id_type", published=False, note="核对用，不公开"),
    Column(
        "法定代表人证件号码", "representative_id_number", kind="id", published=False, note="核对用，从不公开"
    ),
    Column("证件类型", "id_type", note="自然人的证件类型，如 身份证"),
    Column("证件号码", "id_number", kind="id", note="自然人的证件号码；公开时只显示前 4 位和后 4 位"),
    Column("行政处罚决定书文号", "decision_number", True, note="在所有处罚文件中唯一"),
    Column("违法行为类型", "violation_type", True, note="如 侵犯注册商标专用权；据此判断知识产权类型"),
    Column("违法事实", "facts", True, note="可较长；其中的身份证号码和自然人姓名公开时脱敏"),
    Column("处罚依据", "basis", True, note="法律条款，如《商标法》第六十条"),
    Column("处罚类别", "penalty_categories", True, note="多项以 ; 或 、 分隔"),
    Column("处罚内容", "content", True, note="处罚决定的具体内容"),
    Column("罚款金额（万元）", "fine_yuan", kind="amount", unit=WAN, note="或 罚款金额（元）"),
    Column("罚款金额（元）", "fine_yuan", kind="amount", note="单位为元；只写数字，可带千位分隔符"),
    Column(
        "没收违法所得、没收非法财物的金额（万元）",
        "confiscated_yuan",
        kind="amount",
        unit=WAN,
        note="或 …（元）",
    ),
    Column("没收违法所得、没收非法财物的金额（元）", "confiscated_yuan", kind="amount", note="单位为元"),
    Column("暂扣或吊销证照名称及编号", "licence_action", note="没有时留空"),
    Column(
        "处罚决定日期",
        "decision_date",
        True,
        "date",
        note="如 2024-03-05、2024/3/5、2024年3月5日；公示自该日起",
    ),
    Column("处罚有效期", "validity", note="按决定书填写"),
    Column("公示截止期", "publicity_end", kind="date", note="本站公示的最后一天"),
    Column("处罚机关", "authority", True, note="须已登记在 authorities.yaml"),
    Column("处罚机关统一社会信用代码", "authority_uscc", True, note="须与 authorities.yaml 一致"),
    Column("数据来源单位", "data_source", note="报送数据的单位"),
    Column("数据来源单位统一社会信用代码", "data_source_uscc", note="填写时检查校验位"),
    Column("撤下日期", "withdrawn_on", kind="date", note="自该日起撤下（信用修复、撤销、更正）"),
    Column("撤下原因", "withdrawal_reason", note="撤下后记录不再出现在本站任何位置"),
    Column("备注", "remarks", note="其中的身份证号码和自然人姓名公开时脱敏"),
    Column("失信程度", "declared_class", note="轻微 | 一般 | 严重：处罚机关认定的失信程度；留空时按规则认定"),
    Column("程序类型", "procedure", note="简易程序 | 普通程序；简易程序的处罚属轻微，不公示"),
)

DISHONESTY_COLUMNS = (
    Column("主体名称", "name", True, note="单位全称或个人姓名；自然人姓名公开时只显示姓氏"),
    Column("主体类别", "entity_type", True, inferable=True, note=PARTY_TYPE_NOTE),
    Column("统一社会信用代码", "uscc", note="法人及非法人组织必填；18 位，校验位按 GB 32100"),
    Column("工商注册号", "registration_number", kind="code", note="无统一社会信用代码时用于识别主体"),
    Column("组织机构代码", "organisation_code", kind="code", note="同上；校验位按 GB 11714"),
    Column("税务登记号", "tax_number", kind="code", note="同上"),
    Column("事业单位证书号", "institution_number", kind="code", note="同上"),
    Column("社会组织登记证号", "social_organisation_number", kind="code", note="同上"),
    Column("法定代表人（负责人）", "legal_representative", note="公开"),
    Column("法定代表人证件类型", "representative_id_type", published=False, note="核对用，不公开"),
    Column(
        "法定代表人证件号码", "representative_id_number", kind="id", published=False, note="核对用，从不公开"
    ),
    Column("列入决定书文号", "decision_number", True, note="在所有失信名单文件中唯一"),
    Column("失信行为", "behaviour", True, note="如 非正常专利申请、恶意商标注册"),
    Column("列入依据", "basis", True, note="法律条款"),
    Column("列入机关", "authority", True, note="须已登记在 authorities.yaml"),
    Column("列入日期", "listed_on", True, "date", note="公示自该日起"),
    Column("届满移出日期", "scheduled_removal", kind="date", note="为空时按列入日期加默认期限"),
    Column("移出日期", "removed_on", kind="date", note="提前移出的实际日期"),
    Column("移出原因", "removal_reason", note="移出后记录不再出现在本站任何位置"),
    Column("惩戒措施", "measures", note="其中的身份证号码和自然人姓名公开时脱敏"),
)

KEY_TRADEMARK_COLUMNS = (
    Column("商标名称", "name", True, note="按注册证填写：中文、外文字母，或图形商标的文字描述"),
    Column(
        "商标注册号",
        "registration_number",
        True,
        kind="code",
        note="数字（国际注册可带前缀 G）；在名录中唯一",
    ),
    Column(
        "核定使用类别",
        "nice_classes",
        True,
        note="尼斯分类 1–45，多个以 ；、, 或空格分隔，如 25；35 或 第9类、第42类",
    ),
    Column("商标权利人", "holder", True, note="权利人全称"),
    Column("权利人统一社会信用代码", "holder_uscc", note="境内权利人填写；18 位，校验位按 GB 32100"),
    Column("权利人国家或地区", "holder_country", note="如 中国、美国、日本、中国香港；留空为中国"),
    Column("权利人英文名称", "holder_name_en", note="英文页面显示此名称"),
    Column("列入日期", "listed_on", True, "date", note="公示自该日起"),
    Column("有效期至", "valid_until", True, "date", note="公示至该日（含）；不得早于列入日期"),
    Column("列入机关", "authority", True, note="须已登记在 authorities.yaml"),
    Column("保护措施", "measures", note="其中的身份证号码公开时脱敏"),
)

RISK_POINT_COLUMNS = (
    Column("名录", "risk_list", True, note="侵权易发风险点 | 重点关注市场"),
    Column("名称", "name", True, note="市场、电商平台、展会或商圈的名称；同一名录中唯一"),
    Column("类型", "kind", True, note="专业市场 | 电商平台 | 展会 | 商圈 | 其他"),
    Column("所在区", "district", note="如 浦江区"),
    Column("地址或网址", "address", note="实体场所写地址，电商平台写网址"),
    Column("涉及知识产权类型", "ip_types", True, note="专利、商标、著作权等，多个以 ；分隔"),
    Column("列入日期", "listed_on", True, "date", note="公示自该日起"),
    Column("移出日期", "removed_on", kind="date", note="自该日起不再公示；须晚于列入日期"),
    Column("列入机关", "authority", True, note="须已登记在 authorities.yaml"),
    Column("监管措施", "measures", note="其中的身份证号码公开时脱敏"),
)

# Header variants in agencies' exports → the canonical header above. A variant applies to a
# register when its canonical header is one of that register's columns.
ALIASES = {
    "行政相对人代码_1（统一社会信用代码）": "统一社会信用代码",
    "行政相对人代码_2（工商注册号）": "工商注册号",
    "行政相对人代码_3（组织机构代码）": "组织机构代码",
    "行政相对人代码_4（税务登记号）": "税务登记号",
    "行政相对人代码_5（事业单位证书号）": "事业单位证书号",
    "行政相对人代码_6（社会组织登记证号）": "社会组织登记证号",
    "法定代表人身份证号": "法定代表人证件号码",
    "法定代表人身份证号码": "法定代表人证件号码",
    "身份证号码": "证件号码",
    "身份证号": "证件号码",
    "处罚金额（万元）": "罚款金额（万元）",
    "处罚金额（元）": "罚款金额（元）",
    "没收违法所得、没收非法财务的金额（万元）": "没收违法所得、没收非法财物的金额（万元）",
    "没收违法所得、没收非法财务的金额（元）": "没收违法所得、没收非法财物的金额（元）",
    "数据来源": "数据来源单位",
    "法定代表人": "法定代表人（负责人）",
    "负责人": "法定代表人（负责人）",
    "列入时间": "列入日期",
    "列入单位": "列入机关",
    "移出时间": "移出日期",
    # key trademark protection list
    "商标": "商标名称",
    "商标名": "商标名称",
    "注册号": "商标注册号",
    "商标注册证号": "商标注册号",
    "注册证号": "商标注册号",
    "核定使用商品类别": "核定使用类别",
    "核定使用商品/服务类别": "核定使用类别",
    "商品/服务类别": "核定使用类别",
    "商品类别": "核定使用类别",
    "类别": "核定使用类别",
    "国际分类": "核定使用类别",
    "尼斯分类": "核定使用类别",
    "权利人": "商标权利人",
    "商标注册人": "商标权利人",
    "注册人": "商标权利人",
    "商标所有人": "商标权利人",
    "统一社会信用代码": "权利人统一社会信用代码",
    "权利人国家/地区": "权利人国家或地区",
    "国家或地区": "权利人国家或地区",
    "国家/地区": "权利人国家或地区",
    "国籍": "权利人国家或地区",
    "权利人国籍": "权利人国家或地区",
    "权利人英文名": "权利人英文名称",
    "英文名称": "权利人英文名称",
    "有效期": "有效期至",
    "有效期截止日期": "有效期至",
    "保护期限至": "有效期至",
    "重点保护措施": "保护措施",
    # risk points and markets under focus
    "名录名称": "名录",
    "所属名录": "名录",
    "市场名称": "名称",
    "风险点名称": "名称",
    "场所名称": "名称",
    "场所类型": "类型",
    "风险点类型": "类型",
    "所属区": "所在区",
    "所在区域": "所在区",
    "辖区": "所在区",
    "地址": "地址或网址",
    "网址": "地址或网址",
    "地址/网址": "地址或网址",
    "知识产权类型": "涉及知识产权类型",
    "涉及知识产权类别": "涉及知识产权类型",
    "监管举措": "监管措施",
}

# Columns case systems add for themselves: known, never read, never reported.
SYSTEM_HEADERS = ("数据导出时间", "数据更新时间", "数据上报时间", "数据入库时间", "序号", "数据编号")

# Written for "no value" by case systems and clerks; in any column they mean an empty cell.
_PLACEHOLDER_WORDS = frozenset({"/", "／", "\\", "无", "空", "暂无", "null", "none", "n/a", "#n/a"})
_DASHES = re.compile(r"[-－—–―‐‑‒─━_]+")


_PLACEHOLDER_STARTS = frozenset("/／\\无空暂nN#-－—–―‐‑‒─━_")


def is_placeholder(text: str) -> bool:
    """True for `— —`, `--`, `/`, `无`, `空` and their variants (spaces, widths, repeats)."""
    if text[:1] not in _PLACEHOLDER_STARTS and not text[:1].isspace():
        return False  # the common case, decided without copying the text
    squeezed = "".join(text.split())
    return bool(squeezed) and (
        squeezed.lower() in _PLACEHOLDER_WORDS or _DASHES.fullmatch(squeezed) is not None
    )


def clean_cell(cell: Cell) -> Cell:
    """A cell as records see it: a placeholder is an empty cell."""
    return None if isinstance(cell, str) and is_placeholder(cell) else cell


# Penalty.ip_type from 违法行为类型, then from 处罚依据: the first keyword found decides.
# Narrow terms come before broad ones: a 地理标志 may be a 证明商标, a 商业秘密 case
# cites the 反不正当竞争法, so 商标 and 不正当竞争 are looked for after them.
IP_TYPE_KEYWORDS = (
    ("集成电路布图设计", "集成电路布图设计"),
    ("布图设计", "集成电路布图设计"),
    ("植物新品种", "植物新品种"),
    ("品种权", "植物新品种"),
    ("地理标志", "地理标志"),
    ("商业秘密", "商业秘密"),
    ("商标", "商标"),
    ("专利", "专利"),
    ("著作权", "著作权"),
    ("版权", "著作权"),
    ("侵权复制品", "著作权"),
    ("盗版", "著作权"),
    ("不正当竞争", "不正当竞争"),
    ("混淆", "不正当竞争"),
    ("虚假宣传", "不正当竞争"),
)


def ip_type_of(*texts: str) -> str:
    """The IP type (one of records.IP_TYPES) the first matching keyword gives, else 其他."""
    for text in texts:
        for keyword, ip_type in IP_TYPE_KEYWORDS:
            if keyword in text:
                return ip_type
    return "其他"


_CATEGORY_SPLIT = re.compile(r"[;；、]")
# 双公示 处罚类别 code names that contain 、 themselves: one category each.
COMPOUND_CATEGORIES = ("没收违法所得、没收非法财物", "暂扣或者吊销许可证、暂扣或者吊销执照")


def split_categories(text: str) -> tuple[str, ...]:
    """处罚类别 joined by ; ； or 、 → the categories, keeping compound national names whole."""
    for i, name in enumerate(COMPOUND_CATEGORIES):
        text = text.replace(name, f"\x00{i}\x00")
    parts = (p.strip() for p in _CATEGORY_SPLIT.split(text))
    return tuple(COMPOUND_CATEGORIES[int(p[1:-1])] if p.startswith("\x00") else p for p in parts if p)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_label(header: str, index: int) -> str:
    """The header as written with its Excel column letter, as problems show it: 违法事实 (列 I)."""
    return f"{header} (列 {column_letter(index)})"


@dataclass(frozen=True)
class Layout:
    """Where each known column is in one file."""

    table: RawTable
    columns: dict[str, tuple[int, str]]  # record key → (cell index, header as written)
    units: dict[str, Decimal]  # amount key → yuan per unit
    names: dict[str, str]  # record key → canonical header
    inferred: frozenset[str] = frozenset()  # inferable keys whose column is missing
    watched: tuple[tuple[int, str], ...] = ()  # unknown columns whose values are checked for IDs

    def header(self, key: str) -> str:
        """The header as the agency wrote it (for message text), or the canonical one when absent."""
        return self.columns[key][1] if key in self.columns else self.names.get(key, key)

    def label(self, key: str) -> str:
        """The header with its column letter, for the column part of a problem."""
        if key not in self.columns:
            return self.header(key)
        index, written = self.columns[key]
        return column_label(written, index)


class HeaderMatcher:
    """Written headers → columns of one register, through the canonical names and ALIASES."""

    def __init__(self, spec: Sequence[Column]) -> None:
        self.by_header: dict[str, Column] = {normalise_header(c.header): c for c in spec}
        for alias, canonical in ALIASES.items():
            column = self.by_header.get(normalise_header(canonical))
            if column is not None:
                self.by_header.setdefault(normalise_header(alias), column)
        self.system = frozenset(normalise_header(h) for h in SYSTEM_HEADERS)
        # Headers without their bracketed part (the unit, the code kind): 罚款金额 → 罚款金额（万元）.
        self.bare: dict[str, Column] = {}
        for known, column in self.by_header.items():
            self.bare.setdefault(_BRACKETED.sub("", known), column)

    def column(self, written: str) -> Column | None:
        return self.by_header.get(normalise_header(written))

    def is_system(self, written: str) -> bool:
        return normalise_header(written) in self.system

    def closest(self, written: str) -> Column | None:
        """The column whose header (or a variant) is within a small edit distance, else None."""
        target = normalise_header(written)
        if target in self.bare:
            return self.bare[target]
        best: tuple[int, Column] | None = None
        for known, column in self.by_header.items():
            distance = edit_distance(target, known, limit=_tolerance(known))
            if distance <= _tolerance(known) and (best is None or distance < best[0]):
                best = (distance, column)
        return best[1] if best else None


def _tolerance(header: str) -> int:
    """Edits allowed for a near miss: one for short headers, more for long ones."""
    return max(1, min(3, len(header) // 5))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; stops early (returning limit + 1) once it must exceed ``limit``."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_ID_HEADER = re.compile(r"身份证|证件号|(?<![a-z])id(?![a-z])", re.IGNORECASE)


def layout(table: RawTable, spec: Sequence[Column], problems: Problems) -> Layout | None:
    """Match the file's header to the column list; None (reported once) when a required column
    is missing, a column appears twice or an unknown column is named like an ID column: the
    whole file then fails."""
    matcher = HeaderMatcher(spec)
    columns: dict[str, tuple[int, str]] = {}
    units: dict[str, Decimal] = {}
    watched: list[tuple[int, str]] = []
    failed = False
    for index, written in enumerate(table.headers):
        if not written or matcher.is_system(written):
            continue
        label = column_label(written, index)
        column = matcher.column(written)
        if column is None:
            failed |= _unknown_column(table, written, label, matcher, problems)
            watched.append((index, label))
        elif column.key in columns:
            failed = True
            first = columns[column.key][1]
            _header_problem(
                problems.error,
                table,
                label,
                f"与列「{first}」重复，请删除其中一列，本文件未导入",
                f"the same column as {first}; delete one of them (file not imported)",
            )
        else:
            columns[column.key] = (index, written)
            units[column.key] = column.unit
    inferred = _missing_columns(table, spec, columns, problems)
    failed |= any(c.required and c.key not in columns and c.key not in inferred for c in spec)
    if failed:
        return None
    names = {c.key: c.header for c in reversed(spec)}  # the first column of a key names it
    return Layout(table, columns, units, names, inferred, tuple(watched))


def _unknown_column(
    table: RawTable, written: str, label: str, matcher: HeaderMatcher, problems: Problems
) -> bool:
    """Report an unknown column; True when it fails the file (it is named like an ID column)."""
    if _ID_HEADER.search(written):
        message = id_column_message((c.key for c in matcher.by_header.values()), file_failed=True)
        problems.error(table.path, table.header_line, message, column=label)
        return True
    close = matcher.closest(written)
    if close is not None:
        _header_problem(
            problems.warning,
            table,
            label,
            f"未知的列，已忽略；您是否指「{close.header}」？请改正列名",
            f"unknown column ignored; did you mean {close.header}? correct the header",
        )
    else:
        _header_problem(
            problems.warning,
            table,
            label,
            "未知的列，已忽略（本列内容不会公开）",
            "unknown column ignored; its values are not published",
        )
    return False


def id_column_message(names: Iterable[str], file_failed: bool) -> str:
    """Why an unknown ID-like column is an error, and where its IDs belong in this register
    (``names``: the register's column keys)."""
    keys = set(names)
    if "id_number" in keys:
        where_zh = "自然人的号码请放在「证件号码」列，法定代表人的放在「法定代表人证件号码」列"
        where_en = "put a person's ID under 证件号码 and the legal representative's under 法定代表人证件号码"
    elif "representative_id_number" in keys:
        where_zh = "本名单不登记自然人的证件号码，请删除此列；法定代表人的号码可放在「法定代表人证件号码」列"
        where_en = "this list carries no person's ID: delete the column (a legal representative's ID goes under 法定代表人证件号码)"
    else:
        where_zh = "本名录不登记任何证件号码，请删除此列"
        where_en = "this list carries no ID numbers: delete the column"
    return bilingual(
        f"未知的列像是身份证件号码列，其中的号码无法按规定脱敏；{where_zh}"
        + ("，本文件未导入" if file_failed else ""),
        f"an unknown column that looks like an ID number column, which the masking rules would not see; {where_en}"
        + (" (file not imported)" if file_failed else ""),
    )


def _missing_columns(
    table: RawTable, spec: Sequence[Column], columns: dict[str, tuple[int, str]], problems: Problems
) -> frozenset[str]:
    """Report missing required columns; the inferable ones found missing are returned."""
    inferred = set()
    for column in spec:
        if not column.required or column.key in columns:
            continue
        if column.inferable:
            inferred.add(column.key)
            _header_problem(
                problems.warning,
                table,
                column.header,
                f"缺少「{column.header}」列：已按每行的身份证号码或统一社会信用代码等推断类别，"
                "请核对；最好补上此列",
                f"column {column.header} is missing: each row's category was inferred from its codes; "
                "check them, or better add the column",
            )
        else:
            _header_problem(
                problems.error,
                table,
                column.header,
                "缺少必填列，请在表头中添加此列，本文件未导入",
                f"required column {column.header} is missing; add it to the header (file not imported)",
            )
    return frozenset(inferred)


def _header_problem(report: Callable[..., None], table: RawTable, column: str, zh: str, en: str) -> None:
    report(table.path, table.header_line, bilingual(zh, en), column=column)


def template_columns(spec: Iterable[Column]) -> list[Column]:
    """The columns of a blank template: each record field once (amounts in 万元, as the
    national template has them)."""
    seen: set[str] = set()
    chosen = []
    for column in spec:
        if column.key not in seen:
            seen.add(column.key)
            chosen.append(column)
    return chosen
