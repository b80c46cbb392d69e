"""Deploying build A, then build B (one record added, one withdrawn) to a local rsync target and
to a local S3-compatible server (moto's server mode): the target ends equal to B, only the
files whose bytes changed are sent again, and the withdrawn record's files are deleted."""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.cli import main as build_main
from ipcredit.deploy import (
    IMMUTABLE,
    PAGES_LIMIT,
    REVALIDATE,
    SHORT,
    STATIC,
    cache_control,
    main,
    pages_fit,
    parse_s3_url,
    s3_sync,
)
from ipcredit.records import record_id
from tests.outputs.test_verify import AUTHORITY, AUTHORITY_USCC

HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,"
    "处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码,撤下日期,撤下原因"
)
CODES = ("91319921E0CDBWN50K", "91319908EAACEWCT53", "9131995730EQUG5W27")


def register(numbers: list[int], withdrawn: int | None = None) -> str:
    rows = [HEADER]
    for n in numbers:
        gone = "2025-06-01,信用修复" if n == withdrawn else ","
        rows.append(
            f"江海第{n}贸易有限公司,法人及非法人组织,{CODES[n % 3]},江知处罚〔2025〕{n}号,侵犯注册商标专用权,"
            f"销售侵权商品。,《商标法》第六十条,罚款,罚款。,1,2025-03-0{n},{AUTHORITY},{AUTHORITY_USCC},{gone}"
        )
    return "\n".join(rows) + "\n"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Build A: penalties 1, 2, 3. Build B, same day: 4 added, 2 withdrawn."""
    from tests.conftest import AUTHORITIES_YAML, SITE_YAML, document, write

    sites = []
    for name, text in (("a", register([1, 2, 3])), ("b", register([1, 2, 3, 4], withdrawn=2))):
        root = tmp_path_factory.mktemp(f"build-{name}")
        write(root / "content", "site.yaml", SITE_YAML)
        write(root / "content", "pages/about.md", document("title: 关于本站\norder: 1"))
        write(root / "cases_data", "authorities.yaml", AUTHORITIES_YAML)
        write(root / "cases_data", "penalties/2025.csv", text)
        common = ["--content", str(root / "content"), "--data", str(root / "cases_data")]
        assert build_main(["build", *common, "--as-of", "2025-07-01", "--out", str(root / "public")]) == 0
        sites.append(root / "public")
    return sites[0], sites[1]


def changed_between(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    return {name for name, data in b.items() if a.get(name) != data}


def test_the_two_builds_differ_as_the_scenario_says(builds):
    a, b = tree(builds[0]), tree(builds[1])
    gone, added = record_id("江知处罚〔2025〕2号"), record_id("江知处罚〔2025〕4号")
    assert f"penalties/{gone}/index.html" in a and f"penalties/{gone}/index.html" not in b
    assert f"penalties/{added}/index.html" in b
    assert 0 < len(changed_between(a, b)) < len(b)  # some files unchanged, so the count below means something


@pytest.mark.slow
def test_rsync_sends_only_changed_files_and_deletes_withdrawn_ones(builds, tmp_path, capsys):
    if shutil.which("rsync") is None:
        pytest.fail("rsync is not installed (apt-get install rsync)")
    site_a, site_b = builds
    target = tmp_path / "www"
    assert main(["rsync", str(site_a), str(target)]) == 0
    assert tree(target) == tree(site_a)
    inodes = {p.relative_to(target).as_posix(): p.stat().st_ino for p in target.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["rsync", str(site_b), str(target)]) == 0
    a, b = tree(site_a), tree(site_b)
    assert tree(target) == b
    changed = changed_between(a, b)
    rewritten = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    rewritten = {name for name in rewritten if inodes.get(name) != (target / name).stat().st_ino}
    assert rewritten == changed  # an unchanged file keeps its inode: it was not sent again
    withdrawn = set(a) - set(b)
    assert withdrawn and not any((target / name).exists() for name in withdrawn)
    out = capsys.readouterr().out
    assert f"uploaded {len(changed)}, deleted {len(withdrawn)}, unchanged {len(b) - len(changed)}" in out


@pytest.fixture
def s3_server():
    import boto3  # requirements-dev.txt: a missing package fails the test, never skips it
    import moto.server as moto_server

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    # moto keeps buckets per process, not per server: each test starts from an empty bucket
    for bucket in ("site", "cli"):
        for item in (
            client.list_objects_v2(Bucket=bucket).get("Contents", ()) if _exists(client, bucket) else ()
        ):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        if not _exists(client, bucket):
            client.create_bucket(Bucket=bucket)
    yield client, endpoint
    server.stop()


def _exists(client, bucket: str) -> bool:
    return any(b["Name"] == bucket for b in client.list_buckets()["Buckets"])


def bucket_tree(client, prefix: str, bucket: str = "site") -> dict[str, bytes]:
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", ())]
    return {k[len(prefix) :]: client.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


@pytest.mark.slow
def test_s3_sync_puts_only_changed_files_deletes_withdrawn_ones_and_sets_cache_headers(builds, s3_server):
    client, _endpoint = s3_server
    site_a, site_b = builds
    client.put_object(Bucket="site", Key="other/keep.txt", Body=b"not ours")  # outside the prefix
    puts: list[str] = []  # every PutObject request the deploy sends, counted as it leaves
    client.meta.events.register("before-send.s3.PutObject", lambda request, **_: puts.append(request.url))
    first = s3_sync(client, site_a, "site", "ipcredit/")
    assert len(puts) == len(first.uploaded) == len(tree(site_a)) and not first.deleted
    assert bucket_tree(client, "ipcredit/") == tree(site_a)
    puts.clear()
    second = s3_sync(client, site_b, "site", "ipcredit/")
    a, b = tree(site_a), tree(site_b)
    assert bucket_tree(client, "ipcredit/") == b
    assert sorted(second.uploaded) == sorted(changed_between(a, b)) and len(puts) == len(second.uploaded)
    assert sorted(second.deleted) == sorted(set(a) - set(b)) and second.deleted
    assert bucket_tree(client, "other/") == {"keep.txt": b"not ours"}
    again = s3_sync(client, site_b, "site", "ipcredit/")
    assert (again.uploaded, again.deleted, again.unchanged) == ([], [], len(b))
    page = client.head_object(Bucket="site", Key="ipcredit/index.html")
    assert page["CacheControl"] == SHORT and page["ContentType"] == "text/html; charset=utf-8"
    manifest = client.head_object(Bucket="site", Key="ipcredit/search-index/manifest.json")
    assert manifest["CacheControl"] == REVALIDATE
    digest = hashlib.md5(b["index.html"]).hexdigest()
    assert page["ETag"].strip('"') == digest  # one PUT per file: the ETag is the MD5 compared next night


@pytest.mark.slow
def test_the_s3_command_line_deploys_with_an_endpoint(builds, s3_server, monkeypatch, capsys):
    client, endpoint = s3_server
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    argv = ["s3", str(builds[1]), "s3://cli/", "--endpoint-url", endpoint, "--region", "us-east-1"]
    assert main([*argv, "--addressing-style", "path", "--dry-run"]) == 0
    assert bucket_tree(client, "", "cli") == {}
    assert main([*argv, "--addressing-style", "path"]) == 0
    assert bucket_tree(client, "", "cli") == tree(builds[1])
    assert "unchanged 0" in capsys.readouterr().out
    assert main(["s3", str(builds[1]), "s3://missing-bucket/", "--endpoint-url", endpoint]) == 1
    assert "error: the object store refused" in capsys.readouterr().err


def test_cache_policy_by_path():
    assert cache_control("penalties/0123456789ab/index.html") == SHORT
    assert cache_control("data/penalties.csv") == SHORT
    assert cache_control("feeds/all.atom") == SHORT
    assert cache_control("search-index/t/3.bin") == SHORT
    assert cache_control("search-index/manifest.json") == REVALIDATE
    assert cache_control("static/css/site.css") == STATIC
    assert cache_control("static/css/site.3f9a0c1d.css") == IMMUTABLE


def test_s3_urls_and_a_folder_that_is_no_site():
    assert parse_s3_url("s3://bucket") == ("bucket", "")
    assert parse_s3_url("s3://bucket/a/b/") == ("bucket", "a/b/")
    assert main(["rsync", "/nonexistent-site", "/tmp/x"]) == 2


def small_site(root: Path, sizes: list[int]) -> Path:
    """A site whose files weigh ``sizes`` bytes: index.html first, the rest in folders."""
    site = root / "public"
    for n, size in enumerate(sizes):
        path = site / ("index.html" if n == 0 else f"part-{n % 3}/file-{n}.bin")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return site


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(0, 4000), min_size=1, max_size=6), limit=st.integers(1, 20_000))
def test_the_pages_check_warns_from_80_percent_and_fails_only_over_the_limit(sizes, limit):
    with tempfile.TemporaryDirectory() as root:
        site = small_site(Path(root), sizes)
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["pages", str(site), "--limit", str(limit)])
    total = sum(sizes)
    assert code == (1 if total > limit else 0)  # "no larger than 1 GB": exactly the limit fits
    assert ("error: the site is over" in err.getvalue()) == (total > limit)
    assert ("warning: the site nears" in err.getvalue()) == (0.8 * limit <= total <= limit)
    assert ("the site fits GitHub Pages" in out.getvalue()) == (total < 0.8 * limit)
    assert f"in {len(sizes):,} files" in out.getvalue() + err.getvalue()


def test_the_pages_check_annotates_the_run_in_github_actions(tmp_path, monkeypatch, capsys):
    site = small_site(tmp_path, [600, 500])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["pages", str(site), "--limit", "1000"]) == 1
    out = capsys.readouterr().out
    # One line on the run's page; a bare % would start a workflow command's escape.
    assert out.startswith("::error title=GitHub Pages::the site is over GitHub Pages' size limit")
    assert "(110%25 of the" in out and "%" not in out.replace("%25", "") and out.count("\n") == 1
    assert main(["pages", str(site), "--limit", "1300"]) == 0
    assert capsys.readouterr().out.startswith("::warning title=GitHub Pages::the site nears")


def test_the_pages_check_counts_every_file_against_githubs_1_gb(builds):
    site_a, _ = builds
    assert PAGES_LIMIT == 1_000_000_000
    files = [p for p in site_a.rglob("*") if p.is_file()]
    assert main(["pages", str(site_a)]) == 0
    fit = pages_fit(site_a)
    assert (fit.files, fit.size) == (len(files), sum(p.stat().st_size for p in files))


def test_the_pages_check_says_which_file_it_cannot_measure(tmp_path, capsys):
    site = small_site(tmp_path, [100, 100])
    (site / "part-1" / "gone.html").symlink_to(tmp_path / "nowhere.html")
    assert main(["pages", str(site)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot measure the site:") and "gone.html" in err


@pytest.mark.parametrize("limit", ["0", "-5", "1GB"])
def test_the_pages_check_refuses_a_limit_that_is_no_positive_number_of_bytes(tmp_path, limit, capsys):
    site = small_site(tmp_path, [100])
    with pytest.raises(SystemExit) as exit:
        main(["pages", str(site), "--limit", limit])
    assert exit.value.code == 2 and "--limit" in capsys.readouterr().err
