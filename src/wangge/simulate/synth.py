"""Small building blocks for synthetic people: valid ID numbers and phones. Used by the district generator,
the test fixtures and the benchmarks, so that no real-looking personal data is ever committed."""

import datetime
import random

from wangge.core.ids import check_digit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖"
    "贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤施季"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国建华志强海燕雪梅晓东丹凤春梅文"
    "斌宇浩然子涵欣怡梓轩一诺雨桐俊杰思远佳怡嘉怡梦瑶宏伟国庆卫东秀珍桂兰凤英玉兰金凤德明永红海峰"
)
PHONE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                  "157", "158", "159", "166", "177", "180", "181", "182", "186", "187", "188", "189", "199")


def make_id(area_code: str, birth: datetime.date, sequence: int) -> str:
    """A GB 11643 number with a valid check digit; `sequence` 0..999 (odd = male)."""
    body = f"{area_code}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + check_digit(body)


def random_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_CHARS)
    return rng.choice(SURNAMES) + given


def random_phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def random_given(rng: random.Random) -> str:
    """A given name of one or two characters (family members share the surname, not the given name)."""
    given = rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_CHARS)
    return given


def random_surname(rng: random.Random) -> str:
    return rng.choice(SURNAMES)


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as in 第十二网格."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    prefix = "" if tens == 1 else CHINESE_DIGITS[tens]
    return prefix + "十" + (CHINESE_DIGITS[ones] if ones else "")
