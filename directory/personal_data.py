"""Access requests: everything the directory holds about a person, as data they can be sent.

For one contact (from its admin page) or for an email address across all contacts, now or in their
history (from the contacts' list). Staff with the permission "Can download everything held about a
person" download it as JSON; see directory/admin/contacts.py.
"""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from .models import Contact

CONTACT_FIELDS = [
    "side",
    "name",
    "role",
    "organisation",
    "email",
    "phone",
    "website",
    "is_public",
    "notes",
    "lawful_basis",
    "consent_given",
    "consent_how",
    "last_checked",
    "review_by",
]
LANGUAGES = {"en": "", "nb": "/nb", "zh-hans": "/zh-hans"}


def _value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def shown_at(contact, request):
    """The public addresses that show this contact: none unless it is public and its partnership published."""
    partnership = contact.partnership
    if not (contact.is_public and partnership.is_published):
        return []
    with translation.override("en"):
        page = partnership.get_absolute_url()
    return [
        *(request.build_absolute_uri(prefix + page) for prefix in LANGUAGES.values()),
        request.build_absolute_uri(reverse("directory:partnership-detail-json", args=[partnership.slug])),
        request.build_absolute_uri(reverse("directory:partnership-list-json")),
    ]


def contact_record(contact, request):
    """One contact: its fields, its partnership, where the public sees it, its history and the admin's log of it."""
    content_type = ContentType.objects.get_for_model(Contact)
    versions = (
        Version.objects.get_for_object(contact).select_related("revision__user").order_by("revision__date_created")
    )
    log = (
        LogEntry.objects.filter(content_type=content_type, object_id=str(contact.pk))
        .select_related("user")
        .order_by("action_time")
    )
    partnership = contact.partnership
    return {
        "contact": {"id": contact.pk, **{name: _value(getattr(contact, name)) for name in CONTACT_FIELDS}},
        "partnership": {"slug": partnership.slug, "title": partnership.title, "status": partnership.status},
        "shown_publicly_at": shown_at(contact, request),
        "history": [
            {
                "date": version.revision.date_created.isoformat(),
                "by": version.revision.user.get_username() if version.revision.user else None,
                "comment": version.revision.get_comment(),
                "data": {name: version.field_dict.get(name) for name in CONTACT_FIELDS if name in version.field_dict},
            }
            for version in versions
        ],
        "admin_log": [
            {
                "time": entry.action_time.isoformat(),
                "by": entry.user.get_username(),
                "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag),
                "message": entry.get_change_message(),
            }
            for entry in log
        ],
    }


def contacts_with_email(email):
    """Contacts whose email is `email` (any case) now, or was in an earlier version."""
    email = email.strip()
    in_history = {
        version.object_id
        for version in Version.objects.get_for_model(Contact).filter(serialized_data__icontains=email)
        if str(version.field_dict.get("email", "")).lower() == email.lower()
    }
    return (
        Contact.objects.filter(email__iexact=email)
        | Contact.objects.filter(pk__in=[pk for pk in in_history if pk.isdigit()])
    ).select_related("partnership__norwegian_party", "partnership__chinese_party")


def download(records, request, about):
    """The JSON file an access request is answered with."""
    data = {
        "about": about,
        "generated": timezone.now().isoformat(),
        "generated_by": request.user.get_username(),
        "site": request.build_absolute_uri("/"),
        "contacts": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
