#!/usr/bin/python3
"""Seed sessions for the lsp_messages fuzz target, made from Python samples.

For each sample: a language server session that initializes, opens the sample, asks for code
actions and hovers, edits it (an incremental change and a full one), saves and closes it, shuts
down and exits. Each session is written twice: NAME.jsonl (one frame body per line) and NAME.lsp
(the same bodies framed with Content-Length headers, as on the server's standard input); the
target reads every input both ways (tests/fuzz/lsp_messages.cpp).

    tests/fuzz/lsp_seeds.py OUT_DIR SAMPLE.py...
"""
import json
import sys
from pathlib import Path


def session(uri, text, encoding):
    lines = text.split("\n")
    last = max(len(lines) - 1, 0)
    code_lines = [i for i, l in enumerate(lines) if l.strip() and not l.lstrip().startswith("#")] or [0]
    mid = code_lines[len(code_lines) // 2]
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": last, "character": 0}}
    msgs = [
        {"id": 1, "method": "initialize",
         "params": {"processId": None, "rootUri": None,
                    "capabilities": {"general": {"positionEncodings": [encoding]}}}},
        {"method": "initialized", "params": {}},
        {"method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}},
        {"id": 2, "method": "textDocument/codeAction",
         "params": {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}},
        {"id": 3, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": {"line": mid, "character": 4}}},
        {"method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": {"line": mid, "character": 0},
                                                  "end": {"line": mid, "character": 0}},
                                        "text": "import numpy as np\nz = np.ones(n)\n"}]}},
        {"id": 4, "method": "textDocument/codeAction",
         "params": {"textDocument": {"uri": uri},
                    "range": {"start": {"line": mid, "character": 0}, "end": {"line": mid + 2, "character": 0}},
                    "context": {"diagnostics": [], "only": ["quickfix"]}}},
        {"method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}},
        {"method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}},
        {"id": 5, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": {"line": last, "character": 0}}},
        {"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
        {"id": 6, "method": "shutdown"},
        {"method": "exit"},
    ]
    return [json.dumps({"jsonrpc": "2.0", **m}, ensure_ascii=False, separators=(",", ":")) for m in msgs]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for i, sample in enumerate(map(Path, sys.argv[2:])):
        text = sample.read_text(encoding="utf-8")
        name = f"{sample.parent.name}-{sample.stem}"
        bodies = session(f"file:///fuzz/{sample.name}", text, "utf-16" if i % 2 else "utf-8")
        (out / f"{name}.jsonl").write_text("".join(b + "\n" for b in bodies), encoding="utf-8")
        framed = b"".join(b"Content-Length: %d\r\n\r\n" % len(b.encode()) + b.encode() for b in bodies)
        (out / f"{name}.lsp").write_bytes(framed)


if __name__ == "__main__":
    main()
