"""Parses an RFC 5322 message with Python's email package and prints what it found
as JSON, so the Swift tests can compare it with what they built.

usage: python3 parse_mime.py FILE
"""
import json
import sys
from email import policy
from email.parser import BytesParser


def address_list(header):
    if header is None:
        return None
    return [[a.display_name, a.addr_spec] for a in header.addresses]


def main(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    parts = []
    defects = [str(d) for d in message.defects]
    for part in message.walk():
        defects += [str(d) for d in part.defects]
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            # On the wire every line ends in CRLF; compare with the LF text we started from.
            "body": part.get_content().replace("\r\n", "\n"),
        })
    result = {
        "subject": str(message["Subject"]),
        "from": address_list(message["From"]),
        "to": address_list(message["To"]),
        "cc": address_list(message["Cc"]),
        "reply_to": address_list(message["Reply-To"]),
        "date": message["Date"].datetime.isoformat() if message["Date"] else None,
        "message_id": str(message["Message-ID"]),
        "refer_key": message["X-Refer-Key"],
        "mime_version": message["MIME-Version"],
        "content_type": message.get_content_type(),
        "boundary": message.get_boundary(),
        "parts": parts,
        "defects": defects,
        "max_line_length": max(len(line) for line in lines),
        "max_body_line_length": max(len(line) for line in raw.split(b"\r\n\r\n", 1)[1].split(b"\r\n")),
        "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"),
        "bare_cr": raw.replace(b"\r\n", b"").count(b"\r"),
        "ends_with_crlf": raw.endswith(b"\r\n"),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
