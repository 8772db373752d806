"""Smart dispatch: jieba tokens + TF-IDF + logistic regression, trained on the centre's own finished orders.

Features: the order's tokens, its category (C:code) and its town (R:code). Labels: the department that finally
handled the order (and, for the category model, the final category). A return is evidence that the catalogue
got it wrong, so returned orders carry double weight for the department that finally kept them. The catalogue
(DispatchRule) is the fallback when no model has been trained or the history is thin.
"""

from __future__ import annotations

import datetime
import os
import random
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .catalogue import rule_department
from .choices import State
from .models import Category, Department, WorkOrder
from .text import index_tokens

MIN_HISTORY = 200  # fewer training orders than this: use the catalogue
MODEL_NAME = "hotline_dispatch.joblib"
_lock = threading.Lock()
_cache: dict = {}


def model_path() -> Path:
    return Path(settings.VAR_DIR) / MODEL_NAME


def _split(text: str) -> list[str]:
    return text.split()


def features(tokens: str, category_code: str, region_code: str) -> str:
    return f"{tokens} C:{category_code} R:{region_code[:9]}"


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(tokenizer=_split, token_pattern=None, lowercase=False, sublinear_tf=True,
                                         min_df=2),
                         LogisticRegression(max_iter=2000, C=8.0))


@dataclass
class TrainResult:
    samples: int
    test: int
    top1: float
    top3: float
    baseline_top1: float
    category_top1: float | None
    path: str

    def as_dict(self):
        return self.__dict__.copy()


def _topk(model, X, y, k):
    import numpy as np

    proba = model.predict_proba(X)
    classes = model.classes_
    best = np.argsort(-proba, axis=1)[:, :k]
    return sum(1 for row, label in zip(best, y, strict=True) if label in classes[row]) / max(len(y), 1)


def training_rows(limit: int | None = None):
    """(features, department code, category code, region code, category, weight) of finished dispatched orders."""
    qs = (WorkOrder.objects.filter(state__in=[State.REPLIED, State.PENDING_CALLBACK, State.CLOSED],
                                   department__isnull=False)
          .order_by("-received_at").values_list("tokens", "department__code", "category__code", "region_code",
                                                "return_count"))
    if limit:
        qs = qs[:limit]
    return list(qs)


def train(limit: int | None = 200_000, test_fraction: float = 0.2, seed: int = 7, save: bool = True) -> TrainResult:
    """Train on finished orders, report top-1/top-3 on a held-out split and the catalogue baseline."""
    import joblib

    rows = training_rows(limit)
    if len(rows) < MIN_HISTORY:
        raise ValueError(f"only {len(rows)} finished dispatched orders; at least {MIN_HISTORY} are needed")
    rng = random.Random(seed)
    rng.shuffle(rows)
    cut = int(len(rows) * (1 - test_fraction))
    train_rows, test_rows = rows[:cut], rows[cut:]

    def xs(part):
        return [features(t, c, r) for t, _, c, r, _ in part]

    model = _pipeline()
    model.fit(xs(train_rows), [d for _, d, _, _, _ in train_rows],
              logisticregression__sample_weight=[2.0 if n else 1.0 for *_, n in train_rows])
    y_test = [d for _, d, _, _, _ in test_rows]
    top1, top3 = _topk(model, xs(test_rows), y_test, 1), _topk(model, xs(test_rows), y_test, 3)
    baseline = baseline_accuracy(test_rows)
    # The category model reads the text only (the operator has not chosen yet).
    cat_rows = list(WorkOrder.objects.order_by("-received_at").values_list("tokens", "category__code")[:limit])
    rng.shuffle(cat_rows)
    ccut = int(len(cat_rows) * (1 - test_fraction))
    category_model = _pipeline()
    category_model.fit([t for t, _ in cat_rows[:ccut]], [c for _, c in cat_rows[:ccut]])
    cat_top1 = _topk(category_model, [t for t, _ in cat_rows[ccut:]], [c for _, c in cat_rows[ccut:]], 1)
    path = model_path()
    result = TrainResult(samples=len(train_rows), test=len(test_rows), top1=round(top1, 4), top3=round(top3, 4),
                         baseline_top1=round(baseline, 4), category_top1=round(cat_top1, 4), path=str(path))
    if save:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump({"department": model, "category": category_model, "samples": len(rows),
                     "trained_at": datetime.datetime.now(datetime.UTC).isoformat(), "metrics": result.as_dict()},
                    tmp)
        os.replace(tmp, path)
        _cache.clear()
    return result


def baseline_accuracy(rows) -> float:
    """Top-1 accuracy of the dispatch catalogue given the final category and the place."""
    categories = {c.code: c for c in Category.objects.all()}
    cache: dict = {}
    hits = 0
    for _, dept, cat, region, _ in rows:
        key = (cat, region[:9])
        if key not in cache:
            found = rule_department(categories.get(cat), region or "")
            cache[key] = found.code if found else None
        hits += cache[key] == dept
    return hits / max(len(rows), 1)


def load():
    """The trained model bundle, or None (reloaded when the file changes)."""
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    with _lock:
        if _cache.get("mtime") != mtime:
            import joblib

            _cache.update(mtime=mtime, bundle=joblib.load(path))
        return _cache["bundle"]


def suggest_departments(content: str, category_code: str, region_code: str = "", k: int = 3) -> list[dict]:
    """Top-k departments with confidence; the catalogue rule when no usable model exists."""
    bundle = load()
    if bundle and bundle.get("samples", 0) >= MIN_HISTORY:
        model = bundle["department"]
        proba = model.predict_proba([features(index_tokens(content), category_code or "", region_code or "")])[0]
        ranked = sorted(zip(model.classes_, proba, strict=True), key=lambda cp: -cp[1])[:k]
        names = dict(Department.objects.filter(code__in=[c for c, _ in ranked]).values_list("code", "name"))
        return [{"code": c, "name": names.get(c, c), "confidence": round(float(p), 3), "source": "model"}
                for c, p in ranked if c in names]
    category = Category.objects.filter(code=category_code).first() if category_code else None
    department = rule_department(category, region_code or "")
    if department is None:
        return []
    return [{"code": department.code, "name": department.name, "confidence": None, "source": "catalogue"}]


def suggest_categories(content: str, k: int = 3) -> list[dict]:
    bundle = load()
    if not bundle or not content.strip():
        return []
    model = bundle["category"]
    proba = model.predict_proba([index_tokens(content)])[0]
    ranked = sorted(zip(model.classes_, proba, strict=True), key=lambda cp: -cp[1])[:k]
    names = dict(Category.objects.filter(code__in=[c for c, _ in ranked]).values_list("code", "name"))
    return [{"code": c, "name": names.get(c, c), "confidence": round(float(p), 3)} for c, p in ranked if c in names]
