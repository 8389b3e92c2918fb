"""Nothing in a kept file gives a child away or harms whoever opens it (portal/files/clean.py)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from portal.files import images
from portal.files.clean import Cleaned, clean
from portal.files.refusals import Reason, Refusal
from portal.vocab.files import FileKind
from tests.support import files as samples


def cleaned(data: bytes) -> Cleaned:
    result = clean(data)
    assert isinstance(result, Cleaned), result
    return result


def refused(data: bytes) -> Reason:
    result = clean(data)
    assert isinstance(result, Refusal), result
    return result.reason


def test_a_photo_loses_its_exif_and_gps_and_is_turned_upright() -> None:
    original = samples.jpeg_with_gps(40, 20, orientation=6)
    assert b"Marker Phone" in original  # the sample does carry them
    result = cleaned(original)
    assert result.kind is FileKind.JPEG
    image = Image.open(io.BytesIO(result.data))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert "icc_profile" not in image.info
    assert "comment" not in image.info
    for marker in (b"Exif", b"Marker", b"GPS"):
        assert marker not in result.data
    # Orientation 6 is a quarter turn clockwise: the red left half is now on top.
    assert image.size == (20, 40)
    red, blue = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert red[0] > 200
    assert red[2] < 50
    assert blue[2] > 200
    assert blue[0] < 50


def test_a_png_loses_its_text_chunks() -> None:
    original = samples.png_with_text()
    assert b"Marker" in original
    result = cleaned(original)
    assert result.kind is FileKind.PNG
    assert b"Marker" not in result.data
    assert b"tEXt" not in result.data
    image = Image.open(io.BytesIO(result.data))
    assert image.info == {} or set(image.info) <= {"dpi"}
    assert image.getpixel((1, 1)) == (10, 200, 30, 255)


def test_a_colour_profile_is_converted_to_srgb_and_dropped() -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 100, 50)).save(out, "JPEG", icc_profile=srgb)
    result = cleaned(out.getvalue())
    assert "icc_profile" not in Image.open(io.BytesIO(result.data)).info
    assert profile  # a profile that is not RGB's is still read without error


def test_a_webp_stays_a_webp_without_metadata() -> None:
    out = io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(0x8825).update(samples.GPS)
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, "WEBP", exif=exif.tobytes())
    result = cleaned(out.getvalue())
    assert result.kind is FileKind.WEBP
    assert b"EXIF" not in result.data
    assert b"Exif" not in result.data


def test_an_iphone_photo_becomes_a_jpeg() -> None:
    import pillow_heif  # a dependency (setup.cfg): its absence fails here, never skips

    heif = pillow_heif.from_pillow(Image.new("RGB", (16, 8), (255, 0, 0)))
    out = io.BytesIO()
    heif.save(out, quality=90)
    result = cleaned(out.getvalue())
    assert result.kind is FileKind.JPEG
    assert Image.open(io.BytesIO(result.data)).size == (16, 8)


def test_heic_is_refused_kindly_without_pillow_heif(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # as if it would not install
    result = images.clean_image(b"\x00\x00\x00\x18ftypheic", FileKind.HEIC)
    assert isinstance(result, Refusal)
    assert result.reason is Reason.HEIC_NOT_SUPPORTED
    assert "JPEG" in result.explanation
    assert "screenshot" in result.explanation


def test_a_huge_picture_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    out = io.BytesIO()
    Image.new("L", (20, 20)).save(out, "PNG")
    assert refused(out.getvalue()) is Reason.IMAGE_TOO_MANY_PIXELS


def test_a_decompression_bomb_is_refused() -> None:
    # A PNG header claiming 100,000 x 100,000 pixels (10 gigapixels) in a few bytes.
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000,
                                                             8, 0, 0, 0, 0))
    assert refused(bomb + chunk(b"IEND", b"")) is Reason.IMAGE_TOO_MANY_PIXELS


def test_a_large_photo_is_scaled_down() -> None:
    result = cleaned(samples.big_jpeg(5000, 1000))
    assert max(Image.open(io.BytesIO(result.data)).size) == images.MAX_SIDE


def test_a_broken_picture_is_refused() -> None:
    assert refused(b"\xff\xd8\xff\xe0" + b"\x00" * 100) is Reason.IMAGE_UNREADABLE


def test_a_pdf_loses_its_scripts_attachments_and_metadata() -> None:
    original = samples.pdf_with_script_and_attachment()
    assert b"MarkerHiddenFile" in original or b"EmbeddedFile" in original
    result = cleaned(original)
    assert result.kind is FileKind.PDF
    for marker in (b"Marker", b"JavaScript", b"/JS", b"EmbeddedFile", b"/Launch",
                   b"OpenAction", b"/AA", b"/Metadata", b"FileAttachment"):
        assert marker not in result.data, marker
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 1
        assert len(pdf.attachments) == 0
        assert "/Info" not in pdf.trailer
        assert "/OpenAction" not in pdf.Root
        annotations = pdf.pages[0].obj.get("/Annots", [])
        assert [str(a.Subtype) for a in annotations] == ["/Link"]
        assert "/A" not in annotations[0]


@pytest.mark.parametrize("password", ["secret", ""])
def test_an_encrypted_pdf_is_refused(password: str) -> None:
    assert refused(samples.encrypted_pdf(password)) is Reason.PDF_ENCRYPTED


def test_an_unreadable_pdf_is_refused() -> None:
    assert refused(b"%PDF-1.7\n" + b"\x00garbage" * 20) is Reason.PDF_UNREADABLE


def test_an_executable_called_photo_jpg_is_refused() -> None:
    # The name is never read: the bytes say it is a program.
    assert refused(samples.EXE) is Reason.NOT_ALLOWED_TYPE


def test_an_empty_file_is_refused() -> None:
    assert refused(b"") is Reason.EMPTY


def test_an_mp3_loses_its_id3_tags() -> None:
    original = samples.mp3_with_id3()
    result = cleaned(original)
    assert result.kind is FileKind.MP3
    assert b"Marker" not in result.data
    assert b"ID3" not in result.data
    assert result.data.startswith(b"\xff\xfb")


def test_a_wav_keeps_only_its_sound() -> None:
    result = cleaned(samples.wav())
    assert b"Marker" not in result.data
    assert b"LIST" not in result.data
    assert result.data.startswith(b"RIFF")
    assert result.data[8:12] == b"WAVE"
    assert len(result.data) == len(samples.wav(with_info=False))


@pytest.mark.parametrize(("data", "kind"), [
    (samples.webm(), FileKind.WEBM),
    (samples.ogg_opus(), FileKind.OGG),
    (samples.mp4(b"soun"), FileKind.MP4_AUDIO),
])
def test_a_voice_note_is_kept_as_recorded(data: bytes, kind: FileKind) -> None:
    result = cleaned(data)
    assert result.kind is kind
    assert result.data == data
    assert result.content_type.startswith("audio/")


@pytest.mark.parametrize("data", [samples.mp4(b"soun", b"vide"), samples.webm(b"V_VP8")])
def test_a_video_is_refused(data: bytes) -> None:
    assert refused(data) is Reason.VIDEO_NOT_ALLOWED


def test_a_container_without_sound_is_refused() -> None:
    assert refused(samples.mp4()) is Reason.AUDIO_UNREADABLE
