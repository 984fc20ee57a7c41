"""Form widgets that stay fast when a list of choices is long."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelectMultiple(forms.SelectMultiple):
    """A `<select multiple>` written in Python rather than one template per option.

    Django renders each option through a template; for the hundreds of places of a large directory
    that was most of the list page's time. The HTML is the same as Django's (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "multiple": True})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(choice), " selected" if str(choice) in selected else "", label) for choice, label in self.choices),
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final_attrs), options)
