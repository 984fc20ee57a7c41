"""Form widgets that stay fast when a list of choices is long."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongSelectMultiple(forms.SelectMultiple):
    """A `<select multiple>` written in Python rather than one template per option.

    Django renders each option through a template; for the hundreds of places of a large directory
    that was most of the list page's time. The HTML is the same as Django's (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "multiple": True})
        options = []
        for choice, label in self.choices:
            choice = str(choice)
            chosen = " selected" if choice in selected else ""
            options.append(f'<option value="{escape(choice)}"{chosen}>{escape(str(label))}</option>')
        return mark_safe(f"<select{flatatt(final_attrs)}>\n{''.join(options)}\n</select>")
