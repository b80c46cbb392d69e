"""Right holders' countries and regions, as the key trademark list names them.

One table: the Chinese short name a register writes (中国, 美国, 中国香港…), the
lower-case ISO 3166-1 alpha-2 code that the facet pages use in URLs, and the
English name. :data:`REGION_ALIASES` maps other ways clerks write a name (full
names, 香港, USA) to the short name; a value that is neither is an error with a
"did you mean". Hong Kong, Macao and Taiwan are regions of China and are named
so in both languages. A country missing here is a one-line addition.
"""

from __future__ import annotations

DEFAULT_REGION = "中国"

# Chinese short name → (URL slug, English name)
REGIONS: dict[str, tuple[str, str]] = {
    "中国": ("cn", "China"),
    "中国香港": ("hk", "Hong Kong, China"),
    "中国澳门": ("mo", "Macao, China"),
    "中国台湾": ("tw", "Taiwan, China"),
    "美国": ("us", "United States"),
    "加拿大": ("ca", "Canada"),
    "墨西哥": ("mx", "Mexico"),
    "巴西": ("br", "Brazil"),
    "阿根廷": ("ar", "Argentina"),
    "智利": ("cl", "Chile"),
    "日本": ("jp", "Japan"),
    "韩国": ("kr", "Republic of Korea"),
    "新加坡": ("sg", "Singapore"),
    "马来西亚": ("my", "Malaysia"),
    "泰国": ("th", "Thailand"),
    "越南": ("vn", "Viet Nam"),
    "印度尼西亚": ("id", "Indonesia"),
    "菲律宾": ("ph", "Philippines"),
    "印度": ("in", "India"),
    "阿联酋": ("ae", "United Arab Emirates"),
    "沙特阿拉伯": ("sa", "Saudi Arabia"),
    "以色列": ("il", "Israel"),
    "土耳其": ("tr", "Türkiye"),
    "俄罗斯": ("ru", "Russian Federation"),
    "英国": ("gb", "United Kingdom"),
    "爱尔兰": ("ie", "Ireland"),
    "法国": ("fr", "France"),
    "德国": ("de", "Germany"),
    "意大利": ("it", "Italy"),
    "西班牙": ("es", "Spain"),
    "葡萄牙": ("pt", "Portugal"),
    "荷兰": ("nl", "Netherlands"),
    "比利时": ("be", "Belgium"),
    "卢森堡": ("lu", "Luxembourg"),
    "瑞士": ("ch", "Switzerland"),
    "奥地利": ("at", "Austria"),
    "瑞典": ("se", "Sweden"),
    "挪威": ("no", "Norway"),
    "丹麦": ("dk", "Denmark"),
    "芬兰": ("fi", "Finland"),
    "波兰": ("pl", "Poland"),
    "捷克": ("cz", "Czechia"),
    "匈牙利": ("hu", "Hungary"),
    "希腊": ("gr", "Greece"),
    "澳大利亚": ("au", "Australia"),
    "新西兰": ("nz", "New Zealand"),
    "南非": ("za", "South Africa"),
    "埃及": ("eg", "Egypt"),
    "列支敦士登": ("li", "Liechtenstein"),
    "摩纳哥": ("mc", "Monaco"),
}

# Other ways of writing a country or region → its short name above.
REGION_ALIASES: dict[str, str] = {
    "中华人民共和国": "中国",
    "中国大陆": "中国",
    "中国内地": "中国",
    "香港": "中国香港",
    "中国香港特别行政区": "中国香港",
    "香港特别行政区": "中国香港",
    "澳门": "中国澳门",
    "中国澳门特别行政区": "中国澳门",
    "澳门特别行政区": "中国澳门",
    "台湾": "中国台湾",
    "台湾地区": "中国台湾",
    "中国台湾地区": "中国台湾",
    "美利坚合众国": "美国",
    "大韩民国": "韩国",
    "南韩": "韩国",
    "大不列颠及北爱尔兰联合王国": "英国",
    "联合王国": "英国",
    "法兰西共和国": "法国",
    "德意志联邦共和国": "德国",
    "意大利共和国": "意大利",
    "瑞士联邦": "瑞士",
    "俄罗斯联邦": "俄罗斯",
    "阿拉伯联合酋长国": "阿联酋",
    "澳洲": "澳大利亚",
}


def region_name(written: str) -> str | None:
    """The short name for ``written`` (white space ignored; an English name or code also
    accepted, in any case), or None when it is not in the table."""
    compact = "".join(written.split())
    if compact in REGIONS:
        return compact
    if compact in REGION_ALIASES:
        return REGION_ALIASES[compact]
    folded = " ".join(written.split()).casefold()
    for name, (slug, english) in REGIONS.items():
        if folded in (slug, english.casefold()):
            return name
    return None


def region_slug(name: str) -> str:
    return REGIONS[name][0]


def region_en(name: str) -> str:
    return REGIONS[name][1]
