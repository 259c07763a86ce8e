"""Small real files for tests, demos and benchmarks: uploads are decoded, so a bare signature
followed by zeros is refused like any other fake file."""

import io
import zlib

from PIL import Image


def png(seed: int = 0, size: tuple[int, int] = (8, 8)) -> bytes:
    """A valid PNG; a different `seed` gives different content (a different stored file)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (seed % 256, (seed // 256) % 256, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(seed: int = 0, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (seed % 256, 64, (seed // 256) % 256)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf(text: str = "scan") -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text.encode('ascii', 'replace').decode()}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body
