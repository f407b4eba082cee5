"""What bad input looks like: hypothesis strategies for every kind of field.

Text from every Unicode category (controls, right-to-left marks, combining marks,
emoji, unassigned code points), very long text, HTML, template and SQL fragments;
dates that are not dates; choices not on the list; fields missing or sent twice;
files that are too big or not what their name says.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Characters a person rarely types but a form can still receive.
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1b", "\x1b[31m",
            "\x7f", "\x85", "\xa0", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029",
            "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
            "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U000e0001", "\U0010ffff"]

# Words in the scripts people in England write in, and some they might paste.
SCRIPTS = ["Cymraeg: ŵ ŷ â ê î ô û", "Polski: zażółć gęślą jaźń", "Română: ăâîșț", "Українська: ґєії",
           "Ελληνικά", "اردو میں شکایت", "العربية: شكوى عن الخدمات", "עברית: תלונה", "ਪੰਜਾਬੀ ਵਿੱਚ",
           "বাংলা", "हिन्दी में शिकायत", "தமிழ்", "ગુજરાતી", "中文投诉", "日本語の苦情", "한국어", "ภาษาไทย",
           "Tiếng Việt", "ئۇيغۇرچە", "ܣܘܪܝܝܐ", "ދިވެހި", "ትግርኛ", "ᐃᓄᒃᑎᑐᑦ", "𐌰𐌱𐌲 gothic",
           "𝕳𝖊𝖑𝖑𝖔 𝓂𝒶𝓉𝒽", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇬🇧",
           "❤️", "\U0001f600" * 3, "ﷺ", "ﷻ", "Ⅻ", "½", "²", "٣", "３", "ß", "ﬃ", "İı", "ǅ"]

MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
          "<a href=\"javascript:alert(1)\">x</a>", "</textarea><script>alert(1)</script>",
          "</title><script>alert(1)</script>", "<!--", "-->", "<![CDATA[x]]>", "<b>bold</b>",
          "<iframe src=//example.com>", "<style>*{display:none}</style>", "<input name=csrf_token value=x>",
          "&lt;script&gt;", "&amp;", "&#x3C;script&#x3E;", "&#0;", "&nbsp;", "\"'`", "javascript:alert(1)",
          "{{7*7}}", "{{ config }}", "{% raw %}", "{% endraw %}", "{# x", "${7*7}", "#{7*7}",
          "%(name)s", "%s%s%s%n", "{0}", "{}", "%{count}", "\\", "\\x00", "\\u0000"]

SQL = ["' OR 1=1 --", "'; DROP TABLE case; --", "; DROP TABLE case;", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)",
       "' UNION SELECT password_hash FROM officer --", "%", "_", "%%", "admin'--", "NULL", "null", "None",
       "undefined", "true", "0", "-1", "1e308", "NaN", "[]", "{}", "[object Object]"]

FRAGMENTS = CONTROLS + SCRIPTS + MARKUP + SQL

# Every Unicode category except lone surrogates, which no request can carry.
any_character = st.characters(exclude_categories=("Cs",))
right_to_left = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)
emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
combining = st.characters(categories=("Mn", "Me", "Mc"))
controls = st.characters(categories=("Cc", "Cf", "Zl", "Zp"))

short_text = st.text(st.one_of(any_character, right_to_left, emoji, combining, controls), max_size=40)
fragment = st.sampled_from(FRAGMENTS)


@st.composite
def long_text(draw, max_chars=100_000):
    """Text up to 100,000 characters, made by repeating a short piece (fast to generate)."""
    piece = draw(st.one_of(fragment, st.text(any_character, min_size=1, max_size=20)))
    target = draw(st.one_of(st.integers(4_990, 5_010), st.integers(1, max_chars)))
    return (piece * (target // len(piece) + 1))[:target]


mixed_text = st.lists(st.one_of(fragment, short_text), min_size=1, max_size=6).map("".join)
blank_text = st.sampled_from(["", " ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u3000"])

#: Anything a free-text field might receive.
nasty_text = st.one_of(
    fragment,
    short_text,
    mixed_text,
    mixed_text,
    blank_text,
    long_text(),
)


@st.composite
def text_near(draw, limit):
    """Text of about a field's own limit: one under, at, or one over it."""
    piece = draw(st.one_of(fragment, st.text(any_character, min_size=1, max_size=20)))
    size = draw(st.sampled_from([limit - 1, limit, limit + 1]))
    return (piece * (size // len(piece) + 1))[:size]


# Dates ---------------------------------------------------------------------------------------

def _part_values():
    return st.one_of(
        st.integers(-5, 40).map(str),
        st.integers(1800, 2200).map(str),
        st.integers(-10**30, 10**30).map(str),
        st.sampled_from(["", " ", "0", "00", "01", "-0", "+3", " 3 ", "3.0", "1e3", "0x1F", "٣", "３", "²",
                         "²⁰²⁵", "２０２５", "٢٠٢٥", "9" * 25, "9" * 5000, "first", "March", "twenty",
                         "NaN", "inf", "1_000", "½"]),
        nasty_text,
    )


VALID_DAY = st.dates(min_value=__import__("datetime").date(1900, 1, 1),
                     max_value=__import__("datetime").date(2100, 12, 31))

#: What a date's three boxes can be sent as: 0 to 5 parts, each anything.
date_parts = st.one_of(
    VALID_DAY.map(lambda d: [str(d.day), str(d.month), str(d.year)]),
    st.sampled_from([["30", "2", "2025"], ["31", "4", "2025"], ["29", "2", "2023"], ["29", "2", "2024"],
                     ["0", "1", "2025"], ["1", "0", "2025"], ["1", "13", "2025"], ["32", "1", "2025"],
                     ["1", "1", "0000"], ["1", "1", "99999"], ["1", "1", "25"], ["-1", "-1", "-2025"],
                     ["a", "b", "c"], ["", "", ""], ["1", "", ""], ["", "", "2025"], ["31", "12", "9999"],
                     ["1", "1", "0001"], ["1", "1", "1000"], ["1", "1", "1752"], ["29", "2", "2100"],
                     ["99999999999999999999", "1", "2025"], ["1", "99999999999999999999", "2025"],
                     ["3", "4", "2015", "1"], ["３", "４", "２０１５"], ["٣", "٤", "٢٠١٥"]]),
    st.lists(_part_values(), min_size=0, max_size=5),
    st.lists(_part_values(), min_size=3, max_size=3),
)


# Choices -------------------------------------------------------------------------------------

def choice_value(valid):
    """A radio or select answer: one on the list, or something that looks like one but is not."""
    valid = list(valid)
    near = [v.upper() for v in valid] + [f" {v}" for v in valid] + [f"{v}\x00" for v in valid] + \
           [v[:-1] for v in valid if len(v) > 1] + \
           ["0", "-1", "1.0", "99999999999999999999", "9" * 5000, "٣", "１", "true", "null", "[]"]
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.sampled_from(near or ["x"]),
                     nasty_text)


# Files ---------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode."
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
DOCX = b"PK\x03\x04\x14\x00\x06\x00"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20
HTML = b"<html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
ZIP_BOMBISH = b"PK\x03\x04" + b"\x00" * 100

FILE_NAMES = ["letter.pdf", "photo.png", "photo.jpg", "photo.JPEG", "notes.txt", "report.docx", "old.doc",
              "virus.exe", "virus.pdf.exe", "virus.exe.pdf", "image.png.docx", "../../etc/passwd",
              "..\\..\\windows\\system32\\cmd.exe", "/etc/passwd", "C:\\Users\\x\\a.pdf", "a\x00.pdf",
              "a\r\nContent-Type: text/html.pdf", "a\x1b[31m.txt", "\u202egpj.exe", "<script>alert(1)</script>.pdf",
              '"><img src=x onerror=alert(1)>.png', "' OR 1=1 --.txt", ".pdf", ".", "..", "....pdf",
              "a" * 300 + ".pdf", "файл.pdf", "ملف.pdf", "😀.png", "CON.txt", "a b c.txt", "no-ending"]

file_name = st.one_of(st.sampled_from(FILE_NAMES), nasty_text.map(lambda t: t[:300]),
                      st.tuples(nasty_text.map(lambda t: t[:100]),
                                st.sampled_from([".pdf", ".png", ".txt", ".docx", ".exe", ""])).map("".join))


ENDINGS = {"png": ".png", "pdf": ".pdf", "jpeg": ".jpg", "docx": ".docx", "doc": ".doc", "exe": ".exe",
           "html": ".html", "svg": ".svg", "zip": ".zip", "text": ".txt", "binary": ".bin", "empty": ".pdf",
           "oversize": ".pdf", "at-limit": ".pdf", "latin-1": ".txt", "nul-text": ".txt"}
#: Names a file really could have, before its ending.
ODD_STEMS = ["letter", "a\x00", "\x1b[31m", "\u202egpj", "../../etc/passwd", "..\\..\\boot", "C:\\x\\a",
             "a" * 300, "файл", "ملف", "😀", "CON", " ", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%0A"]


@st.composite
def file_content(draw, limit):
    """Bytes of an upload, and the ending its name would have: a real-looking file, a
    mislabelled one, empty, or one over the limit."""
    kind = draw(st.sampled_from(sorted(ENDINGS)))
    if kind == "empty":
        content = b""
    elif kind == "oversize":
        content = PDF + b"x" * (limit + draw(st.integers(1, 2 * limit)))
    elif kind == "at-limit":
        content = (PDF + b"x" * limit)[:limit]
    elif kind == "text":
        content = draw(nasty_text).encode("utf-8", "surrogatepass")[:limit]
    elif kind == "latin-1":
        content = "caf\xe9 na\xefve".encode("latin-1")
    elif kind == "nul-text":
        content = b"hello\x00world"
    elif kind == "binary":
        content = draw(st.binary(min_size=1, max_size=200))
    else:
        content = {"png": PNG, "pdf": PDF, "jpeg": JPEG, "docx": DOCX, "doc": DOC, "exe": EXE, "html": HTML,
                   "svg": SVG, "zip": ZIP_BOMBISH}[kind]
    return content, ENDINGS[kind]


content_types = st.sampled_from(["application/pdf", "image/png", "text/plain", "application/octet-stream",
                                 "text/html", "application/x-msdownload", "", "image/svg+xml",
                                 "multipart/form-data", "../../x"])
