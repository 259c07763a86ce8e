"""Text from an uploaded plan: .txt (UTF-8 or GB18030), .docx (python-docx) and .pdf (pypdf text layer)."""

from __future__ import annotations

import io

SUFFIXES = (".txt", ".docx", ".pdf")


class UnreadableDocument(ValueError):
    """The file is not a plan we can read (wrong type, broken, no text layer)."""


def extract_text(data: bytes, filename: str) -> tuple[str, int]:
    """Return (text, pages). Tables become tab-separated lines so the parser sees their columns."""
    name = filename.lower()
    if name.endswith(".txt"):
        return _decode(data), max(1, data.count(b"\f") + 1)
    if name.endswith(".docx"):
        return _docx(data), 1
    if name.endswith(".pdf"):
        return _pdf(data)
    raise UnreadableDocument("只支持 .txt、.docx、.pdf 文件")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("文本文件编码无法识别（应为 UTF-8 或 GB18030）")


def _docx(data: bytes) -> str:
    import docx  # python-docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken zip
        raise UnreadableDocument("Word 文件无法打开") from exc
    lines: list[str] = []
    # Body order: paragraphs and tables interleaved as in the document.
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = []
                for cell in row.iter(qn("w:tc")):
                    cells.append("".join(t.text or "" for t in cell.iter(qn("w:t"))).replace("\t", " "))
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _pdf(data: bytes) -> tuple[str, int]:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on broken files
        raise UnreadableDocument("PDF 文件无法读取") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument("PDF 没有文字层（扫描件），请上传文字版")
    return text, max(1, len(pages))
