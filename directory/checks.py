"""System checks (`manage.py check`, also run by `check --deploy` and on start-up)."""

from django.core.checks import Warning, register

from .pictures import share


@register()
def share_image_fonts(app_configs, **kwargs):
    """The share images need Noto Sans CJK to write Chinese (and do best with it for every language)."""
    return [
        Warning(
            f"The share images cannot find the font {path}: they are drawn in Pillow's own font, "
            "which has no Chinese characters.",
            hint="Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), as README.md's Deployment says.",
            id="directory.W001",
        )
        for path in share.missing_fonts()
    ]
