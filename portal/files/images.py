"""Pictures re-encoded so that nothing in them gives a child away.

A phone's photo carries where it was taken (EXIF GPS), when, the phone's make and serial,
often a thumbnail of the uncropped picture, and XMP or comments an app added. Removing
tags one by one misses what the next app invents, so every picture is decoded and written
afresh from its pixels alone: turned the way the phone meant (``ImageOps.exif_transpose``),
converted to sRGB if it had a colour profile, then saved with no EXIF, XMP, ICC profile,
text chunks or comments. What is kept is what a person sees.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from portal.files.refusals import Reason, Refusal
from portal.vocab.files import FileKind

#: More pixels than this is no photo (a phone's is 12 to 50 million): refused before the
#: pixels are decoded, so a small file that unpacks to gigabytes (a decompression bomb)
#: costs nothing.
MAX_PIXELS = 64_000_000
#: The longest side kept: a phone's photo stays legible, a poster-sized scan is scaled down.
MAX_SIDE = 4096
JPEG_QUALITY = 88

#: What each kind is saved as. Browsers cannot show HEIC, so an iPhone's photo becomes a JPEG.
OUTPUT: dict[FileKind, tuple[FileKind, str]] = {
    FileKind.JPEG: (FileKind.JPEG, "JPEG"),
    FileKind.HEIC: (FileKind.JPEG, "JPEG"),
    FileKind.PNG: (FileKind.PNG, "PNG"),
    FileKind.WEBP: (FileKind.WEBP, "WEBP"),
}


def _open(data: bytes, kind: FileKind) -> Image.Image | Refusal:
    if kind is FileKind.HEIC:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:
            return Refusal(Reason.HEIC_NOT_SUPPORTED)
        register_heif_opener()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                return Refusal(Reason.IMAGE_TOO_MANY_PIXELS, f"{width}x{height}")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Refusal(Reason.IMAGE_TOO_MANY_PIXELS)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        return Refusal(Reason.IMAGE_UNREADABLE, type(error).__name__)
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """The picture in sRGB, as browsers assume for a picture without a profile."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile: the pixels as they are, read as sRGB.
        return image.convert("RGB") if image.mode == "CMYK" else image
    return converted if converted is not None else image


def _plain_mode(image: Image.Image, output: str) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    if output == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def clean_image(data: bytes, kind: FileKind) -> tuple[bytes, FileKind] | Refusal:
    """The picture written afresh from its pixels alone, and the kind it now is.

    Why: EXIF (GPS, the time, the phone), XMP, embedded thumbnails (which may show what
    was cropped out), ICC profiles and text chunks can identify a child or where they
    live (DOMAIN.md, "Data protection"; UK GDPR art. 5(1)(c)). Turned upright first, as
    the phone's EXIF orientation said, since the tag itself is dropped; capped at
    ``MAX_PIXELS`` (decompression bombs) and scaled to ``MAX_SIDE``.
    """
    opened = _open(data, kind)
    if isinstance(opened, Refusal):
        return opened
    output_kind, output = OUTPUT[kind]
    try:
        image = ImageOps.exif_transpose(opened)
        image = _plain_mode(_to_srgb(image), output)
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        # A new image holds pixels only: no info, EXIF, profile or palette comments.
        fresh = Image.frombytes(image.mode, image.size, image.tobytes())
        out = io.BytesIO()
        if output == "JPEG":
            fresh.save(out, "JPEG", quality=JPEG_QUALITY)
        elif output == "PNG":
            fresh.save(out, "PNG")
        else:
            fresh.save(out, "WEBP", quality=JPEG_QUALITY)
    except (OSError, ValueError) as error:
        return Refusal(Reason.IMAGE_UNREADABLE, type(error).__name__)
    return out.getvalue(), output_kind
