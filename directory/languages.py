"""The site's three languages: the language switcher, `hreflang` alternates and `<html lang>`.

Pages live at one address per language (English unprefixed, /nb/, /zh-hans/; see directory/urls.py).
Every page links to itself in the other languages with plain links, so switching keeps the page and
its filters and needs no JavaScript, no form and no cookie.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

# BCP 47 tags for `lang` and `hreflang`: Django's codes are lower case, the script subtag is title case.
HTML_LANG = {"en": "en", "nb": "nb", "zh-hans": "zh-Hans"}


def html_lang(language_code):
    return HTML_LANG.get(language_code, language_code)


def other_language_url(request, language_code):
    """This page's address in `language_code`, query string included."""
    url = request.get_full_path()
    translated = translate_url(url, language_code)
    if translated != url or language_code == translation.get_language():
        return translated
    # An address no route answers (a 404 page): swap the language prefix by hand.
    current = translation.get_language_from_path(request.path_info)
    rest = request.path_info.removeprefix(f"/{current}") if current else request.path_info
    prefix = "" if language_code == settings.LANGUAGE_CODE else f"/{language_code}"
    query = request.META.get("QUERY_STRING", "")
    return f"{prefix}{rest}" + (f"?{query}" if query else "")


def languages(request):
    """Template context: `html_lang` and `languages`, one entry per language with this page's address in it."""
    current = translation.get_language()
    entries = []
    for code, name in settings.LANGUAGES:
        url = other_language_url(request, code)
        entries.append(
            {
                "code": code,
                "name": name,
                "lang": html_lang(code),
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return {"html_lang": html_lang(current), "languages": entries}
