"""The protection lists' sample data, and synthetic lists of any size for benchmarks.

The sample (``--sample``) is hand-picked: about forty fictional marks of domestic and foreign
right holders (美国, 日本, 德国, 法国, 韩国, 英国, 瑞士, 意大利, 中国香港, 中国台湾…), Chinese and
Latin-letter marks, a few expired by 2026-11-24 and one listed ahead of it; and twenty places
of 江海市 on both lists, one of them removed. Domestic holders get valid 统一社会信用代码 (computed
check characters, from a seeded stream); foreign ones none. Every name is invented.

    python bench/synth_protection.py --sample                 # rewrite the committed sample
    python bench/synth_protection.py --marks 100000 --places 20000 --out /tmp/data --seed 1

The sample's marks are an XLSX file with real date cells (as an agency's export), the places a
UTF-8 CSV with BOM (as Excel's "CSV UTF-8" writes it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth_registers import PLACES, TRADES, WORDS, Synth, write_csv, write_xlsx  # noqa: E402

TODAY = date(2026, 11, 24)
MARK_HEADERS = (
    "商标名称", "商标注册号", "核定使用类别", "商标权利人", "权利人统一社会信用代码", "权利人国家或地区",
    "权利人英文名称", "列入日期", "有效期至", "列入机关", "保护措施",
)  # fmt: skip
PLACE_HEADERS = (
    "名录", "名称", "类型", "所在区", "地址或网址", "涉及知识产权类型", "列入日期", "移出日期", "列入机关", "监管措施",
)  # fmt: skip
MEASURES = (
    "纳入重点商标保护名录，在展会、专业市场和电商平台执法中优先保护，侵权线索优先核查处理。",
    "建立权利人快速维权通道，侵权投诉 5 个工作日内答复；海关备案信息共享。",
    "列入年度专项执法行动重点保护对象，开展商品真伪鉴定协作。",
)

# (mark, classes, holder, country, English name; "" when none). Domestic holders: 中国.
MARKS: tuple[tuple[str, str, str, str, str], ...] = (
    ("汇通", "7；35", "江海汇通机械有限公司", "中国", "Jianghai Huitong Machinery Co., Ltd."),
    ("江海老窖", "33", "江海老窖酒业股份有限公司", "中国", "Jianghai Laojiao Distillery Co., Ltd."),
    ("浦江春", "30；33", "江海浦江春食品有限公司", "中国", "Jianghai Pujiangchun Foods Co., Ltd."),
    ("云帆", "9；42", "江海云帆网络科技有限公司", "中国", "Jianghai Yunfan Network Technology Co., Ltd."),
    ("星途", "12", "江海星途汽车配件有限公司", "中国", "Jianghai Xingtu Auto Parts Co., Ltd."),
    ("嘉禾", "20；21", "江海嘉禾家居有限公司", "中国", ""),
    ("海纳百川 HAINA", "25；18", "江海海纳服饰有限公司", "中国", "Jianghai Haina Apparel Co., Ltd."),
    ("启明星", "16；41", "江海启明文化传媒有限公司", "中国", "Jianghai Qiming Culture & Media Co., Ltd."),
    ("东湖龙井", "30", "江海东湖茶业有限公司", "中国", "Jianghai Donghu Tea Co., Ltd."),
    ("泰和堂", "5；35", "江海泰和堂生物医药有限公司", "中国", "Jianghai Taihetang Biopharma Co., Ltd."),
    ("BOYUAN", "9", "江海博远光电有限公司", "中国", "Jianghai Boyuan Optoelectronics Co., Ltd."),
    ("锦程", "39", "江海锦程物流有限公司", "中国", ""),
    ("临港蟹", "29；31", "江海临港水产有限公司", "中国", "Jianghai Lingang Aquatic Products Co., Ltd."),
    ("立信 LIXIN", "3", "江海立信化妆品有限公司", "中国", "Jianghai Lixin Cosmetics Co., Ltd."),
    ("丰源", "1", "江海丰源化工有限公司", "中国", ""),
    (
        "滨江图形（帆船图案）",
        "28",
        "江海滨江体育用品有限公司",
        "中国",
        "Jianghai Binjiang Sporting Goods Co., Ltd.",
    ),
    ("天衡", "14", "江海天衡珠宝有限公司", "中国", ""),
    ("景辉", "11", "江海景辉照明电器有限公司", "中国", "Jianghai Jinghui Lighting Co., Ltd."),
    ("华茂", "24；25", "江海华茂纺织有限公司", "中国", ""),
    ("明德书局", "16", "江海明德印刷有限公司", "中国", ""),
    ("ACMERIDGE", "9；28", "Acmeridge Consumer Products, Inc.", "美国", "Acmeridge Consumer Products, Inc."),
    ("BLUE HARBOR", "25", "Blue Harbor Outfitters LLC", "美国", "Blue Harbor Outfitters LLC"),
    ("NORTHWIND", "12；37", "Northwind Mobility Corporation", "美国", "Northwind Mobility Corporation"),
    ("さくら工房 SAKURA KOBO", "3；21", "株式会社桜工房", "日本", "Sakura Kobo Co., Ltd."),
    ("KAZEMI", "7；9", "风见精机株式会社", "日本", "Kazemi Precision Industries, Ltd."),
    ("MITSUBA TEA", "30", "三叶茶铺株式会社", "日本", "Mitsuba Tea Co., Ltd."),
    ("KRAFTWERK HEINZEL", "7；8", "Heinzel Werkzeugbau GmbH", "德国", "Heinzel Werkzeugbau GmbH"),
    ("ALPENMILCH", "29", "Alpenmilch Molkerei AG", "德国", "Alpenmilch Molkerei AG"),
    ("MAISON VERLAINE", "3；14；18", "Maison Verlaine SAS", "法国", "Maison Verlaine SAS"),
    ("CHÂTEAU LUMIÈRE", "33", "Château Lumière SA", "法国", "Château Lumière SA"),
    ("HANBIT", "9；11", "Hanbit Electronics Co., Ltd.", "韩国", "Hanbit Electronics Co., Ltd."),
    ("SEOLHWA", "3", "雪花化妆品株式会社", "韩国", "Seolhwa Cosmetics Co., Ltd."),
    ("THAMES & CO", "25；35", "Thames & Co Limited", "英国", "Thames & Co Limited"),
    ("HELVETIA TIME", "14", "Helvetia Time SA", "瑞士", "Helvetia Time SA"),
    ("CAVALLINO", "12；25", "Cavallino Moda S.p.A.", "意大利", "Cavallino Moda S.p.A."),
    ("维港", "30；35", "维港食品有限公司", "中国香港", "Victoria Harbour Foods Limited"),
    ("金紫荆", "14", "金紫荆珠宝有限公司", "中国香港", "Golden Bauhinia Jewellery Limited"),
    ("玉山", "9", "玉山科技股份有限公司", "中国台湾", "Yushan Technology Corporation"),
    ("NORDLYS", "9；42", "Nordlys Software AS", "挪威", "Nordlys Software AS"),
    ("KOALA CREEK", "32", "Koala Creek Beverages Pty Ltd", "澳大利亚", "Koala Creek Beverages Pty Ltd"),
)
# Marks whose listing has ended by TODAY (有效期至 before it), and the one listed ahead of it.
EXPIRED_MARKS = frozenset({"丰源", "明德书局", "NORTHWIND", "MITSUBA TEA", "金紫荆"})
FUTURE_MARKS = frozenset({"NORDLYS"})

# (list, name, type, district, address or URL, IP types)
PLACES_SAMPLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("侵权易发风险点", "江海小商品城", "专业市场", "浦江区", "江海市浦江区商城路 88 号", "商标；著作权"),
    ("侵权易发风险点", "江北服装批发市场", "专业市场", "江北区", "江海市江北区纺织路 12 号", "商标"),
    ("侵权易发风险点", "海州电子城", "专业市场", "海州区", "江海市海州区电子街 3 号", "商标；专利"),
    ("侵权易发风险点", "东湖茶叶市场", "专业市场", "东湖区", "江海市东湖区茶园路 56 号", "商标；地理标志"),
    ("侵权易发风险点", "临港汽配城", "专业市场", "临港区", "江海市临港区汽配大道 1 号", "商标；专利"),
    ("侵权易发风险点", "江海优选商城", "电商平台", "", "https://youxuan.example.cn/", "商标；著作权；专利"),
    ("侵权易发风险点", "江海直播电商基地", "电商平台", "滨江区", "江海市滨江区数字港 7 号", "商标；著作权"),
    ("侵权易发风险点", "江海国际消费品博览会", "展会", "浦江区", "江海国际会展中心", "商标；专利；著作权"),
    ("侵权易发风险点", "江海国际玩具展", "展会", "浦江区", "江海国际会展中心", "著作权；专利；商标"),
    ("侵权易发风险点", "西城步行街商圈", "商圈", "西城区", "江海市西城区步行街", "商标"),
    ("侵权易发风险点", "南汇夜市", "其他", "南汇区", "江海市南汇区滨海路夜市", "商标；著作权"),
    ("侵权易发风险点", "北岸印刷产业园", "其他", "北岸区", "江海市北岸区印刷园区", "著作权"),
    ("重点关注市场", "江海小商品城", "专业市场", "浦江区", "江海市浦江区商城路 88 号", "商标；著作权"),
    ("重点关注市场", "江北服装批发市场", "专业市场", "江北区", "江海市江北区纺织路 12 号", "商标"),
    (
        "重点关注市场",
        "海州电子城",
        "专业市场",
        "海州区",
        "江海市海州区电子街 3 号",
        "商标；专利；集成电路布图设计",
    ),
    ("重点关注市场", "滨江眼镜市场", "专业市场", "滨江区", "江海市滨江区明光路 20 号", "商标"),
    ("重点关注市场", "江海种子交易市场", "专业市场", "临港区", "江海市临港区农科路 9 号", "植物新品种；商标"),
    ("重点关注市场", "江海好物网", "电商平台", "", "https://haowu.example.cn/", "商标；著作权"),
    ("重点关注市场", "东湖古玩城", "专业市场", "东湖区", "江海市东湖区文博路 2 号", "著作权；商标"),
    ("重点关注市场", "西城数码广场", "商圈", "西城区", "江海市西城区数码大道 1 号", "商标；专利"),
)
REMOVED_PLACES = frozenset({("侵权易发风险点", "南汇夜市")})
PLACE_MEASURES = (
    "每月开展一次巡查，建立商户知识产权档案，督促市场开办方落实主体责任。",
    "与平台建立侵权线索移送机制，对重点商品开展抽检和网络监测。",
    "展会期间设立知识产权投诉工作站，现场受理投诉。",
)


class ProtectionSynth(Synth):
    """One seeded stream of marks and places; registration numbers are unique within it."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed, TODAY)
        self.numbers: set[int] = set()

    def registration_number(self) -> str:
        while True:
            number = self.rng.randrange(1_000_000, 80_000_000)
            if number not in self.numbers:
                self.numbers.add(number)
                return str(number)

    def listed(self) -> date:
        return date(2024, 1, 1) + timedelta(days=self.rng.randrange(900))

    def mark_row(self, mark: tuple[str, str, str, str, str], index: int) -> dict[str, str]:
        name, classes, holder, country, english = mark
        listed = self.listed()
        until = date(listed.year + 3, 12, 31)
        if name in EXPIRED_MARKS:
            listed, until = (
                date(2023, 3, 15) + timedelta(days=index),
                date(2025, 6, 30) + timedelta(days=index * 5),
            )
        elif name in FUTURE_MARKS:
            listed, until = date(2026, 12, 1), date(2029, 12, 31)
        number = self.registration_number()
        return {
            "商标名称": name,
            "商标注册号": f"G{number[:7]}"
            if country not in ("中国", "中国香港", "中国台湾") and index % 3 == 0
            else number,
            "核定使用类别": classes,
            "商标权利人": holder,
            "权利人统一社会信用代码": self.uscc() if country == "中国" else "",
            "权利人国家或地区": "" if country == "中国" and index % 2 else country,
            "权利人英文名称": english,
            "列入日期": listed.isoformat(),
            "有效期至": until.isoformat(),
            "列入机关": "江海市知识产权局",
            "保护措施": MEASURES[index % len(MEASURES)],
        }

    def place_row(self, place: tuple[str, str, str, str, str, str], index: int) -> dict[str, str]:
        risk_list, name, kind, district, address, ip_types = place
        listed = date(2025, 1, 10) + timedelta(days=index * 17)
        removed = date(2026, 9, 30) if (risk_list, name) in REMOVED_PLACES else None
        authority = "江海市浦江区市场监督管理局" if district == "浦江区" else "江海市市场监督管理局"
        measures = (
            PLACE_MEASURES[2]
            if kind == "展会"
            else PLACE_MEASURES[1]
            if kind == "电商平台"
            else PLACE_MEASURES[0]
        )
        return {
            "名录": risk_list,
            "名称": name,
            "类型": kind,
            "所在区": district,
            "地址或网址": address,
            "涉及知识产权类型": ip_types,
            "列入日期": listed.isoformat(),
            "移出日期": removed.isoformat() if removed else "",
            "列入机关": authority,
            "监管措施": measures,
        }

    # Synthetic rows for benchmarks ------------------------------------------------------------
    def any_mark(self, index: int) -> dict[str, str]:
        holder = self.company().replace("有限公司", f"{index}有限公司")
        classes = "；".join(str(c) for c in sorted(self.rng.sample(range(1, 46), self.rng.randint(1, 4))))
        row = self.mark_row((f"{self.rng.choice(WORDS)}{index}", classes, holder, "中国", ""), index)
        row["商标名称"] = f"{self.rng.choice(WORDS)}{index}"
        return row

    def any_place(self, index: int) -> dict[str, str]:
        district = f"{self.rng.choice(PLACES)}区"
        name = f"{district}{self.rng.choice(TRADES)}市场{index}"
        lists = ("侵权易发风险点", "重点关注市场")
        return self.place_row(
            (lists[index % 2], name, "专业市场", district, f"江海市{district}{index}号", "商标"), index % 40
        )


def mark_rows(synth: ProtectionSynth) -> Iterator[dict[str, str]]:
    return (synth.mark_row(mark, i) for i, mark in enumerate(MARKS))


def write_sample(data_dir: Path, seed: int = 20261124) -> None:
    synth = ProtectionSynth(seed)
    marks, places = data_dir / "key-trademarks", data_dir / "risk-points"
    marks.mkdir(parents=True, exist_ok=True)
    places.mkdir(parents=True, exist_ok=True)
    write_xlsx(marks / "2026-zhongdian-shangbiao.xlsx", MARK_HEADERS, mark_rows(synth), "重点商标保护名录")
    write_csv(places / "2026-fengxiandian-shichang.csv", PLACE_HEADERS,
              (synth.place_row(p, i) for i, p in enumerate(PLACES_SAMPLE)), "utf-8-sig")  # fmt: skip


def generate(out: Path, marks: int, places: int, seed: int) -> None:
    synth = ProtectionSynth(seed)
    (out / "key-trademarks").mkdir(parents=True, exist_ok=True)
    (out / "risk-points").mkdir(parents=True, exist_ok=True)
    write_csv(out / "key-trademarks" / "marks.csv", MARK_HEADERS, (synth.any_mark(i) for i in range(marks)))
    write_csv(out / "risk-points" / "places.csv", PLACE_HEADERS, (synth.any_place(i) for i in range(places)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--marks", type=int, default=1000, metavar="N")
    parser.add_argument("--places", type=int, default=200, metavar="M")
    parser.add_argument("--out", type=Path, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.add_argument(
        "--sample", action="store_true", help="rewrite cases_data/key-trademarks and risk-points"
    )
    args = parser.parse_args(argv)
    if args.sample:
        write_sample(ROOT / "cases_data")
    elif args.out:
        generate(args.out, args.marks, args.places, args.seed)
    else:
        parser.error("give --out DIR or --sample")
    return 0


if __name__ == "__main__":
    sys.exit(main())
