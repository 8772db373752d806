"""Chinese text helpers: jieba tokens for the knowledge base, duplicate detection and smart dispatch."""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)

# Function words and hotline filler that carry no topic.
STOPWORDS = frozenset(
    "的 了 是 我 你 他 她 在 有 和 就 也 都 要 吗 呢 吧 啊 请问 请 想 问 一下 什么 怎么 怎么办 如何 可以 能 能否 是否 "
    "这个 那个 现在 今天 已经 还 没有 不 我们 他们 因为 所以 但是 而且 一个 这里 那里 哪里 几 多少 为什么 "
    "谢谢 您好 你好 "
    "反映 市民 来电 咨询 表示 称 希望 要求 诉求 相关 部门 问题 情况 处理 帮助 能不能 一直 到 对 与 及 或 把 被 给 让 "
    "上 下 中 里 后 前 时 时候 这 那 个 些 么 呀 哦 嗯 噢 啦 着 过 会 说 看 去 来 做 用 从 向 为".split()
)
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_lock = threading.Lock()


def tokens(text: str) -> list[str]:
    """Meaningful jieba tokens of `text` (stopwords, punctuation and single digits removed)."""
    with _lock:  # jieba's lazy initialisation is not thread-safe
        words = jieba.lcut(text or "")
    out = []
    for word in words:
        word = word.strip().lower()
        if not word or word in STOPWORDS or _PUNCT.match(word):
            continue
        if len(word) == 1 and not ("\u4e00" <= word <= "\u9fff"):
            continue
        out.append(word)
    return out


def index_tokens(text: str) -> str:
    """The space-joined token string stored in index fields."""
    return " ".join(tokens(text))


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class TfidfIndex:
    """A tiny in-memory TF-IDF index over token strings (the knowledge base has hundreds of articles, not
    millions, so this is faster and simpler than a database full-text engine)."""

    def __init__(self, docs: dict[int, str]):
        self.docs = {key: Counter(text.split()) for key, text in docs.items()}
        df: Counter[str] = Counter()
        for counts in self.docs.values():
            df.update(counts.keys())
        n = max(len(self.docs), 1)
        self.idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
        self.norms = {key: math.sqrt(sum((c * self.idf[t]) ** 2 for t, c in counts.items())) or 1.0
                      for key, counts in self.docs.items()}

    def search(self, query_tokens: list[str], limit: int = 5) -> list[tuple[int, float]]:
        query = Counter(t for t in query_tokens if t in self.idf)
        if not query:
            return []
        scores: dict[int, float] = {}
        for key, counts in self.docs.items():
            dot = sum(qc * self.idf[t] * counts[t] * self.idf[t] for t, qc in query.items() if t in counts)
            if dot:
                scores[key] = dot / self.norms[key]
        qnorm = math.sqrt(sum((c * self.idf[t]) ** 2 for t, c in query.items())) or 1.0
        ranked = sorted(((key, score / qnorm) for key, score in scores.items()), key=lambda kv: -kv[1])
        return ranked[:limit]
