#!/usr/bin/python3
"""Seed sessions for the lsp_messages fuzz target, made from Python samples.

For each sample, two language server sessions that initialize, shut down and exit:
- NAME: opens the sample, asks for code actions and hovers, edits it (an incremental change and a
  full one), saves and closes it;
- NAME-notebook: opens the sample as a notebook, a cell per paragraph, asks for code actions and
  hovers in a cell, edits a cell, inserts one and removes another, saves and closes the notebook.
Each session is written twice: NAME.jsonl (one frame body per line) and NAME.lsp (the same bodies
framed with Content-Length headers, as on the server's standard input); the target reads every
input both ways (tests/fuzz/lsp_messages.cpp).

    tests/fuzz/lsp_seeds.py OUT_DIR SAMPLE.py...
"""
import json
import sys
from pathlib import Path


def start(encoding):
    return [
        {"id": 1, "method": "initialize",
         "params": {"processId": None, "rootUri": None,
                    "capabilities": {"general": {"positionEncodings": [encoding]}}}},
        {"method": "initialized", "params": {}},
    ]


def end(request_id):
    return [{"id": request_id, "method": "shutdown"}, {"method": "exit"}]


def session(uri, text, encoding):
    lines = text.split("\n")
    last = max(len(lines) - 1, 0)
    code_lines = [i for i, l in enumerate(lines) if l.strip() and not l.lstrip().startswith("#")] or [0]
    mid = code_lines[len(code_lines) // 2]
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": last, "character": 0}}
    msgs = start(encoding) + [
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
    ] + end(6)
    return [json.dumps({"jsonrpc": "2.0", **m}, ensure_ascii=False, separators=(",", ":")) for m in msgs]


def notebook_session(uri, text, encoding):
    paragraphs = [p + "\n" for p in text.split("\n\n") if p.strip()] or ["pass\n"]
    cell_uri = lambda k: f"vscode-notebook-cell:{uri[len('file://'):]}#C{k}"
    cells = [{"kind": 1, "document": cell_uri(0)}] + [{"kind": 2, "document": cell_uri(k + 1)}
                                                      for k in range(len(paragraphs))]
    items = [{"uri": cell_uri(k + 1), "languageId": "python", "version": 1, "text": p}
             for k, p in enumerate(paragraphs)]
    last = len(paragraphs)
    lines = paragraphs[-1].count("\n")
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}
    msgs = start(encoding) + [
        {"method": "notebookDocument/didOpen",
         "params": {"notebookDocument": {"uri": uri, "notebookType": "jupyter-notebook", "version": 1,
                                         "cells": cells},
                    "cellTextDocuments": items}},
        {"id": 2, "method": "textDocument/codeAction",
         "params": {"textDocument": {"uri": cell_uri(last)}, "range": whole, "context": {"diagnostics": []}}},
        {"id": 3, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": cell_uri(last)}, "position": {"line": 0, "character": 4}}},
        {"method": "notebookDocument/didChange",
         "params": {"notebookDocument": {"uri": uri, "version": 2},
                    "change": {"cells": {"textContent": [
                        {"document": {"uri": cell_uri(last), "version": 2},
                         "changes": [{"range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": 0, "character": 0}},
                                      "text": "import numpy as np\nz = np.ones(n)\n"}]}]}}}},
        {"method": "notebookDocument/didChange",
         "params": {"notebookDocument": {"uri": uri, "version": 3},
                    "change": {"cells": {"structure": {
                        "array": {"start": 1, "deleteCount": 1,
                                  "cells": [{"kind": 2, "document": cell_uri(last + 1)}]},
                        "didOpen": [{"uri": cell_uri(last + 1), "languageId": "python", "version": 1,
                                     "text": "%matplotlib inline\nimport numpy as np\n"}],
                        "didClose": [{"uri": cell_uri(1)}]}}}}},
        {"id": 4, "method": "textDocument/codeAction",
         "params": {"textDocument": {"uri": cell_uri(last)}, "range": whole,
                    "context": {"diagnostics": [], "only": ["source.fixAll"]}}},
        {"method": "notebookDocument/didSave", "params": {"notebookDocument": {"uri": uri}}},
        {"method": "notebookDocument/didClose",
         "params": {"notebookDocument": {"uri": uri},
                    "cellTextDocuments": [{"uri": c["document"]} for c in cells[2:]]}},
    ] + end(5)
    return [json.dumps({"jsonrpc": "2.0", **m}, ensure_ascii=False, separators=(",", ":")) for m in msgs]


def write(out, name, bodies):
    (out / f"{name}.jsonl").write_text("".join(b + "\n" for b in bodies), encoding="utf-8")
    framed = b"".join(b"Content-Length: %d\r\n\r\n" % len(b.encode()) + b.encode() for b in bodies)
    (out / f"{name}.lsp").write_bytes(framed)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for i, sample in enumerate(map(Path, sys.argv[2:])):
        text = sample.read_text(encoding="utf-8")
        name = f"{sample.parent.name}-{sample.stem}"
        encoding = "utf-16" if i % 2 else "utf-8"
        write(out, name, session(f"file:///fuzz/{sample.name}", text, encoding))
        write(out, f"{name}-notebook",
              notebook_session(f"file:///fuzz/{sample.stem}.ipynb", text, encoding))


if __name__ == "__main__":
    main()
