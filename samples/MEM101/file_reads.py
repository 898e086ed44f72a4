# MEM101 on what files give: `f.read(n)` with a stated size returns at most n bytes (n characters
# in text mode), so a header read with a small size is small; a whole read, or a size that may be
# large, is not.
import io
import struct


def header_then_body(path):
    with open(path, "rb") as file:
        header = file.read(24)
        count, width = struct.unpack("!2H", header[2:6])
        body = file.read(4 * count * width)
    return body


def whole_then_parsed(path):
    with open(path, "rb") as file:
        raw = file.read()
    text = raw.decode("utf-8")  # expect: MEM101[stays alive while `words = text.split()`]
    words = text.split()
    return words


def read_to_the_end(path):
    with open(path) as file:
        raw = file.read(-1)
    lines = raw.splitlines()  # expect: MEM101
    table = [line.split(",") for line in lines]
    return table


def chunk_of_a_megabyte(path):
    with open(path, "rb") as file:
        chunk = file.read(1024 * 1024)
    text = chunk.decode("latin-1")  # expect: MEM101
    words = text.split()
    return words


def chunk_of_unknown_size(path, size):
    with open(path, "rb") as file:
        chunk = file.read(size)
    text = chunk.decode("latin-1")  # expect: MEM101
    words = text.split()
    return words


def chunk_of_a_huge_size(path):
    with open(path, "rb") as file:
        chunk = file.read(4611686018427387904)  # 2**62: four times that wraps around 2**64
    text = chunk.decode("latin-1")  # expect: MEM101
    words = text.split()
    return words


def header_of_a_buffer(path):
    # `read(n)` returns at most n bytes whatever the stream (here an in-memory copy of a file,
    # large, of a type the analyzer does not track): the header is small.
    with open(path, "rb") as file:
        buffer = io.BytesIO(file.read())
    prefix = buffer.read(16)
    kind = identify(buffer, prefix)
    body = decode(buffer.read())
    return kind, body
