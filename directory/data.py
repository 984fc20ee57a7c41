"""The public data shapes of DESIGN.md: a partnership and a place as plain dicts."""


def date_data(partial_date):
    if partial_date is None:
        return {"edtf": None, "display": None}
    return {"edtf": partial_date.edtf, "display": partial_date.display()}


def place_data(place):
    return {
        "slug": place.slug,
        "name": place.name,
        "native_name": place.native_name,
        "pinyin": place.pinyin or None,
        "country": place.country,
        "level": place.level,
        "parent": place.parent.slug if place.parent_id else None,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
    }


def contact_data(contact):
    return {
        "side": contact.side,
        "name": contact.name,
        "role": contact.role,
        "organisation": contact.organisation,
        "email": contact.email,
        "phone": contact.phone,
        "website": contact.website,
    }


def partnership_data(partnership, request):
    """One partnership, from a queryset made with `with_related()` (public contacts only)."""
    return {
        "slug": partnership.slug,
        "url": request.build_absolute_uri(partnership.get_absolute_url()),
        "title": partnership.title,
        "kind": partnership.kind,
        "signed": date_data(partnership.signed_date),
        "signed_at": partnership.signed_at or None,
        "norwegian_party": place_data(partnership.norwegian_party),
        "chinese_party": place_data(partnership.chinese_party),
        "topics": [topic.slug for topic in partnership.topics.all()],
        "summary": partnership.summary,
        "milestones": [
            {"date": date_data(milestone.partial_date), "text": milestone.text}
            for milestone in partnership.milestones.all()
        ],
        "contacts": [contact_data(contact) for contact in partnership.public_contacts],
        "updated": partnership.updated.isoformat(),
    }
