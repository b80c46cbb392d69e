"""The national 双公示 column names of the two registers, and how headers are matched.

Headers match after trimming white space and treating full-width and
half-width parentheses alike. Amount columns carry their unit in the header
(万元 or 元); values are converted to yuan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Column:
    header: str  # canonical header, half-width parentheses
    key: str  # record field it feeds
    required: bool = False
    kind: str = "text"  # text | date | amount
    unit: Decimal = Decimal(1)  # yuan per unit, for amounts


def normalise_header(header: str) -> str:
    return "".join(header.split()).replace("（", "(").replace("）", ")")


WAN = Decimal(10000)

PENALTY_COLUMNS = (
    Column("行政相对人名称", "party_name", True),
    Column("行政相对人类别", "party_type", True),
    Column("统一社会信用代码", "uscc"),
    Column("法定代表人", "legal_representative"),
    Column("证件类型", "id_type"),
    Column("证件号码", "id_number"),
    Column("行政处罚决定书文号", "decision_number", True),
    Column("违法行为类型", "violation_type", True),
    Column("违法事实", "facts", True),
    Column("处罚依据", "basis", True),
    Column("处罚类别", "penalty_categories", True),
    Column("处罚内容", "content", True),
    Column("罚款金额(万元)", "fine_yuan", kind="amount", unit=WAN),
    Column("罚款金额(元)", "fine_yuan", kind="amount"),
    Column("没收违法所得、没收非法财物的金额(万元)", "confiscated_yuan", kind="amount", unit=WAN),
    Column("没收违法所得、没收非法财物的金额(元)", "confiscated_yuan", kind="amount"),
    Column("暂扣或吊销证照名称及编号", "licence_action"),
    Column("处罚决定日期", "decision_date", True, "date"),
    Column("处罚有效期", "validity"),
    Column("公示截止期", "publicity_end", kind="date"),
    Column("处罚机关", "authority", True),
    Column("处罚机关统一社会信用代码", "authority_uscc", True),
    Column("数据来源单位", "data_source"),
    Column("数据来源单位统一社会信用代码", "data_source_uscc"),
    Column("撤下日期", "withdrawn_on", kind="date"),
    Column("撤下原因", "withdrawal_reason"),
    Column("备注", "remarks"),
)

DISHONESTY_COLUMNS = (
    Column("主体名称", "name", True),
    Column("主体类别", "entity_type", True),
    Column("统一社会信用代码", "uscc"),
    Column("法定代表人(负责人)", "legal_representative"),
    Column("列入决定书文号", "decision_number", True),
    Column("失信行为", "behaviour", True),
    Column("列入依据", "basis", True),
    Column("列入机关", "authority", True),
    Column("列入日期", "listed_on", True, "date"),
    Column("届满移出日期", "scheduled_removal", kind="date"),
    Column("移出日期", "removed_on", kind="date"),
    Column("移出原因", "removal_reason"),
    Column("惩戒措施", "measures"),
)

# Penalty.ip_type from 违法行为类型 (then 处罚依据): the first keyword found decides.
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
    for text in texts:
        for keyword, ip_type in IP_TYPE_KEYWORDS:
            if keyword in text:
                return ip_type
    return "其他"
