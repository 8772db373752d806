"""The suggestions the intake form fetches as the operator types (served once, at /api/hotline/suggest/)."""

from wangge.core.ids import mask_phone

from .actions import is_centre
from .catalogue import search_knowledge
from .dispatch_model import suggest_categories, suggest_departments
from .selectors import orders_for
from .suggest import COMPLAINT_CATEGORY, is_complaint, suggest_duplicates


def complaint_category() -> dict:
    from .models import Category

    name = Category.objects.filter(code=COMPLAINT_CATEGORY).values_list("name", flat=True).first() or ""
    return {"code": COMPLAINT_CATEGORY, "name": name, "confidence": None, "source": "rule"}


def suggestions(user, params) -> dict:
    content = (params.get("content") or "").strip()[:1000]
    category = (params.get("category") or "").strip()
    region = (params.get("region") or "").strip()
    phone = (params.get("phone") or "").strip()
    if not is_centre(user):
        return {"articles": [], "categories": [], "departments": [], "duplicates": []}
    articles = [{"id": a.pk, "question": a.question, "answer": a.answer, "category": a.category.code if a.category
                 else "", "score": round(score, 3)} for a, score in search_knowledge(content)] if content else []
    categories = suggest_categories(content) if content else []
    if not categories and articles:
        categories = [{"code": a["category"], "name": "", "confidence": None} for a in articles[:1] if a["category"]]
    if content and is_complaint(content):  # a report about someone's conduct is 投诉举报, whatever else it says
        categories = [complaint_category(), *[c for c in categories if c["code"] != COMPLAINT_CATEGORY]]
    chosen = category or (categories[0]["code"] if categories else "")
    departments = suggest_departments(content, chosen, region) if chosen else []
    duplicates = [{"number": o.number, "content": o.content[:80], "state": o.get_state_display(),
                   "caller_phone": mask_phone(o.caller_phone), "similarity": round(sim, 2), "reason": reason,
                   "likely": likely}
                  for o, sim, reason, likely in suggest_duplicates(content, phone, region, queryset=orders_for(user))
                  ] if content or phone else []
    return {"articles": articles, "categories": categories, "departments": departments, "duplicates": duplicates}
