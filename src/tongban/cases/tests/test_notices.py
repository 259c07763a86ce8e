"""文书: every notice a case produces prints as an A4 PDF with its number, the text its kind
requires and a QR code of the public verification page; the PDF is for those who may see the
case, the verification page for anyone."""

import re
import shutil
import subprocess
import zlib
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tongban.accounts.models import User
from tongban.cases import services
from tongban.cases.notices import documents as notice_documents
from tongban.cases.models import Notice
from tongban.core.masking import mask_id_number

from .conftest import at, submit_online

CORRECTIONS = ("申请书须加盖公章", "补充法定代表人身份证明")
REJECTION_REASON = "不属于本机关职权范围"
REJECTION_BASIS = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
DENIAL_REASON = "经营场所与食品安全要求不符"
DENIAL_BASIS = "《中华人民共和国食品安全法》第三十五条"
REMEDY = ("如不服本决定，可以自收到本决定书之日起60日内向兰山区人民政府申请行政复议，"
          "或者自收到本决定书之日起6个月内依法向人民法院提起行政诉讼。")
CORRECTION_CLOSING = "以上材料请一次性补齐后重新提交。补正期间不计入办理时限。"


def step(actor, case, action, now, **details):
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=now)


def corrected_and_accepted(cw):
    """补正 at the window, resubmission, acceptance (5 working days across the Spring Festival)."""
    case = submit_online(cw, at(2026, 2, 9))
    case = step(cw.clerk, case, "request_correction", at(2026, 2, 9), materials=CORRECTIONS)
    case = step(cw.citizen, case, "resubmit", at(2026, 2, 10))
    return step(cw.clerk, case, "accept", at(2026, 2, 13))


def reviewed(cw):
    """Accepted, in review, the co-department (住建) has given its opinion: ready to decide."""
    case = corrected_and_accepted(cw)
    case = step(cw.reviewer, case, "start_review", at(2026, 2, 24))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True,
                           opinion="符合规划", now=at(2026, 2, 24))
    return case


def drive(cw, kind: str) -> Notice:
    """Take a case as far as it needs to go for a notice of `kind`; return that notice."""
    if kind == "correction":
        case = step(cw.clerk, submit_online(cw, at(2026, 2, 9)), "request_correction", at(2026, 2, 9),
                    materials=CORRECTIONS)
    elif kind == "acceptance":
        case = corrected_and_accepted(cw)
    elif kind == "rejection":
        case = step(cw.reviewer, submit_online(cw, at(2026, 3, 2)), "propose_rejection", at(2026, 3, 2),
                    reason=REJECTION_REASON, legal_basis=REJECTION_BASIS)
        case = step(cw.head, case, "reject", at(2026, 3, 2))  # 签发
    elif kind == "approval":
        case = step(cw.reviewer, reviewed(cw), "approve", at(2026, 2, 25))
    else:
        case = step(cw.reviewer, reviewed(cw), "propose_denial", at(2026, 2, 25), reason=DENIAL_REASON,
                    legal_basis=DENIAL_BASIS)
        case = step(cw.head, case, "deny", at(2026, 2, 25))  # 签发
    return case.notices.get(kind=kind)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_url(notice: Notice) -> str:
    return reverse("notices:pdf", args=[notice.number])


# --------------------------------------------------------------------------- reading the PDF


def pdf_objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number → (dictionary, inflated stream), object streams unpacked."""
    objects: dict[int, tuple[bytes, bytes]] = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*", pdf):
        start = match.end()
        stream_at = pdf.find(b"stream", start)
        end_at = pdf.find(b"endobj", start)
        if stream_at != -1 and stream_at < end_at:
            head = pdf[start:stream_at]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            data_start = stream_at + len(b"stream") + (2 if pdf[stream_at + 6:stream_at + 8] == b"\r\n" else 1)
            data = pdf[data_start:data_start + length]
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
            objects[int(match.group(1))] = (head, data)
            if b"/Type /ObjStm" in head:
                first = int(re.search(rb"/First (\d+)", head).group(1))
                numbers = [int(n) for n in data[:first].split()]
                pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
                for index, (number, offset) in enumerate(pairs):
                    stop = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
                    objects[number] = (data[first + offset:first + stop], b"")
        else:
            objects[int(match.group(1))] = (pdf[start:end_at], b"")
    return objects


def to_unicode_map(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap (bfchar and bfrange) as glyph code → text."""
    mapping: dict[int, str] = {}

    def text(hex_value: bytes) -> str:
        return bytes.fromhex(hex_value.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(source, 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, item in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", target)):
                    mapping[low + offset] = text(item)
            else:
                first = int(target[1:-1], 16)
                for offset in range(high - low + 1):
                    mapping[low + offset] = chr(first + offset)
    return mapping


def extract_text(pdf: bytes) -> str:
    """The text of a WeasyPrint PDF: Identity-H fonts decoded through their ToUnicode maps."""
    objects = pdf_objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    cmaps: dict[int, dict[int, str]] = {}
    for number, (head, _data) in objects.items():
        if ref := re.search(rb"/ToUnicode (\d+) 0 R", head):
            cmaps[number] = to_unicode_map(objects[int(ref.group(1))][1])
    for head, _data in objects.values():
        for name, number in re.findall(rb"/([A-Za-z0-9+_-]+) (\d+) 0 R", head):
            if int(number) in cmaps:
                fonts[name] = cmaps[int(number)]
    lines, current = [], {}
    for head, data in objects.values():
        if b"BT" not in data or b"/Type /XRef" in head:
            continue
        for token in re.finditer(rb"/([A-Za-z0-9+_-]+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|Tm|ET",
                                 data, re.S):
            if token.group(1):
                current = fonts.get(token.group(1), {})
            elif token.group(2) is not None or token.group(3) is not None:
                hex_strings = (re.findall(rb"<([0-9a-fA-F]*)>", token.group(2))
                               if token.group(2) is not None else [token.group(3)])
                codes = b"".join(hex_strings).decode()
                lines.append("".join(current.get(int(codes[i:i + 4], 16), "\ufffd")
                                     for i in range(0, len(codes), 4)))
            else:
                lines.append("\n")
    return "".join(lines)


def pdf_text(pdf: bytes) -> str:
    """pdftotext when installed, else the extractor above; whitespace removed (lines wrap)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
    else:
        text = extract_text(pdf)
    return "".join(text.split())


def fetch_pdf(client: Client, notice: Notice) -> tuple[bytes, str]:
    response = client.get(pdf_url(notice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response.content, pdf_text(response.content)


# --------------------------------------------------------------------------- the PDFs

EXPECTED = {
    "correction": ["补正材料告知书", *(f"{n}.{m}" for n, m in enumerate(CORRECTIONS, 1)), CORRECTION_CLOSING],
    "acceptance": ["受理通知书", "受理日期：2026年2月13日", "我们将于2026年2月27日前作出决定"],
    "rejection": ["不予受理决定书", "决定不予受理", REJECTION_REASON, REJECTION_BASIS, REMEDY],
    "approval": ["准予行政许可决定书", "决定准予行政许可", "办理结果：食品经营许可证",
                 "有效期：以所发证照或结果文书载明的有效期为准", REMEDY],
    "denial": ["不予行政许可决定书", "决定不予行政许可", DENIAL_REASON, DENIAL_BASIS, REMEDY],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_notice_prints_with_its_number_text_and_verification_code(cases_world, kind):
    cw = cases_world
    # given a case driven through the step that issues the notice
    notice = drive(cw, kind)

    # when the applicant opens its PDF
    pdf, text = fetch_pdf(signed_in(cw.citizen), notice)

    # then it carries the red head, the number, the case facts, the text of its kind,
    # the issue date, the seal placeholder and the verification code under the QR code
    body = notice.body
    for expected in ["兰山区市场监管局", f"文书编号：{notice.number}", body["applicant_name"],
                     body["item_name"], body["item_code"], f"事项目录第{body['item_version']}版",
                     body["case_number"], "（印章）", notice.verification_code, *EXPECTED[kind]]:
        assert "".join(expected.split()) in text, expected
    if kind in ("correction", "acceptance"):
        assert "行政复议" not in text
    # and never the applicant's full ID number, only its masked form
    id_number = cw.citizen.id_number
    assert mask_id_number(id_number) in text
    assert id_number not in text
    assert id_number.encode() not in pdf
    assert all(id_number.encode() not in head + data for head, data in pdf_objects(pdf).values())


def test_the_pdf_is_a4_in_the_cjk_font_inline_with_a_utf8_filename(cases_world):
    notice = drive(cases_world, "correction")
    response = signed_in(cases_world.citizen).get(pdf_url(notice))
    objects = b"".join(head + data for head, data in pdf_objects(response.content).values())
    assert b"/MediaBox [0 0 595.275591 841.889764]" in objects  # A4 in points
    assert b"/FontFamily (Noto Sans CJK SC)" in objects
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert f"filename*=UTF-8''{quote('补正材料告知书' + notice.number + '.pdf', safe='')}" in disposition
    assert re.search(r'filename="notice-[0-9A-Za-z-]+\.pdf"', disposition)
    assert "no-store" in response["Cache-Control"]


def test_the_qr_code_encodes_the_public_verification_url(cases_world, monkeypatch):
    encoded = []
    real_make = notice_documents.segno.make
    monkeypatch.setattr(notice_documents.segno, "make",
                        lambda content, **kwargs: encoded.append(content) or real_make(content, **kwargs))
    notice = drive(cases_world, "acceptance")
    signed_in(cases_world.citizen).get(pdf_url(notice), HTTP_HOST="zwfw.example.gov.cn")
    assert encoded == [f"http://zwfw.example.gov.cn/verify/{notice.verification_code}/"]
    # and the printed URL opens the verification page for anyone
    assert Client().get(urlsplit(encoded[0]).path).status_code == 200


def test_the_print_html_embeds_everything_and_fetches_nothing(cases_world):
    notice = drive(cases_world, "approval")
    html = notice_documents.render_notice_html(notice, verify_url="https://example.test/verify/X/")
    assert '"Noto Sans CJK SC"' in html and "size: A4" in html
    assert 'src="data:image/svg+xml' in html
    assert not re.search(r'(?:src|href)="https?:', html)
    with pytest.raises(ValueError, match="external resource refused"):
        notice_documents.data_only_fetcher("http://169.254.169.254/latest/meta-data")


# --------------------------------------------------------------------------- who gets the PDF


def test_the_pdf_is_for_those_who_may_see_the_case(cases_world):
    cw = cases_world
    notice = drive(cw, "correction")  # before acceptance: no co-department task yet
    stranger = User.objects.create_user(username="lisi", password="x", role="citizen")
    # staff in scope and the applicant get it
    for insider in (cw.citizen, cw.clerk, cw.reviewer):
        assert signed_in(insider).get(pdf_url(notice)).status_code == 200, insider.username
    # another citizen and another department's reviewer are told it does not exist
    for outsider in (stranger, cw.housing_reviewer):
        response = signed_in(outsider).get(pdf_url(notice))
        assert response.status_code == 404, outsider.username
        assert response["Content-Type"].startswith("text/html")
    # and an anonymous visitor is sent to sign in
    response = Client().get(pdf_url(notice))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_unknown_notice_number_is_404(cases_world):
    response = signed_in(cases_world.citizen).get(reverse("notices:pdf", args=["兰审受〔2026〕0101-XXXXXX"]))
    assert response.status_code == 404


# --------------------------------------------------------------------------- public verification


@pytest.mark.parametrize("kind", ["correction", "rejection", "approval"])
def test_the_verification_page_shows_the_notice_without_login(cases_world, kind):
    cw = cases_world
    notice = drive(cw, kind)
    response = Client().get(reverse("verify:notice", args=[notice.verification_code]))
    page = response.content.decode()
    assert response.status_code == 200
    status = {"correction": "待补正", "rejection": "不予受理", "approval": "准予"}[kind]
    for expected in ["核验通过", notice_documents.notice_title(notice), notice.number, notice.body["item_name"],
                     "兰山区市场监管局", "张*", status]:
        assert expected in page, expected
    # no personal data beyond the masked name
    assert "张三" not in page
    assert cw.citizen.id_number not in page and mask_id_number(cw.citizen.id_number) not in page
    assert cw.citizen.phone not in page


def test_a_code_typed_in_lower_case_with_spaces_still_verifies(cases_world):
    notice = drive(cases_world, "correction")
    typed = " ".join(re.findall("....", notice.verification_code.lower()))
    response = Client().get(reverse("verify:notice", args=[typed]))
    assert response.status_code == 200 and notice.number in response.content.decode()


@pytest.mark.parametrize("code", ["WRONGCODE2345678", "X" * 200])
def test_an_unknown_code_warns_of_forgery_with_404(cases_world, code):
    drive(cases_world, "correction")
    response = Client().get(reverse("verify:notice", args=[code]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "未查到该文书，请谨防伪造" in page
    assert "核验通过" not in page


def test_the_decision_notice_carries_the_rating_qr(cases_world):
    from tongban.ratings.models import RatingInvitation

    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    for actor, action in [(cw.clerk, "accept"), (cw.reviewer, "start_review")]:
        services.transition_case(actor=actor, case_number=case.number, command=services.Command(action),
                                 now=at(2026, 3, 3))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意",
                           now=at(2026, 3, 3))
    services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("approve"),
                             now=at(2026, 3, 4))
    notice = case.notices.get(kind="approval")
    client = Client()
    client.force_login(cw.citizen)
    assert client.get(f"/cases/notices/{notice.number}.pdf").status_code == 200
    token = RatingInvitation.objects.get(case=case).token
    html = notice_documents.render_notice_html(notice, verify_url="http://x/verify/", rating_url=f"http://x/rate/{token}/")
    assert 'data-testid="rating-qr"' in html and "扫码评价本次服务" in html
    acceptance = case.notices.get(kind="acceptance")
    assert 'data-testid="rating-qr"' not in notice_documents.render_notice_html(acceptance, verify_url="http://x/verify/")
