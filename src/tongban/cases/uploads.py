"""Check an uploaded material before it is stored.

The declared file name and content type are not trusted: the type is sniffed from the
content, and the content must be what it claims: an image must decode (Pillow), a PDF must
have a PDF header, trailer and end-of-file marker. Executables are refused whatever they are
called; archives (ZIP, and OFD, which is a ZIP package) are opened and every entry checked for
path tricks, executables, nesting and decompression bombs.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 200
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
EXECUTABLE_SIGNATURES = [b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!"]
EXECUTABLE_SUFFIXES = (".exe", ".dll", ".bat", ".cmd", ".com", ".scr", ".js", ".vbs", ".ps1",
                       ".sh", ".jar", ".msi", ".apk", ".elf", ".so")
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".ofd")
# Scans of A4 pages at 600 dpi are ~35 megapixels; more is a decompression bomb, not a scan.
MAX_IMAGE_PIXELS = 80_000_000
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_TAIL_BYTES = 2048  # readers accept junk after %%EOF; 1024 bytes is the customary tolerance
PIL_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


class UploadRejected(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def _is_executable(head: bytes) -> bool:
    return any(head.startswith(signature) for signature in EXECUTABLE_SIGNATURES)


def _check_archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UploadRejected("upload.bad_archive", "压缩文件已损坏，无法打开。") from error
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise UploadRejected("upload.bad_archive", f"压缩文件内文件过多（超过 {MAX_ARCHIVE_ENTRIES} 个）。")
    unpacked = 0
    for entry in entries:
        name = entry.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or ":" in name:
            raise UploadRejected("upload.bad_archive", f"压缩文件含有非法路径：{entry.filename}")
        if name.lower().endswith(EXECUTABLE_SUFFIXES + ARCHIVE_SUFFIXES[:-1]):
            raise UploadRejected("upload.bad_archive", f"压缩文件含有可执行文件或嵌套压缩包：{entry.filename}")
        unpacked += entry.file_size
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_COMPRESSION_RATIO:
            raise UploadRejected("upload.bad_archive", "压缩文件压缩比异常，疑似压缩炸弹。")
        if entry.file_size and not entry.is_dir():
            with archive.open(entry) as member:
                if _is_executable(member.read(4)):
                    raise UploadRejected("upload.bad_archive", f"压缩文件含有可执行文件：{entry.filename}")
    if unpacked > MAX_UNPACKED_BYTES:
        raise UploadRejected("upload.bad_archive", "压缩文件解压后过大。")
    return archive


def _check_image(data: bytes, content_type: str) -> None:
    """The whole image decodes as the format its signature claims (a header alone is not a scan)."""
    damaged = UploadRejected("upload.damaged_image", "图片文件已损坏或不完整，无法打开，请重新扫描或拍照上传。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PIL_FORMATS[content_type]:
                    raise damaged
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRejected("upload.image_too_large", "图片像素过大，请压缩后再上传。")
                image.verify()
            with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable: load anew
                image.load()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected("upload.image_too_large", "图片像素过大，请压缩后再上传。") from error
    except Exception as error:  # Pillow signals a broken file with many types (OSError, SyntaxError …)
        raise damaged from error


def _check_pdf(data: bytes) -> None:
    """A PDF has a versioned header, a cross-reference pointer and an end-of-file marker; a file
    cut off in transfer or a renamed text lacks the last two."""
    tail = data[-PDF_TAIL_BYTES:]
    if not PDF_HEADER.match(data) or b"%%EOF" not in tail or b"startxref" not in tail or b" obj" not in data:
        raise UploadRejected("upload.damaged_pdf", "PDF 文件已损坏或不完整，无法打开，请重新生成后上传。")


def inspect_upload(name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> Sniffed:
    """The real type of an upload, or UploadRejected with a Chinese reason."""
    if not data:
        raise UploadRejected("upload.empty", "文件为空。")
    if len(data) > max_bytes:
        raise UploadRejected("upload.too_large", f"文件过大：不能超过 {max_bytes // (1024 * 1024)} MB。")
    if _is_executable(data[:4]) or name.lower().endswith(EXECUTABLE_SUFFIXES):
        raise UploadRejected("upload.executable", "不接受可执行文件或脚本。")
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            if content_type == "application/pdf":
                _check_pdf(data)
            else:
                _check_image(data, content_type)
            return Sniffed(content_type, extension)
    if data.startswith(b"PK\x03\x04"):
        archive = _check_archive(data)
        if "OFD.xml" in archive.namelist():
            return Sniffed("application/ofd", "ofd")
        return Sniffed("application/zip", "zip")
    raise UploadRejected("upload.unsupported_type", "仅支持 PDF、JPG、PNG、OFD 或 ZIP 文件（按文件内容识别，而非扩展名）。")
