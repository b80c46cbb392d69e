"""Search benchmark: index, export and query synthetic penalty registers of 10,000 and 100,000 records.

    .venv/bin/python bench/search_bench.py [--sizes 10000 100000] [--out bench-out/search] [--procs 1]

Prints, per size: the time of the build's export (straight from the
documents), its size and file count, the Whoosh index's build time (the
index ``serve`` answers from; ``--no-whoosh`` skips it), the bytes a browser fetches for typical first queries (search.js +
manifest + term buckets + postings chunks + document shards of the first
page; every shard is gzipped by the exporter, search.js counted both as is
and gzipped), and the in-browser query time measured under node. The records
come from bench/synth_registers.py through the real pipeline (validation,
publication rules, masking) when present, else from the small generator below.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipcredit.catalogue import Catalogue  # noqa: E402
from ipcredit.records import Origin, PartyType, Penalty, record_id  # noqa: E402
from ipcredit.settings import Licence, Localised, Settings  # noqa: E402

SEARCH_JS = ROOT / "site" / "static" / "js" / "search.js"
HARNESS = ROOT / "tests" / "search" / "harness.js"

# --- a small generator of realistic penalty records --------------------------------------------

_BRAND_CHARS = (
    "瑞丰德润华盛鑫源泰和宏达恒信金诚汇通永安嘉禾天成中正隆昌祥瑞博远新锐佳兴立诚安泰宝丰广聚"
    "同创昊天振华明辉利民海纳百川卓越东方南北富强启航星辰鼎盛盈科腾飞晨光君悦方圆凯旋云帆翔宇"
)
_INDUSTRIES = (
    "贸易", "商贸", "科技", "电子", "服饰", "食品", "医药", "化妆品", "五金", "建材", "文化传媒",
    "网络科技", "家居", "酒业", "茶业", "体育用品", "汽车配件", "母婴用品", "眼镜", "箱包",
)  # fmt: skip
_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "商行", "经营部")
_DISTRICTS = ("江海", "江海市", "江海市滨江区", "江海市临港区", "江海市东湖区", "江海市西城区")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GOODS = (
    ("运动鞋", "双"), ("手提包", "个"), ("白酒", "瓶"), ("洗发水", "瓶"), ("手机壳", "个"),
    ("蓝牙耳机", "副"), ("T恤衫", "件"), ("太阳镜", "副"), ("奶粉", "罐"), ("茶叶", "盒"),
    ("LED灯具", "套"), ("汽车滤清器", "个"), ("儿童玩具", "件"), ("口红", "支"), ("羽绒服", "件"),
)  # fmt: skip
_MARKS = (
    "NIKE",
    "耐克",
    "阿迪达斯",
    "茅台",
    "飘柔",
    "华为",
    "小米",
    "海尔",
    "LV",
    "香奈儿",
    "五粮液",
    "安踏",
)
_VIOLATIONS = (
    ("商标", "销售侵犯注册商标专用权的商品", "《中华人民共和国商标法》第五十七条第（三）项", "《中华人民共和国商标法》第六十条第二款"),
    ("商标", "在同一种商品上使用与其注册商标相同的商标", "《中华人民共和国商标法》第五十七条第（一）项", "《中华人民共和国商标法》第六十条第二款"),
    ("专利", "假冒专利", "《中华人民共和国专利法》第六十八条", "《中华人民共和国专利法》第六十八条"),
    ("专利", "标注失效专利号", "《专利法实施细则》第一百零一条", "《中华人民共和国专利法》第六十八条"),
    ("著作权", "未经许可复制发行他人作品", "《中华人民共和国著作权法》第五十三条", "《中华人民共和国著作权法》第五十三条"),
    ("不正当竞争", "擅自使用与他人有一定影响的商品名称相同的标识", "《中华人民共和国反不正当竞争法》第六条", "《中华人民共和国反不正当竞争法》第十八条"),
    ("地理标志", "擅自使用地理标志专用标志", "《地理标志产品保护规定》第二十一条", "《中华人民共和国产品质量法》第五十三条"),
)  # fmt: skip
_SENTENCES = (
    "执法人员在当事人经营场所现场查获上述商品，当事人不能提供合法来源证明。",
    "经权利人鉴定，上述商品均非其生产或授权生产的产品。",
    "当事人通过网络平台店铺对外销售，销售记录显示共成交{n}笔。",
    "当事人在接受调查时如实陈述违法事实，主动提供证据材料，积极配合调查。",
    "当事人系初次违法，且在案发后主动停止销售，危害后果较轻。",
    "上述事实有现场检查笔录、询问笔录、进货单据、销售记录及权利人出具的鉴定意见等证据证实。",
    "当事人的进货渠道为{city}某批发市场，进货价格明显低于市场价格。",
    "本局于{d}向当事人送达了行政处罚告知书，当事人在法定期限内未提出陈述、申辩。",
    "经核算，上述侵权商品货值金额共计人民币{amount}元，违法所得人民币{gain}元。",
)
_AUTHORITIES = (
    "江海市市场监督管理局",
    "江海市知识产权局",
    "江海市滨江区市场监督管理局",
    "江海市临港区市场监督管理局",
)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AS_OF = date(2026, 11, 24)


def _company(rng: random.Random) -> str:
    brand = "".join(rng.sample(_BRAND_CHARS, 2))
    return f"{rng.choice(_DISTRICTS)}{brand}{rng.choice(_INDUSTRIES)}{rng.choice(_FORMS)}"


def _uscc(rng: random.Random) -> str:
    return "91" + f"{rng.randrange(110000, 660000):06d}" + "".join(rng.choices(_USCC_CHARS, k=10))


def _facts(rng: random.Random, party: str, goods: str, unit: str, mark: str, violation: str) -> str:
    qty, amount = rng.randint(10, 5000), rng.randint(1000, 900000)
    start = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    facts = (
        f"经查，当事人{party}于{start.year}年{start.month}月至{start.year + 1}年{rng.randint(1, 12)}月期间，"
        f"{violation}，涉案商品为标有“{mark}”标识的{goods}共计{qty}{unit}。"
    )
    target = rng.randint(100, 400)
    while len(facts) < target:
        facts += rng.choice(_SENTENCES).format(
            n=rng.randint(3, 900), city=rng.choice(_DISTRICTS), amount=f"{amount:,}",
            gain=f"{rng.randint(100, amount):,}", d=f"{start.year + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        )  # fmt: skip
    return facts[: max(target, 100)]


def synthetic_penalty(rng: random.Random, serial: int) -> Penalty:
    party = _company(rng)
    ip_type, violation, rule, basis = rng.choice(_VIOLATIONS)
    goods, unit = rng.choice(_GOODS)
    decided = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
    office = rng.choice(("江市监知处罚", "江市监处罚", "江滨市监处罚", "江临市监知罚", "江知执罚"))
    number = f"{office}〔{decided.year}〕{serial % 9000 + 1 + serial // 9000 * 10000}号"
    fine = Decimal(rng.randrange(5, 500) * 1000)
    return Penalty(
        id=record_id(number), decision_number=number, party_name=party,
        party_type=PartyType.ORGANISATION, uscc=_uscc(rng),
        legal_representative=rng.choice(_SURNAMES) + "".join(rng.sample(_BRAND_CHARS, rng.randint(1, 2))),
        id_type=None, id_number=None, violation_type=violation, ip_type=ip_type,
        facts=_facts(rng, party, goods, unit, rng.choice(_MARKS), violation), basis=f"{rule}、{basis}",
        penalty_categories=("罚款", "没收违法所得"),
        content=f"1.责令立即停止侵权行为；2.没收侵权商品；3.罚款人民币{fine:,}元。",
        fine_yuan=fine, confiscated_yuan=None, licence_action=None, decision_date=decided,
        validity=None, publicity_end=None, authority=rng.choice(_AUTHORITIES),
        authority_uscc="11110000000000000X", data_source=None, data_source_uscc=None,
        withdrawn_on=None, withdrawal_reason=None, remarks=None, origin=Origin("synthetic.csv", serial + 2),
    )  # fmt: skip


def bench_settings() -> Settings:
    return Settings(
        name=Localised("江海市知识产权信用信息公示", "Jianghai IP Credit"),
        base_url="https://ipcredit.example.org/",
        publisher=Localised("江海市知识产权局", "Jianghai IP Administration"),
        contact_email="ip@example.org", contact_phone="", contact_address=Localised("", ""),
        licence=Licence("CC-BY-4.0", Localised("署名 4.0", "Attribution 4.0"), "https://example.org/"),
    )  # fmt: skip


def synthetic_catalogue(size: int, seed: int = 2026, own: bool = False) -> Catalogue:
    """``size`` penalty records: the project's register generator through the real pipeline
    (validation, publication rules, masking: some records are withheld), or the generator above."""
    if not own:
        try:
            return _pipeline_catalogue(size, seed)
        except ImportError:
            print("bench/synth_registers.py or the pipeline is missing: using the built-in generator")
    rng = random.Random(seed)
    penalties = sorted(
        (synthetic_penalty(rng, i) for i in range(size)), key=lambda p: p.decision_date, reverse=True
    )
    return Catalogue(
        as_of=AS_OF, settings=bench_settings(), white_papers=(), notices=(), pages=(),
        authorities=(), cases=(), penalties=tuple(penalties), dishonesty=(), withheld=(),
    )  # fmt: skip


def _pipeline_catalogue(size: int, seed: int) -> Catalogue:
    from bench.synth_registers import generate
    from ipcredit.pipeline import Folders, build_catalogue, read_sources
    from ipcredit.problems import Problems

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "cases_data"
        shutil.copytree(ROOT / "cases_data", data, ignore=shutil.ignore_patterns("penalties", "dishonesty"))
        generate(data, size * 8 // 5, size // 20, seed)  # about a third are withheld by the rules
        settings, sources = read_sources(Folders(ROOT / "content", data), Problems())
        assert settings is not None
        catalogue = build_catalogue(settings, sources, AS_OF)
    return replace(catalogue, penalties=catalogue.penalties[:size])


# --- measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    query: str
    files: int  # search.js included
    shards: int  # bytes of manifest, buckets, chunks and document shards (gzipped by the exporter)
    hits: int
    total: int


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def measure_queries(export_dir: Path, queries: list[str]) -> tuple[list[Fetched], dict[str, float]]:
    """Run search.js under node: which files each first query fetched, and query times."""
    out = subprocess.run(
        ["node", str(HARNESS), "bench", str(SEARCH_JS), str(export_dir), json.dumps(queries)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    report = json.loads(out.stdout)
    fetched = []
    for q, info in zip(queries, report["queries"], strict=True):
        shards = sum((export_dir / f).stat().st_size for f in info["files"])
        fetched.append(Fetched(q, len(info["files"]) + 1, shards, len(info["hits"]), info["total"]))
    return fetched, report["timing"]


def _folder_stats(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def typical_queries(catalogue: Catalogue) -> list[str]:
    companies = [p for p in catalogue.penalties if p.party_type is PartyType.ORGANISATION and p.uscc]
    p = companies[len(companies) // 3]
    brand = p.party_name.removeprefix("江海市").removeprefix("江海")[:4]
    words = [p.facts[i : i + 3] for i in range(6, len(p.facts) - 3, 11)]
    return [
        brand,  # a fragment of a company name (the typical first query)
        p.party_name,  # a whole company name
        p.decision_number,  # a decision number typed whole
        p.uscc or "",  # a credit code typed whole
        p.decision_number[-6:],  # the end of a decision number ("1234号")
        "商标法第六十条",  # a legal term
        "假冒专利",
        f"{words[0]} {words[-1]}",  # two words from a record's facts
        "商标",  # one very common word
    ]


def run(size: int, out: Path, procs: int, own: bool, whoosh: bool) -> None:
    from ipcredit.searchdocs import SEARCH_SECTIONS, documents
    from search import build_search
    from search.query import Engine, search

    print(f"\n== {size:,} penalty records generated ==", flush=True)
    started = time.perf_counter()
    catalogue = synthetic_catalogue(size, own=own)
    print(f"generate: {time.perf_counter() - started:.1f} s; published: {len(catalogue.penalties):,} penalties, "
          f"{len(catalogue.dishonesty):,} dishonesty listings, {len(catalogue.cases)} cases")  # fmt: skip
    work = out / str(size)
    shutil.rmtree(work, ignore_errors=True)
    from search.export import export_documents

    started = time.perf_counter()
    docs = documents(catalogue)
    mapped = time.perf_counter() - started
    direct = export_documents(docs, work / "export", SEARCH_SECTIONS)
    print(f"build's export, straight from the documents: {mapped + direct.seconds:.1f} s "
          f"(documents {mapped:.1f} s, export {direct.seconds:.1f} s)")  # fmt: skip
    files, size_bytes = _folder_stats(work / "export")
    print(f"export: {size_bytes / 1e6:.1f} MB in {files:,} files "
          f"({direct.terms:,} terms, {direct.postings:,} postings)")  # fmt: skip
    if whoosh:
        stats = build_search(docs, work / "index", work / "whoosh", SEARCH_SECTIONS, procs=procs)
        print(f"Whoosh index and its export (serve's index): {stats.seconds:.1f} s in all (procs={procs}); "
              f"index {stats.index.seconds:.1f} s, {stats.index.docs_per_second:,.0f} docs/s, export {stats.export.seconds:.1f} s")  # fmt: skip
    queries = typical_queries(catalogue)
    fetched, timing = measure_queries(work / "export", queries)
    js_raw, js_gzip = SEARCH_JS.stat().st_size, _gzip_size(SEARCH_JS)
    print(
        f"a first query fetches search.js ({js_raw / 1024:.1f} KB, {js_gzip / 1024:.1f} KB gzipped by the server),"
    )
    print("the manifest, term buckets, postings chunks and the document shards of the first 10 hits:")
    print(f"  {'query':<26} files  shards KB   total KB (js raw / js gzip)  matches")
    for f in fetched:
        total_raw, total_gzip = (f.shards + js_raw) / 1024, (f.shards + js_gzip) / 1024
        print(
            f"  {f.query[:26]:<26} {f.files:>5} {f.shards / 1024:>10.1f} {total_raw:>10.1f} / {total_gzip:<10.1f} {f.total:>8}"
        )
    print(
        f"search.js query time under node, files in memory, inflated natively (zlib): median "
        f"{timing['zlib']['median_ms']:.1f} ms, max {timing['zlib']['max_ms']:.1f} ms; with node's slow "
        f"DecompressionStream: median {timing['streams']['median_ms']:.1f} ms, max {timing['streams']['max_ms']:.1f} ms"
    )
    if whoosh:
        engine = Engine(work / "index")  # opened once, as the preview app does
        started = time.perf_counter()
        for q in queries:
            search(engine, q)
        print(
            f"search.query (Whoosh): {(time.perf_counter() - started) / len(queries) * 1000:.0f} ms per query"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "search")
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--own-generator", action="store_true", help="skip bench/synth_registers.py")
    parser.add_argument("--no-whoosh", action="store_true", help="skip the Whoosh index (serve's)")
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.out, args.procs, args.own_generator, not args.no_whoosh)


if __name__ == "__main__":
    main()
