"""What a browser would send back from a page's form: read from the page's HTML, as the editor saw it.

`tests/admin_helpers.form_data_from` builds the data from the form objects; this reads what each widget
actually wrote into the page (a date as the editor's language writes it, a number as the widget formats
it), so that a test can press Save on exactly what an editor saw.
"""

import re
from html.parser import HTMLParser

# A browser sends every line break as CR LF (HTML's form submission rules), whatever the page held.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self.select = None
        self.textarea = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value")
            self.option = {"value": value, "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"]
            if self.select["first"] is None:
                self.select["first"] = value
            if self.option["selected"]:
                self.select["chosen"].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.data.extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop one newline right after <textarea>, as HTML's parsing rules say.
            self.data.append((self.textarea["name"], self.textarea["text"].removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_data(html, form_id):
    """The fields of the form with this id as a browser submits them: {name: [values]}."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(_LINE_BREAK.sub("\r\n", value))
    return data
