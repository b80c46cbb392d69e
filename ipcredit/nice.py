"""The 45 classes of the Nice Classification, with short headings in both languages.

The key trademark list gives each mark's classes by number (核定使用类别); pages
show them with these headings and facet the list by class. The headings are
abridged for navigation: in Chinese the short names used in Chinese trademark
practice for the classes of 《类似商品和服务区分表》 (the Chinese edition of the
Nice Classification, e.g. 第25类 服装鞋帽), in English short titles after the class
headings of the WIPO edition (e.g. Class 25 Clothing, footwear, headwear). They
describe a class, not the goods a mark is registered for: the class headings of
the Nice Classification itself are authoritative.
"""

from __future__ import annotations

FIRST_CLASS, LAST_CLASS = 1, 45

# class number → (Chinese short heading, English short heading)
NICE_CLASSES: dict[int, tuple[str, str]] = {
    1: ("化学原料", "Chemicals"),
    2: ("颜料油漆", "Paints, varnishes, colorants"),
    3: ("日化用品", "Cosmetics and cleaning preparations"),
    4: ("燃料油脂", "Lubricants and fuels"),
    5: ("医药", "Pharmaceuticals"),
    6: ("金属材料", "Common metals and metal goods"),
    7: ("机械设备", "Machines and machine tools"),
    8: ("手工器械", "Hand tools"),
    9: ("科学仪器", "Scientific and electrical apparatus, software"),
    10: ("医疗器械", "Medical apparatus"),
    11: ("灯具空调", "Lighting, heating, cooling and sanitary apparatus"),
    12: ("运输工具", "Vehicles"),
    13: ("军火烟火", "Firearms and fireworks"),
    14: ("珠宝钟表", "Jewellery, clocks and watches"),
    15: ("乐器", "Musical instruments"),
    16: ("办公用品", "Paper, printed matter and stationery"),
    17: ("橡胶制品", "Rubber, plastics and insulating materials"),
    18: ("皮革皮具", "Leather goods and luggage"),
    19: ("建筑材料", "Non-metallic building materials"),
    20: ("家具", "Furniture"),
    21: ("厨房洁具", "Household and kitchen utensils"),
    22: ("绳网袋篷", "Ropes, nets, tents and sacks"),
    23: ("纱线丝", "Yarns and threads"),
    24: ("布料床单", "Textiles and household linen"),
    25: ("服装鞋帽", "Clothing, footwear, headwear"),
    26: ("纽扣拉链", "Lace, buttons and haberdashery"),
    27: ("地毯席垫", "Carpets and floor coverings"),
    28: ("健身器材", "Games, toys and sporting goods"),
    29: ("食品", "Meat, dairy and preserved foods"),
    30: ("方便食品", "Staple foods, coffee, tea and confectionery"),
    31: ("饲料种籽", "Agricultural products, seeds and animal feed"),
    32: ("啤酒饮料", "Beers and non-alcoholic beverages"),
    33: ("酒", "Alcoholic beverages (except beers)"),
    34: ("烟草烟具", "Tobacco and smokers' articles"),
    35: ("广告销售", "Advertising and business services"),
    36: ("金融物管", "Financial, insurance and real estate services"),
    37: ("建筑修理", "Construction, installation and repair"),
    38: ("通讯服务", "Telecommunications"),
    39: ("运输贮藏", "Transport, packaging and storage"),
    40: ("材料加工", "Treatment of materials"),
    41: ("教育娱乐", "Education, entertainment and sports"),
    42: ("科技服务", "Scientific, technological and IT services"),
    43: ("餐饮住宿", "Food, drink and temporary accommodation services"),
    44: ("医疗园艺", "Medical, beauty, agricultural and horticultural services"),
    45: ("社会服务", "Legal, security and personal services"),
}


def nice_heading(number: int, lang: str) -> str:
    """The short heading of class ``number`` in ``lang`` ("zh" or "en")."""
    zh, en = NICE_CLASSES[number]
    return en if lang == "en" else zh


def nice_label(number: int, lang: str) -> str:
    """The class with its number, as lists show it: 第25类 服装鞋帽 / Class 25 Clothing, footwear, headwear."""
    if lang == "en":
        return f"Class {number} {nice_heading(number, lang)}"
    return f"第{number}类 {nice_heading(number, lang)}"
