"""The JSON the intake form fetches as the operator types."""

from wangge.core.ids import mask_phone

from .catalogue import search_knowledge
from .dispatch_model import suggest_categories, suggest_departments
from .scoping import is_centre, visible_orders
from .suggest import suggest_duplicates


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
    chosen = category or (categories[0]["code"] if categories else "")
    departments = suggest_departments(content, chosen, region) if chosen else []
    duplicates = [{"number": o.number, "content": o.content[:80], "state": o.get_state_display(),
                   "caller_phone": mask_phone(o.caller_phone), "similarity": round(sim, 2), "reason": reason}
                  for o, sim, reason in suggest_duplicates(content, phone, region,
                                                           queryset=visible_orders(user))] if content or phone else []
    return {"articles": articles, "categories": categories, "departments": departments, "duplicates": duplicates}
