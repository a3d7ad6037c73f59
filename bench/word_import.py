"""Reading a .docx of many plain paragraphs: seconds per read, the median of several runs.

    .venv/bin/python -m bench.word_import [PARAGRAPHS] [RUNS]

The file is built the way a hostile one would be: one short plain paragraph after another,
which is what costs python-docx most per byte.
"""

import io
import statistics
import sys
import time
import zipfile

import docx

from bots.chat.uploads import read_document_bytes


def word_file(paragraphs: int) -> bytes:
    source, target = io.BytesIO(), io.BytesIO()
    docx.Document().save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as built:
        for part in original.infolist():
            content = original.read(part)
            if part.filename == "word/document.xml":
                head, tail = content.split(b"</w:body>")
                body = b"".join(
                    b"<w:p><w:r><w:t>Paragraph %d of the plan.</w:t></w:r></w:p>" % n
                    for n in range(paragraphs)
                )
                content = head + body + b"</w:body>" + tail
            built.writestr(part, content, compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def main(paragraphs: int, runs: int) -> None:
    data = word_file(paragraphs)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        read_document_bytes(data, "bench.docx")
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(
        f"{paragraphs} paragraphs, {len(data) // 1024} KB: median {median:.2f} s over {runs} "
        f"runs (min {min(timings):.2f}, max {max(timings):.2f})"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
    )
