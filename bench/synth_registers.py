"""Realistic synthetic registers of any size: penalties and the dishonesty list.

Same national column names as real exports, realistic text lengths (违法事实
100–400 characters), valid credit codes and resident IDs (computed check
characters), the authorities and codes of cases_data/authorities.yaml, and a
mix of parties (mostly organisations, some individual businesses, some
natural persons including a few minors and legacy 15-digit IDs), of publicity
classes (ordinary fines; warning-only, 通报批评 and 简易程序 penalties; very
large fines, licence revocations and closures; some classes declared in
失信程度, most left to the site's rules) and of publicity windows (expired, not
yet effective, withdrawn, removed). Every name and code is invented. Seeded:
the same arguments give the same files.

    python bench/synth_registers.py --penalties 10000 --dishonesty 500 --out /tmp/data --seed 1
    python bench/synth_registers.py --penalties 1000 --out /tmp/data --format gb18030
    python bench/synth_registers.py --sample     # rewrite the committed sample registers

Function API: :func:`penalty_rows`, :func:`listing_rows` (rows as dicts),
:func:`generate` (files for benchmarks), :func:`write_sample`.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipcredit.checks.codes import (  # noqa: E402
    USCC_CHARSET,
    organisation_check_character,
    resident_id_check_character,
    uscc_check_character,
)
from ipcredit.loading.authorities import load_authorities  # noqa: E402
from ipcredit.problems import Problems  # noqa: E402

TODAY = date(2026, 11, 24)
Row = dict[str, str]

PENALTY_HEADERS = (
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（元）", "没收违法所得、没收非法财物的金额（元）", "暂扣或吊销证照名称及编号",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码", "撤下日期", "撤下原因", "备注", "失信程度", "程序类型",
)  # fmt: skip
CLASS_HEADERS = ("失信程度", "程序类型")  # newer exports only; older templates lack them
DISHONESTY_HEADERS = (
    "主体名称", "主体类别", "统一社会信用代码", "法定代表人（负责人）", "列入决定书文号", "失信行为",
    "列入依据", "列入机关", "列入日期", "届满移出日期", "移出日期", "移出原因", "惩戒措施",
)  # fmt: skip
DATE_HEADERS = frozenset(
    {"处罚决定日期", "公示截止期", "撤下日期", "列入日期", "届满移出日期", "移出日期", "有效期至"}
)
AMOUNT_HEADERS = ("罚款金额（元）", "没收违法所得、没收非法财物的金额（元）")

PLACES = ["江海", "浦江", "江北", "临港", "海州", "东湖", "西城", "南汇", "北岸", "滨江"]
WORDS = ["瑞丰", "星途", "恒信", "华茂", "鼎盛", "云帆", "启明", "泰和", "金诺", "博远", "新澜", "安达", "宏图",
         "锦程", "嘉禾", "明德", "盛达", "天衡", "致远", "汇通", "睿智", "青松", "丰源", "海纳", "立信", "景辉"]  # fmt: skip
TRADES = ["贸易", "科技", "电子", "服饰", "食品", "生物医药", "文化传媒", "机械", "化妆品", "电子商务", "网络科技",
          "酒业", "茶业", "家居", "汽车配件", "母婴用品", "体育用品", "印刷", "软件", "光电"]  # fmt: skip
SHOPS = [
    "五金店",
    "服装店",
    "便利店",
    "茶叶店",
    "手机配件店",
    "化妆品店",
    "文具店",
    "眼镜店",
    "酒行",
    "母婴店",
]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
            "林", "高", "罗", "欧阳", "司马", "上官"]  # fmt: skip
GIVEN = ["晓明", "建国", "丽华", "志强", "秀英", "海涛", "静", "伟", "芳", "俊杰", "雪梅", "子涵", "浩然", "一鸣",
         "欣怡", "嘉豪", "思远", "春燕", "国华", "文博"]  # fmt: skip
GOODS = ["运动鞋", "箱包", "白酒", "护肤品", "手机充电器", "儿童玩具", "服装", "茶叶", "轴承", "汽车滤清器",
         "电动牙刷", "奶粉", "眼镜架", "耳机", "图书", "蓄电池"]  # fmt: skip
BRANDS = ["“江帆”", "“海韵”", "“青峰”", "“金穗”", "“雷霆”", "“云鹤”", "“东岳”", "“星河”"]


@dataclass(frozen=True)
class Offence:
    violation: str
    basis: str
    categories: str
    facts: str  # template with {goods} {brand} {n} {days} {place} {amount}


OFFENCES = (
    Offence("侵犯注册商标专用权", "《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款", "罚款;没收违法所得、没收非法财物",
            "当事人于{place}经营场所销售标有{brand}注册商标的{goods}共计{n}件，经商标权利人鉴定，上述商品均非其生产或授权生产，属于侵犯注册商标专用权的商品。当事人不能提供上述商品的合法来源，违法经营额共计{amount}元。"),
    Offence("假冒专利", "《中华人民共和国专利法》第六十八条", "罚款;没收违法所得",
            "当事人在其生产销售的{goods}及其包装上标注专利号，经查该专利权已于检查前终止，当事人仍继续标注并在电商平台宣传“专利产品”，共销售{n}件，违法所得{amount}元。"),
    Offence("侵犯著作权", "《中华人民共和国著作权法》第五十三条第（一）项", "罚款;没收违法所得、没收非法财物",
            "当事人未经著作权人许可，通过其经营的网站向公众传播他人享有著作权的作品{n}部，并通过广告获利，违法经营额{amount}元。执法人员现场查获侵权复制品{days}件。"),
    Offence("侵犯商业秘密", "《中华人民共和国反不正当竞争法》第九条、第二十一条", "罚款",
            "当事人以不正当手段获取权利人的客户名单、报价体系等经营信息，并利用上述信息与权利人的{n}家客户开展交易，给权利人造成损失{amount}元。当事人的行为构成侵犯商业秘密。"),
    Offence("擅自使用他人有一定影响的商品名称、包装、装潢", "《中华人民共和国反不正当竞争法》第七条、第十八条", "罚款;没收违法商品",
            "当事人生产销售的{goods}擅自使用与他人有一定影响的商品包装、装潢相近似的标识，足以引人误认为是他人商品或者与他人存在特定联系，共计{n}件，货值{amount}元。"),
    Offence("擅自使用地理标志专用标志", "《地理标志产品保护规定》第二十一条及《中华人民共和国产品质量法》第五十三条", "警告;罚款",
            "当事人在其销售的{goods}外包装上使用地理标志专用标志，但其产品产地不在地理标志产品保护范围内，也未经核准使用，共计{n}件，货值{amount}元。"),
    Offence("违法从事专利代理", "《专利代理条例》第二十七条", "警告;罚款;没收违法所得",
            "当事人未取得专利代理机构执业许可证，以“知识产权咨询”名义为{n}家企业代理专利申请事务并收取代理费，违法所得{amount}元。"),
    Offence("恶意申请商标注册", "《中华人民共和国商标法》第四条、第六十八条第四款", "警告;罚款",
            "当事人不以使用为目的，短期内在{days}个类别上申请注册商标{n}件，其中多件与他人在先知名商标近似，扰乱商标注册管理秩序。"),
)  # fmt: skip
# The kinds of penalty and their share of a register, with the class the default rules give
# each (NDRC Order 36): months of publicity at least / at most.
KINDS = (
    ("fine", 0.60, "一般"),  # an ordinary fine, with or without confiscation
    ("warning", 0.07, "轻微"),  # 警告 only
    ("reprimand", 0.02, "轻微"),  # 通报批评 only
    ("summary", 0.08, "轻微"),  # 简易程序: a warning or a small fine on the spot
    ("large", 0.10, "严重"),  # fine plus confiscation at or above the serious threshold
    ("revocation", 0.09, "严重"),  # 吊销 a licence
    ("closure", 0.04, "严重"),  # 责令停产停业
)
MONTHS = {"轻微": (0, 3), "一般": (3, 12), "严重": (12, 36)}
PROCEDURE_FACTS = (
    "当事人对上述违法事实无异议，并提供了相关合同、票据和往来记录。",
    "本机关依法向当事人送达了行政处罚告知书，当事人在法定期限内未提出陈述、申辩意见，也未要求听证。",
    "案件调查期间，当事人主动停止了违法行为并积极配合调查，依法可以从轻处罚。",
    "执法人员调取了当事人的银行流水、电子商务平台交易数据和往来函件，核实了涉案数量和金额。",
    "上述事实有现场检查笔录、询问笔录、书证、电子数据及当事人主体资格证明等证据为证。",
)
GOODS_FACTS = (  # only for offences about goods
    "执法人员依法对当事人经营场所进行了检查，制作了现场笔录，并对涉案商品予以扣押。",
    "经查，当事人通过网络店铺和线下门店同时销售涉案商品，销售记录、物流单据和收款凭证相互印证。",
    "权利人出具的鉴定意见书载明，涉案商品在标识位置、防伪标签、包装印刷等方面与正品存在明显差异。",
    "当事人在陈述申辩中称对涉案商品的侵权性质不知情，但未能提供证据证明其尽到了合理审查义务。",
)
PENALTY_PREFIX = {
    "江海市市场监督管理局": "江市监知处罚",
    "江海市知识产权局": "江知执罚",
    "江海市浦江区市场监督管理局": "江浦市监处罚",
    "江海市版权局": "江版权罚",
    "江海市文化市场行政执法总队": "江文执罚",
    "江海海关": "江关知罚",
}
LISTING_PREFIX = {"江海市市场监督管理局": "江市监信列", "江海市知识产权局": "江知信列"}
WITHDRAWAL_REASONS = ("信用修复", "行政处罚决定被撤销", "行政处罚决定被依法变更", "信息更正")
DISHONEST_ACTS = (
    ("非正常专利申请", "《市场监督管理严重违法失信名单管理办法》第九条第（二）项"),
    ("恶意商标注册", "《市场监督管理严重违法失信名单管理办法》第九条第（三）项"),
    ("故意侵犯知识产权", "《市场监督管理严重违法失信名单管理办法》第九条第（一）项"),
    ("违法从事专利代理", "《市场监督管理严重违法失信名单管理办法》第九条第（四）项"),
    ("拒不执行行政处罚决定", "《知识产权信用管理规定》第六条第（六）项"),
)
MEASURES = "列入严重违法失信名单期间，依法实施重点监管，不得享受专利、商标费用减缓和优先审查等政策，不得参加评优评先。"


def authority_codes(path: Path = ROOT / "cases_data/authorities.yaml") -> dict[str, str]:
    """Authority name → 统一社会信用代码, from the (validated) register."""
    problems = Problems()
    codes = {a.name: a.uscc for a in load_authorities(path, problems)}
    if problems.has_errors():
        raise SystemExit("\n".join(str(p) for p in problems.errors))
    return codes


class Synth:
    """One seeded stream of rows; decision numbers are unique within it."""

    def __init__(self, seed: int, today: date = TODAY, codes: dict[str, str] | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.codes = codes or authority_codes()
        self.used_numbers: set[str] = set()

    # Identifiers ------------------------------------------------------------------------------
    def uscc(self, kind: str = "91") -> str:
        org8 = "".join(self.rng.choice(USCC_CHARSET) for _ in range(8))
        first17 = f"{kind}3199{self.rng.randrange(100):02d}{org8}{organisation_check_character(org8)}"
        return first17 + uscc_check_character(first17)

    def resident_id(self, born: date) -> str:
        region = f"3199{self.rng.randrange(1, 20):02d}"
        if born.year < 1975 and self.rng.random() < 0.3:  # a legacy 15-digit ID, never re-issued
            return f"{region}{born:%y%m%d}{self.rng.randrange(1000):03d}"
        first17 = f"{region}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return first17 + resident_id_check_character(first17)

    def decision_number(self, prefix: str, year: int) -> str:
        while True:
            number = f"{prefix}〔{year}〕{self.rng.randrange(1, 99999)}号"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    # Names ------------------------------------------------------------------------------------
    def company(self) -> str:
        return f"江海{self.rng.choice(WORDS)}{self.rng.choice(TRADES)}有限公司"

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def shop(self, owner: str) -> str:
        return f"江海市{self.rng.choice(PLACES)}区{owner}{self.rng.choice(SHOPS)}"

    # Rows -------------------------------------------------------------------------------------
    def party(self, decided: date) -> Row:
        kind = self.rng.random()
        if kind < 0.08:  # natural person; about one in eight of them a minor on the decision date
            years = self.rng.choice((16, 17)) if self.rng.random() < 0.12 else self.rng.randrange(20, 65)
            born = decided - timedelta(days=years * 365 + self.rng.randrange(300))
            return {"行政相对人名称": self.person(), "行政相对人类别": "自然人",
                    "证件类型": self.rng.choice(("身份证", "身份证", "居民身份证")),
                    "证件号码": self.resident_id(born)}  # fmt: skip
        if kind < 0.2:
            owner = self.person()
            return {"行政相对人名称": self.shop(owner), "行政相对人类别": "个体工商户",
                    "统一社会信用代码": self.uscc("92"), "法定代表人": owner}  # fmt: skip
        return {"行政相对人名称": self.company(), "行政相对人类别": "法人及非法人组织",
                "统一社会信用代码": self.uscc(), "法定代表人": self.person()}  # fmt: skip

    def facts(self, offence: Offence, amount: int) -> str:
        """The offence's facts and investigation sentences: 100–400 characters in all."""
        rng = self.rng
        text = offence.facts.format(
            goods=rng.choice(GOODS), brand=rng.choice(BRANDS), n=rng.randrange(12, 3000),
            days=rng.randrange(3, 45), place=rng.choice(PLACES), amount=f"{amount:,}",
        )  # fmt: skip
        target = rng.randrange(100, 400)
        extras = PROCEDURE_FACTS + (GOODS_FACTS if "{goods}" in offence.facts else ())
        for sentence in rng.sample(extras, len(extras)):
            if len(text) >= target or len(text) + len(sentence) > 400:
                break
            text += sentence
        return text

    def kind(self) -> tuple[str, str]:
        """A kind of penalty and the class the default rules give it."""
        pick, total = self.rng.random(), 0.0
        for kind, share, publicity_class in KINDS:
            total += share
            if pick < total:
                return kind, publicity_class
        return KINDS[0][0], KINDS[0][2]

    def decided(self, publicity_class: str) -> date:
        """Most decisions are recent enough to be shown, some are older (expired) and a few are
        dated after the as-of date (not yet effective); serious ones spread over four years."""
        rng = self.rng
        if publicity_class == "严重" or rng.random() < 0.25:
            return self.today - timedelta(days=rng.randrange(-20, 4 * 365))
        return self.today - timedelta(days=rng.randrange(-20, 400))

    def penalty(self, authority: str) -> Row:
        rng = self.rng
        kind, publicity_class = self.kind()
        decided = self.decided(publicity_class)
        offence = rng.choice(OFFENCES)
        amount = rng.randrange(2, 400) * 500
        row = dict.fromkeys(PENALTY_HEADERS, "") | self.party(decided)
        person = row["行政相对人类别"] == "自然人"
        if kind == "revocation" and person:  # a person holds no business licence: a large fine instead
            kind = "large"
        row |= {
            "行政处罚决定书文号": self.decision_number(PENALTY_PREFIX.get(authority, "江知罚"), decided.year),
            "违法行为类型": offence.violation, "违法事实": self.facts(offence, amount), "处罚依据": offence.basis,
            "处罚决定日期": decided.isoformat(),
            "处罚机关": authority, "处罚机关统一社会信用代码": self.codes[authority],
            "数据来源单位": authority, "数据来源单位统一社会信用代码": self.codes[authority],
        }  # fmt: skip
        row |= self.sanction(kind, offence, amount, person, row["统一社会信用代码"])
        self.penalty_options(row, decided, publicity_class)
        return row

    def sanction(self, kind: str, offence: Offence, amount: int, person: bool, code: str) -> Row:
        """处罚类别, 处罚内容, the amounts and licence column of one kind of penalty."""
        rng = self.rng
        if kind == "warning":
            return {"处罚类别": "警告", "处罚内容": "责令改正，予以警告。"}
        if kind == "reprimand":
            return {"处罚类别": "通报批评", "处罚内容": "责令改正，予以通报批评。"}
        if kind == "summary":
            fine = rng.randrange(1, 5) * 50 if person else rng.randrange(2, 31) * 100
            return {"处罚类别": "罚款", "处罚内容": f"适用简易程序，当场作出行政处罚决定：罚款人民币{fine:,}元。",
                    "罚款金额（元）": f"{fine:,}", "程序类型": "简易程序"}  # fmt: skip
        fine = amount * rng.choice((1, 2, 3, 5)) if "罚款" in offence.categories else 0
        if kind == "large":
            fine = rng.randrange(10, 50) * 10_000 if person else rng.randrange(100, 600) * 10_000
        row = {"处罚类别": offence.categories,
               "处罚内容": f"1. 责令立即停止违法行为；2. 罚款人民币{fine:,}元。" if fine else "责令改正，予以警告。",
               "罚款金额（元）": f"{fine:,}" if fine else ""}  # fmt: skip
        if "没收" in offence.categories:
            row["没收违法所得、没收非法财物的金额（元）"] = f"{amount // 4:,}"
        if kind == "revocation":
            row["处罚类别"] += ";吊销许可证件"
            row["处罚内容"] += "3. 吊销营业执照。"
            row["暂扣或吊销证照名称及编号"] = f"吊销营业执照（统一社会信用代码 {code}）"
        elif kind == "closure":
            row["处罚类别"] += ";责令停产停业"
            row["处罚内容"] += f"3. 责令停产停业{rng.choice(('一', '三', '六'))}个月。"
        return row

    def penalty_options(self, row: Row, decided: date, publicity_class: str) -> None:
        rng = self.rng
        low, high = MONTHS[publicity_class]
        if rng.random() < 0.3:
            row["处罚有效期"] = f"{decided.isoformat()} 至 {(decided + timedelta(days=365)).isoformat()}"
        if rng.random() < 0.2:
            row["备注"] = rng.choice(("当事人已按期缴纳罚款", "当事人已履行处罚决定", "涉案物品已依法销毁"))
        if rng.random() < 0.3:  # the authority states the class itself
            row["失信程度"] = publicity_class
            if publicity_class == "一般" and rng.random() < 0.1:  # 情节严重: the authority's call wins
                row["失信程度"] = "严重"
        if not row["程序类型"] and rng.random() < 0.4:
            row["程序类型"] = "普通程序"
        if rng.random() < 0.15 and publicity_class != "轻微":  # a shorter period set by the authority
            row["公示截止期"] = (decided + timedelta(days=rng.randrange(90, high * 30))).isoformat()
        if rng.random() < 0.06:
            reason = rng.choice(WITHDRAWAL_REASONS)
            # Credit repair only after the class minimum; a revocation or correction at any time.
            earliest = low * 31 if reason == "信用修复" else 30
            withdrawn = decided + timedelta(days=earliest + rng.randrange(0, 700))
            row.update({"撤下日期": withdrawn.isoformat(), "撤下原因": reason})

    def listing(self, authority: str) -> Row:
        rng = self.rng
        listed = self.today - timedelta(days=rng.randrange(-15, 4 * 365))
        act, basis = rng.choice(DISHONEST_ACTS)
        row = dict.fromkeys(DISHONESTY_HEADERS, "")
        if rng.random() < 0.1:
            row.update({"主体名称": self.person(), "主体类别": "自然人"})
        else:
            row.update({"主体名称": self.company(), "主体类别": "法人及非法人组织", "统一社会信用代码": self.uscc(),
                        "法定代表人（负责人）": self.person()})  # fmt: skip
        row.update({
            "列入决定书文号": self.decision_number(LISTING_PREFIX.get(authority, "江信列"), listed.year),
            "失信行为": act, "列入依据": basis, "列入机关": authority, "列入日期": listed.isoformat(),
            "惩戒措施": MEASURES,
        })  # fmt: skip
        if rng.random() < 0.3:
            row["届满移出日期"] = (listed + timedelta(days=rng.randrange(365, 3 * 365))).isoformat()
        if rng.random() < 0.2:  # early removal after credit repair (possible after one year)
            removed = listed + timedelta(days=rng.randrange(366, 800))
            row.update({"移出日期": removed.isoformat(), "移出原因": "信用修复"})
        return row


# Function API ---------------------------------------------------------------------------------
def penalty_rows(count: int, seed: int, authorities: Sequence[str] = tuple(PENALTY_PREFIX)) -> Iterator[Row]:
    """``count`` penalty rows, the authorities taken in turn."""
    synth = Synth(seed)
    return (synth.penalty(authorities[i % len(authorities)]) for i in range(count))


def listing_rows(count: int, seed: int, authorities: Sequence[str] = tuple(LISTING_PREFIX)) -> Iterator[Row]:
    """``count`` dishonesty list rows, the authorities taken in turn."""
    synth = Synth(seed)
    return (synth.listing(authorities[i % len(authorities)]) for i in range(count))


# Writers --------------------------------------------------------------------------------------
def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Row], encoding: str = "utf-8") -> None:
    """``utf-8`` (no BOM) or ``utf-8-sig`` with LF; ``gb18030`` as Excel saves “CSV (逗号分隔)” on a
    Chinese Windows: GB18030/GBK bytes, CRLF, dates as Excel shows them (2025/3/5)."""
    excel = encoding == "gb18030"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if excel else "\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                _excel_date(row.get(h, "")) if excel and h in DATE_HEADERS else row.get(h, "")
                for h in headers
            )


def _excel_date(value: str) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.year}/{day.month}/{day.day}"


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Row], sheet_name: str = "行政处罚") -> None:
    """XLSX with real date cells and number cells, as an agency's export would have."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header, "")
            if value and header in DATE_HEADERS:
                sheet.write_datetime(r, c, date.fromisoformat(value), date_format)
            elif value and "金额" in header:
                sheet.write_number(r, c, float(value.replace(",", "")))
            elif value:
                sheet.write_string(r, c, value)
    book.close()


def write_xls(path: Path, headers: Sequence[str], rows: Iterable[Row], sheet_name: str = "行政处罚") -> None:
    """Legacy Excel 97–2003 XLS (at most 65,535 rows), date and number cells as a case system
    writes them; needs xlwt (a test and benchmark dependency, not a runtime one)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(sheet_name)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, header in enumerate(headers):
        sheet.write(0, c, header)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header, "")
            if value and header in DATE_HEADERS:
                sheet.write(r, c, date.fromisoformat(value), date_style)
            elif value and "金额" in header:
                sheet.write(r, c, float(value.replace(",", "")))
            elif value:
                sheet.write(r, c, value)
    book.save(str(path))


def in_wan(rows: Iterable[Row]) -> Iterator[Row]:
    """The same rows with amounts in 万元 headers (a common export variant)."""
    for row in rows:
        out = dict(row)
        for header in AMOUNT_HEADERS:
            value = out.pop(header, "")
            wan = (Decimal(value.replace(",", "")) / 10000).normalize() if value else None
            out[header.replace("（元）", "（万元）")] = format(wan, "f") if wan is not None else ""
        yield out


def wan_headers() -> tuple[str, ...]:
    return tuple(h.replace("（元）", "（万元）") if h in AMOUNT_HEADERS else h for h in PENALTY_HEADERS)


def generate(out: Path, penalties: int, dishonesty: int, seed: int, fmt: str = "csv") -> None:
    """Registers for benchmarks under ``out``: one penalty file per penalising authority
    (``fmt``: csv, xlsx, xls or gb18030) and one dishonesty list (UTF-8 CSV)."""
    synth = Synth(seed)
    (out / "penalties").mkdir(parents=True, exist_ok=True)
    (out / "dishonesty").mkdir(parents=True, exist_ok=True)
    authorities = list(PENALTY_PREFIX)
    share = -(-penalties // len(authorities))
    for i, authority in enumerate(authorities):
        count = max(0, min(share, penalties - i * share))
        rows = (synth.penalty(authority) for _ in range(count))
        name = out / "penalties" / f"penalties-{i + 1:02d}"
        if fmt == "xlsx":
            write_xlsx(name.with_suffix(".xlsx"), PENALTY_HEADERS, rows)
        elif fmt == "xls":
            write_xls(name.with_suffix(".xls"), PENALTY_HEADERS, rows)
        else:
            write_csv(
                name.with_suffix(".csv"), PENALTY_HEADERS, rows, "gb18030" if fmt == "gb18030" else "utf-8"
            )
    listers = list(LISTING_PREFIX)
    listings = (synth.listing(listers[i % len(listers)]) for i in range(dishonesty))
    write_csv(out / "dishonesty" / "dishonesty.csv", DISHONESTY_HEADERS, listings)


def write_sample(data_dir: Path, seed: int = 20261124) -> None:
    """The committed sample registers: three penalty files in three formats and one list."""
    synth = Synth(seed)
    penalties, dishonesty = data_dir / "penalties", data_dir / "dishonesty"
    penalties.mkdir(parents=True, exist_ok=True)
    dishonesty.mkdir(parents=True, exist_ok=True)
    older = tuple(h for h in PENALTY_HEADERS if h not in CLASS_HEADERS)  # an older export template
    write_csv(penalties / "2026-shi-jianguan-ju.csv", older,
              (synth.penalty("江海市市场监督管理局") for _ in range(130)), "gb18030")  # fmt: skip
    write_xlsx(penalties / "2026-zhishichanquan-ju.xlsx", PENALTY_HEADERS,
               (synth.penalty("江海市知识产权局") for _ in range(90)))  # fmt: skip
    mixed = ("江海市浦江区市场监督管理局", "江海市版权局", "江海市文化市场行政执法总队", "江海海关")
    write_csv(penalties / "2026-qu-ji-zhifa-wanyuan.csv", wan_headers(),
              in_wan(synth.penalty(mixed[i % 4]) for i in range(100)))  # fmt: skip
    listers = tuple(LISTING_PREFIX)
    write_csv(dishonesty / "2026-shixin-mingdan.csv", DISHONESTY_HEADERS,
              (synth.listing(listers[i % 2]) for i in range(48)), "utf-8-sig")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--penalties", type=int, default=1000, metavar="N")
    parser.add_argument("--dishonesty", type=int, default=100, metavar="M")
    parser.add_argument("--out", type=Path, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.add_argument("--format", choices=("csv", "xlsx", "xls", "gb18030"), default="csv")
    parser.add_argument("--sample", action="store_true", help="rewrite cases_data/penalties and dishonesty")
    args = parser.parse_args(argv)
    if args.sample:
        write_sample(ROOT / "cases_data")
    elif args.out:
        generate(args.out, args.penalties, args.dishonesty, args.seed, args.format)
    else:
        parser.error("give --out DIR or --sample")
    return 0


if __name__ == "__main__":
    sys.exit(main())
