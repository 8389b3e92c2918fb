"""Files to send: photos with a location in them, PDFs with scripts, executables in disguise."""

from __future__ import annotations

import io
import struct

import pikepdf
from PIL import Image, PngImagePlugin

#: A real location (Westminster), so a test can look for its traces.
GPS = {1: "N", 2: (51.0, 30.0, 1.0), 3: "W", 4: (0.0, 7.0, 39.0)}
#: Windows' executable header, then enough of a PE file to look like one.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def jpeg_with_gps(width: int = 40, height: int = 20, *, orientation: int = 6) -> bytes:
    """A JPEG whose left half is red and right half blue, stored sideways with an EXIF
    orientation (6: turn 90 degrees clockwise to show), a camera and a GPS position."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Marker Phone Maker"
    exif[0x0110] = "Marker Phone 12"
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95, comment=b"Marker comment")
    return out.getvalue()


def big_jpeg(width: int = 5000, height: int = 4000, *, seed: int = 1, quality: int = 92) -> bytes:
    """A photo-sized JPEG of noise (noise does not compress: several megabytes)."""
    import random

    noise = random.Random(seed).randbytes(width * height * 3)
    image = Image.frombytes("RGB", (width, height), noise)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png_with_text() -> bytes:
    image = Image.new("RGBA", (16, 16), (10, 200, 30, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Marker Sam Smith")
    info.add_text("Comment", "Marker taken at 1 Quillfeather Lane")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_script_and_attachment() -> bytes:
    """A one-page PDF that runs JavaScript on opening, carries a hidden file, names its
    author and has a launch action on a link."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    script = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
        JS=pikepdf.String("app.alert('MarkerScript')")))
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("run"), script])))
    pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(pdf, b"MarkerHiddenFile",
                                                             mime_type="text/plain")
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=script)
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([
        pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 10, 10]),
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("MarkerLaunch.exe")))),
        pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
            Rect=pikepdf.Array([10, 10, 20, 20]))),
    ]))
    pdf.docinfo["/Author"] = "Marker Author Name"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Marker XMP Creator"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def plain_pdf(pages: int = 1, *, padding: int = 0) -> bytes:
    """A PDF of ``pages`` blank pages; ``padding`` bytes of incompressible content make it
    as large as asked (a scanned document's size)."""
    import random

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if padding:
        data = random.Random(2).randbytes(padding)
        pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
            Im0=pikepdf.Stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=1, Height=len(data) // 3, ColorSpace=pikepdf.Name.DeviceRGB,
                               BitsPerComponent=8)))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(user_password: str = "secret") -> bytes:  # noqa: S107 (a test file's)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=user_password))
    return out.getvalue()


def wav(seconds: float = 0.1, *, with_info: bool = True) -> bytes:
    rate = 8000
    samples = b"\x00\x00" * int(rate * seconds)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if with_info:
        info = b"INFOIART" + struct.pack("<I", 18) + b"Marker Artist Sam\x00"
        chunks += b"LIST" + struct.pack("<I", len(info)) + info
    chunks += b"data" + struct.pack("<I", len(samples)) + samples
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def mp3_with_id3() -> bytes:
    frame = b"TIT2" + struct.pack(">I", 20) + b"\x00\x00" + b"\x00Marker Title Words"
    tag = b"ID3\x03\x00\x00" + bytes([0, 0, 0, len(frame)]) + frame
    # MPEG-1 layer III, 128 kbit/s, 44.1 kHz frame header and a frame's worth of zeros.
    frames = (b"\xff\xfb\x90\x00" + b"\x00" * 413) * 4
    v1 = b"TAG" + b"Marker v1 title".ljust(125, b"\x00")
    return tag + frames + v1


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4(*handlers: bytes) -> bytes:
    """An ISO media file (brand M4A) whose tracks have these handler types."""
    ftyp = _box(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom")
    traks = b"".join(
        _box(b"trak", _box(b"mdia", _box(b"hdlr", b"\x00" * 8 + handler + b"\x00" * 12)))
        for handler in handlers)
    return ftyp + _box(b"moov", traks) + _box(b"mdat", b"\x00" * 64)


def webm(codec: bytes = b"A_OPUS") -> bytes:
    header = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3" \
             b"\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
    return header + b"\x18\x53\x80\x67" + b"\x00" * 16 + b"\x86" + codec + b"\x00" * 64


def ogg_opus() -> bytes:
    return b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x13OpusHead\x01\x01" + b"\x00" * 64
