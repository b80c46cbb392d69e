"""Register pages: lists newest first with counts, facet pages, and full detail pages."""

from __future__ import annotations

import re
from datetime import date

from ipcredit.records import Origin, Page, PublicityClass, Text
from ipcredit.web import create_app
from tests.factories import OTHER_AUTHORITY, catalogue, dishonesty, penalty
from tests.web.paging import PREVIOUS, follow


def client(cat):
    return create_app(cat).test_client()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def newest_first(*records):
    return tuple(sorted(records, key=lambda r: r.decision_date, reverse=True))


ROW = re.compile(r'<th scope="row"><a href="/penalties/\w+/">([^<]+)</a>')


def test_penalty_list_is_newest_first_paged_and_counted():
    records = newest_first(*(penalty(n) for n in range(1, 12)))
    web = client(catalogue(penalties=records))
    pages = follow(web, "/penalties/")
    assert len(pages) > 2  # page_size is 2 in the test settings
    names = [name for _path, page in pages for name in ROW.findall(page)]
    assert names == [r.party_name for r in records]  # each record once, newest first
    first, later = pages[0][1], [page for _path, page in pages[1:]]
    assert "当前公示 11 条处罚决定" in first
    # A later page shows nothing that changes every night: no count, no as-of date.
    assert not any("当前公示" in page or "数据截至" in page or 'class="count"' in page for page in later)
    for (path, page), (newer, _) in zip(pages[1:], pages, strict=False):
        assert path.startswith("/penalties/page/") and PREVIOUS.search(page).group(1) == newer
    assert all('href="/penalties/">最新</a>' in page for _path, page in pages[2:])  # page 2: "previous" is it
    assert web.get("/penalties/page/2/").status_code == 404  # pages are named, not numbered


def test_the_first_page_links_each_month_to_the_page_with_its_newest_record():
    records = newest_first(*(penalty(n) for n in range(1, 12)))
    web = client(catalogue(penalties=records))
    pages = follow(web, "/penalties/")
    first = pages[0][1]
    for record in records:
        month = f"{record.decision_date.year}年{record.decision_date.month}月"
        link = re.search(rf'<a href="([^"]+)" aria-label="{month}">', first)
        assert link, month
        newest = next(r for r in records if r.decision_date.month == record.decision_date.month)
        target = dict(pages)[link.group(1)]
        assert f">{newest.party_name}<" in target


def test_facet_pages_list_only_their_records_with_counts():
    trademark = [penalty(n) for n in (1, 2, 3)]
    patent = [
        penalty(n, ip_type="专利", violation_type="假冒专利", authority=OTHER_AUTHORITY.name) for n in (4, 5)
    ]
    cat = catalogue(penalties=newest_first(*trademark, *patent))
    listing = text(client(cat).get("/penalties/"))
    assert 'href="/penalties/ip-type/trademark/">商标</a> <span class="count">（3）' in listing
    assert (
        f'href="/penalties/authority/{OTHER_AUTHORITY.uscc}/">江海市知识产权局</a> <span class="count">（2）'
        in listing
    )
    patents = follow(client(cat), "/penalties/ip-type/patent/")
    assert "当前公示 2 条处罚决定" in patents[0][1]
    shown = "".join(page for _path, page in patents)
    assert all(p.party_name in shown for p in patent)
    assert not any(f">{p.party_name}<" in shown for p in trademark)
    assert client(cat).get("/penalties/ip-type/plant-variety/").status_code == 404


def test_penalty_detail_shows_every_published_field_and_when_it_leaves():
    record = penalty(7, remarks="备注内容", validity="六个月", licence_action="营业执照（编号 123）")
    page = text(client(catalogue(penalties=(record,))).get(f"/penalties/{record.id}/"))
    for value in (
        record.party_name, record.decision_number, record.uscc, record.legal_representative, record.facts,
        record.basis, record.content, "罚款；没收违法所得", "50,000 元", "1,200.5 元", "六个月", "营业执照（编号 123）",
        "备注内容", record.authority, record.authority_uscc, "2025年3月8日",
    ):  # fmt: skip
        assert value in page, value
    assert "本记录为严重失信信息，公示至 2028年3月1日，期满后将自动从本站撤下" in page
    assert "当事人自 2026年3月8日 起可申请信用修复。" in page
    assert "<dt>失信程度</dt><dd>严重</dd>" in page
    assert '<dt>可申请信用修复日期</dt><dd><time datetime="2026-03-08">' in page


def test_the_repair_guide_is_linked_only_when_the_site_has_that_page():
    record, entry = penalty(7), dishonesty(1)
    guide = Page(Text("信用修复", "", "<p>指南</p>"), None, "credit-repair", 5, (), Origin("p.md", 1))
    for pages, linked in (((guide,), True), ((), False)):
        cat = catalogue(penalties=(record,), dishonesty=(entry,), pages=pages)
        for url in (f"/penalties/{record.id}/", f"/dishonesty/{entry.id}/"):
            page = text(client(cat).get(url))
            assert ('<a href="/credit-repair/">信用修复指南</a>' in page) is linked, url


def test_english_pages_name_the_class_and_the_repair_date():
    record = penalty(7, publicity_class=PublicityClass.GENERAL, publicity_end=date(2026, 3, 8),
                     repair_from=date(2025, 6, 8))  # fmt: skip
    page = text(client(catalogue(penalties=(record,))).get(f"/en/penalties/{record.id}/"))
    assert "This record is general-class dishonesty information, published until 8 March 2026" in page
    assert "<dt>Publicity class</dt><dd>general</dd>" in page
    assert "The party may apply for credit repair from 8 June 2025." in page


def test_english_pages_translate_terms_and_name_authorities_in_english():
    record = penalty(3)
    page = text(client(catalogue(penalties=(record,))).get(f"/en/penalties/{record.id}/"))
    assert '<html lang="en">' in page
    assert "Jianghai Administration for Market Regulation" in page
    assert "Legal person or unincorporated organisation" in page
    assert "CNY 50,000" in page and "1 March 2028" in page


def test_register_text_is_escaped():
    record = penalty(1, facts='<script>alert("x")</script>', party_name="<b>坏</b>公司")
    page = text(client(catalogue(penalties=(record,))).get(f"/penalties/{record.id}/"))
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>坏</b>" not in page


def test_dishonesty_list_and_detail():
    entries = tuple(sorted((dishonesty(n) for n in (1, 2, 3)), key=lambda d: d.listed_on, reverse=True))
    cat = catalogue(dishonesty=entries)
    listing = text(client(cat).get("/dishonesty/"))
    assert "当前列入 3 个主体" in listing and 'href="/dishonesty/year/2025/"' in listing
    detail = text(client(cat).get(f"/dishonesty/{entries[0].id}/"))
    for value in (entries[0].name, entries[0].decision_number, "恶意商标注册", "重点监管", entries[0].basis):
        assert value in detail
    assert "届满移出日期为 2028年6月1日" in detail
    assert f"自 {entries[0].early_removal_from.year}年" in detail and "起可申请提前移出。" in detail
    assert (
        f'可申请提前移出日期</dt><dd><time datetime="{entries[0].early_removal_from.isoformat()}"' in detail
    )
    assert date(2028, 6, 1).isoformat() in detail


def test_a_party_without_a_credit_code_is_shown_with_the_code_that_identifies_it():
    old = penalty(1, uscc=None, party_code="310115000469802", party_code_kind="工商注册号")
    listed = dishonesty(1, uscc=None, party_code="12345678-5", party_code_kind="组织机构代码")
    app = client(catalogue(penalties=(old,), dishonesty=(listed,)))
    zh = text(app.get(f"/penalties/{old.id}/"))
    assert '<dt>工商注册号</dt><dd class="code">310115000469802</dd>' in zh
    en = text(app.get(f"/en/penalties/{old.id}/"))
    assert '<dt>Business registration number</dt><dd class="code">310115000469802</dd>' in en
    assert '<dt>组织机构代码</dt><dd class="code">12345678-5</dd>' in text(
        app.get(f"/dishonesty/{listed.id}/")
    )


def test_english_counts_agree_with_their_number():
    one = client(catalogue(penalties=(penalty(1),), dishonesty=(dishonesty(1),)))
    assert "1 penalty decision currently published" in text(one.get("/en/penalties/"))
    assert "1 entity currently listed" in text(one.get("/en/dishonesty/"))
    assert "当前公示 1 条处罚决定" in text(one.get("/penalties/"))
    two = client(catalogue(penalties=(penalty(1), penalty(2)), dishonesty=(dishonesty(1), dishonesty(2))))
    assert "2 penalty decisions currently published" in text(two.get("/en/penalties/"))
    assert "2 entities currently listed" in text(two.get("/en/dishonesty/"))
