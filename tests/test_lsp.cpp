// The language server's message handling, driven in-process (no pipes): lifecycle, position
// encodings, incremental sync, diagnostics, code actions, hover, configuration and bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>

#include "analyzer/lsp/document.h"
#include "analyzer/lsp/jsonrpc.h"
#include "analyzer/lsp/server.h"
#include "tests/temp_dir.h"

namespace pml::testing {
namespace {

using json = nlohmann::json;
using lsp::Server;

// MEM302 (safe fix) on row 7, MEM301 (unsafe fix) on row 8 after a comment.
const char* kSample =
    "import numpy as np\n"
    "\n"
    "ROWS = 10_000_000\n"
    "\n"
    "\n"
    "def f():\n"
    "    x = np.zeros(ROWS, dtype=np.float32)\n"
    "    x = x.astype(np.float32)\n"
    "    y = np.ones(ROWS)  # keep\n"
    "    return x, y\n";

json request(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}
json notification(const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}
json pos(uint32_t line, uint32_t character) { return {{"line", line}, {"character", character}}; }
json range(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2) { return {{"start", pos(l1, c1)}, {"end", pos(l2, c2)}}; }

// Applies LSP TextEdits to ASCII text (test side, independent of the server's conversions).
std::string apply_edits(std::string text, json edits) {
  auto offset = [&](const json& p) {
    size_t at = 0;
    for (uint32_t line = 0; line < p["line"].get<uint32_t>(); ++line) at = text.find('\n', at) + 1;
    return at + p["character"].get<size_t>();
  };
  std::vector<json> sorted(edits.begin(), edits.end());
  std::sort(sorted.begin(), sorted.end(), [&](const json& a, const json& b) {
    return offset(a["range"]["start"]) > offset(b["range"]["start"]);
  });
  for (const auto& e : sorted) {
    size_t s = offset(e["range"]["start"]), t = offset(e["range"]["end"]);
    text.replace(s, t - s, e["newText"].get<std::string>());
  }
  return text;
}

json edits_of(const json& action, const std::string& uri) {
  if (action["edit"].contains("documentChanges")) return action["edit"]["documentChanges"][0]["edits"];
  return action["edit"]["changes"][uri];
}

class LspServer : public ::testing::Test {
 protected:
  LspServer() : server(dir.path()) {}

  // `options`: the initializationOptions, when given; then what follows the answer is kept in `notes`.
  json initialize(json capabilities = json::object(), json options = nullptr) {
    json params = {{"processId", nullptr}, {"rootUri", lsp::path_to_uri(dir.path())}, {"capabilities", capabilities}};
    if (!options.is_null()) params["initializationOptions"] = options;
    auto out = server.handle(request(1, "initialize", params));
    if (options.is_null()) EXPECT_EQ(out.size(), 1u);
    notes.assign(out.begin() + std::min<size_t>(out.size(), 1), out.end());
    server.handle(notification("initialized", json::object()));
    return out.at(0);
  }
  // didOpen; returns the published diagnostics.
  json open(const std::string& name, const std::string& text, int version = 1) {
    uri = lsp::path_to_uri(dir.path() / name);
    auto out = server.handle(notification("textDocument/didOpen",
        {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", version}, {"text", text}}}}));
    return diagnostics_in(out);
  }
  json change(json changes, int version) {
    auto out = server.handle(notification("textDocument/didChange",
        {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", changes}}));
    return diagnostics_in(out);
  }
  json diagnostics_in(const std::vector<json>& out) {
    for (const auto& m : out)
      if (m.value("method", "") == "textDocument/publishDiagnostics") {
        EXPECT_EQ(m["params"]["uri"], uri);
        return m["params"]["diagnostics"];
      }
    ADD_FAILURE() << "no diagnostics published";
    return json::array();
  }
  json code_actions(json r, json only = nullptr) {
    json context = {{"diagnostics", json::array()}};
    if (!only.is_null()) context["only"] = only;
    auto out = server.handle(request(7, "textDocument/codeAction",
                                     {{"textDocument", {{"uri", uri}}}, {"range", r}, {"context", context}}));
    EXPECT_EQ(out.size(), 1u);
    EXPECT_TRUE(out.at(0).contains("result")) << out.at(0);
    return out.at(0)["result"];
  }
  // The diagnostics published, by document URI (the last ones for each).
  static std::map<std::string, json> published(const std::vector<json>& out) {
    std::map<std::string, json> by_uri;
    for (const auto& m : out)
      if (m.value("method", "") == "textDocument/publishDiagnostics")
        by_uri[m["params"]["uri"]] = m["params"]["diagnostics"];
    return by_uri;
  }
  static std::vector<std::string> codes(const json& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) out.push_back(d["code"]);
    return out;
  }

  TempDir dir;
  Server server;
  std::string uri;
  std::vector<json> notes;
};

TEST_F(LspServer, InitializeNegotiatesUtf16ByDefault) {
  json r = initialize();
  EXPECT_EQ(r["id"], 1);
  const json& caps = r["result"]["capabilities"];
  EXPECT_EQ(caps["positionEncoding"], "utf-16");
  EXPECT_EQ(caps["textDocumentSync"]["change"], 2);  // incremental
  EXPECT_EQ(caps["textDocumentSync"]["openClose"], true);
  EXPECT_EQ(caps["hoverProvider"], true);
  EXPECT_EQ(caps["codeActionProvider"]["codeActionKinds"], json({"quickfix", "source.fixAll.pymemlint"}));
  EXPECT_EQ(r["result"]["serverInfo"]["name"], "pymemlint");
  EXPECT_EQ(server.encoding(), lsp::PositionEncoding::Utf16);
}

TEST_F(LspServer, InitializeTakesUtf8WhenOffered) {
  json r = initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  EXPECT_EQ(r["result"]["capabilities"]["positionEncoding"], "utf-8");
  // With UTF-8, "😀" counts 4 (2 in UTF-16, see below).
  json d = open("u.py", "s = '😀'; import numpy as np; a = np.zeros((200_000, 512))\n");
  ASSERT_EQ(codes(d), std::vector<std::string>{"MEM301"});
  EXPECT_EQ(d[0]["range"]["start"], pos(0, 36));
}

TEST_F(LspServer, Utf16ColumnsCountSurrogatePairs) {
  initialize();
  // "😀" is one scalar value, 2 UTF-16 units, 4 UTF-8 bytes.
  json d = open("u.py", "s = '😀'; import numpy as np; a = np.zeros((200_000, 512))\n");
  ASSERT_EQ(codes(d), std::vector<std::string>{"MEM301"});
  EXPECT_EQ(d[0]["range"]["start"], pos(0, 34));
  EXPECT_EQ(d[0]["range"]["end"], pos(0, 58));
}

TEST_F(LspServer, PublishesDiagnosticsWithCodeHrefSeverityAndBytes) {
  initialize();
  json d = open("b.py", kSample);
  ASSERT_EQ(codes(d), (std::vector<std::string>{"MEM302", "MEM301"}));
  EXPECT_EQ(d[0]["range"], range(7, 8, 7, 28));
  EXPECT_EQ(d[0]["severity"], 2);
  EXPECT_EQ(d[0]["source"], "pymemlint");
  EXPECT_EQ(d[0]["codeDescription"]["href"], "https://pymemlint.dev/rules/needless-astype-copy");
  EXPECT_NE(d[0]["message"].get<std::string>().find("~40.0 MB"), std::string::npos) << d[0]["message"];
  EXPECT_EQ(d[0]["data"]["estimated_bytes"], 40000000);
  EXPECT_NE(d[1]["message"].get<std::string>().find("~80.0 MB"), std::string::npos) << d[1]["message"];
}

TEST_F(LspServer, SyntaxErrorIsOneErrorDiagnostic) {
  initialize();
  json d = open("bad.py", "def f(:\n    pass\n");
  ASSERT_EQ(codes(d), std::vector<std::string>{"E999"});
  EXPECT_EQ(d[0]["severity"], 1);
  EXPECT_FALSE(d[0].contains("codeDescription"));
  EXPECT_EQ(code_actions(range(0, 0, 1, 0)), json::array());
}

TEST_F(LspServer, IncrementalChangesMatchAFreshParse) {
  initialize();
  open("b.py", kSample);
  // Insert a line with a multi-byte character above the finding, then replace a call.
  json d = change({{{"range", range(6, 0, 6, 0)}, {"text", "    z = 'é😀'\n"}}}, 2);
  ASSERT_EQ(codes(d), (std::vector<std::string>{"MEM302", "MEM301"}));
  EXPECT_EQ(d[0]["range"], range(8, 8, 8, 28));
  // `np.ones(ROWS)` on row 9 becomes `np.ones(ROWS, dtype=np.float32)`: MEM301 goes away.
  d = change({{{"range", range(9, 20, 9, 20)}, {"text", ", dtype=np.float32"}}}, 3);
  EXPECT_EQ(codes(d), std::vector<std::string>{"MEM302"});
  const std::string expected = std::string(kSample).insert(std::string(kSample).find("    x = np.zeros"), "    z = 'é😀'\n");
  std::string want = expected;
  want.insert(want.find("np.ones(ROWS)") + 12, ", dtype=np.float32");
  EXPECT_EQ(server.document(uri)->text(), want);
  EXPECT_EQ(server.document(uri)->version, 3);
}

TEST_F(LspServer, RandomIncrementalEditsAgreeWithFullText) {
  initialize();
  open("r.py", kSample);
  Server fresh(dir.path());
  fresh.handle(request(1, "initialize", {{"capabilities", json::object()}}));
  std::mt19937 rng(12345);
  const std::vector<std::string> snippets = {"", "x", "\n", "np.zeros(ROWS)", "    y = np.ones(ROWS)\n", "é", "😀", "(", "  # noqa"};
  for (int step = 0; step < 60; ++step) {
    const lsp::Document& doc = *server.document(uri);
    uint32_t lines = doc.lines().line_count();
    uint32_t l1 = rng() % (lines + 1), l2 = std::min<uint32_t>(l1 + rng() % 2, lines);
    json r = range(l1, rng() % 30, l2, rng() % 30);
    if (r["end"]["line"] == r["start"]["line"] && r["end"]["character"] < r["start"]["character"])
      std::swap(r["start"], r["end"]);
    json d = change({{{"range", r}, {"text", snippets[rng() % snippets.size()]}}}, step + 2);
    std::string text = server.document(uri)->text();
    auto out = fresh.handle(notification("textDocument/didOpen",
        {{"textDocument", {{"uri", "untitled:x"}, {"languageId", "python"}, {"version", 1}, {"text", text}}}}));
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(d, out[0]["params"]["diagnostics"]) << "step " << step << "\n" << text;
  }
}

// A didChange with a bad change among good ones used to apply the changes before the bad one and
// keep the old version: the text then matched nothing the client had, and the next edit's
// diagnostics were computed on it.
TEST_F(LspServer, ADidChangeAppliesInFullOrNotAtAll) {
  initialize();
  open("b.py", kSample);
  const json insert = {{"range", range(6, 0, 6, 0)}, {"text", "    z = np.ones((200_000, 512))\n"}};
  for (const json& bad : {json{{"range", {{"start", pos(0, 0)}}}, {"text", "# x\n"}},
                          json{{"range", range(0, 0, 0, 0)}},
                          json{{"range", range(1, 0, 0, 0)}, {"text", "# x\n"}}}) {
    for (const json& first : {insert, json{{"text", "x = 1\n"}}}) {
      auto out = server.handle(notification("textDocument/didChange",
          {{"textDocument", {{"uri", uri}, {"version", 2}}}, {"contentChanges", {first, bad}}}));
      ASSERT_EQ(out.size(), 1u) << bad << json(out).dump(1);  // no diagnostics: nothing changed
      EXPECT_EQ(out[0]["method"], "window/logMessage");
      EXPECT_NE(out[0]["params"]["message"].get<std::string>().find(
                    "change 2 of 2: "),
                std::string::npos)
          << out[0];
      EXPECT_NE(out[0]["params"]["message"].get<std::string>().find(
                    "none of the changes was applied (the document stays at version 1)"),
                std::string::npos)
          << out[0];
      EXPECT_EQ(server.document(uri)->text(), kSample);
      EXPECT_EQ(server.document(uri)->version, 1);
    }
  }
  // The next edit applies to the text as it was, and its tree was not disturbed by the edits that
  // were rolled back: the findings match a fresh parse of the same text.
  json d = change(json::array({insert}), 2);  // (`{insert}` alone is the object itself under clang)
  std::string want = kSample;
  want.insert(want.find("    x = np.zeros"), "    z = np.ones((200_000, 512))\n");
  EXPECT_EQ(server.document(uri)->text(), want);
  EXPECT_EQ(server.document(uri)->version, 2);
  EXPECT_EQ(codes(d), (std::vector<std::string>{"MEM301", "MEM302", "MEM301"}));
  Server fresh(dir.path());
  fresh.handle(request(1, "initialize", {{"capabilities", json::object()}}));
  auto out = fresh.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 2}, {"text", want}}}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(d, out[0]["params"]["diagnostics"]);
}

TEST_F(LspServer, FullTextChangeReplacesTheDocument) {
  initialize();
  open("b.py", kSample);
  json d = change({{{"text", "x = 1\n"}}}, 2);
  EXPECT_EQ(d, json::array());
  EXPECT_EQ(server.document(uri)->text(), "x = 1\n");
}

TEST_F(LspServer, QuickFixesPreferSafeOnes) {
  initialize();
  open("b.py", kSample);
  json actions = code_actions(range(7, 10, 7, 10));
  ASSERT_EQ(actions.size(), 3u) << actions.dump(1);
  EXPECT_EQ(actions[0]["kind"], "quickfix");
  EXPECT_EQ(actions[0]["isPreferred"], true);
  EXPECT_EQ(actions[0]["diagnostics"][0]["code"], "MEM302");
  EXPECT_NE(apply_edits(kSample, edits_of(actions[0], uri)).find("x = x.astype(np.float32, copy=False)\n"),
            std::string::npos);
  EXPECT_EQ(actions[1]["title"], "Disable MEM302 for this line");
  EXPECT_NE(apply_edits(kSample, edits_of(actions[1], uri)).find("x = x.astype(np.float32)  # noqa: MEM302\n"),
            std::string::npos);
  EXPECT_EQ(actions[2]["kind"], "source.fixAll.pymemlint");

  // The unsafe fix is offered, not preferred; its noqa goes after the existing comment.
  actions = code_actions(range(8, 10, 8, 10), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[0]["isPreferred"], false);
  // Its title says it is unsafe once, in the fix's own words.
  EXPECT_EQ(actions[0]["title"], "MEM301: Add `dtype=np.float32` (unsafe: float32 precision)");
  std::string silenced = apply_edits(kSample, edits_of(actions[1], uri));
  EXPECT_NE(silenced.find("y = np.ones(ROWS)  # keep  # noqa: MEM301\n"), std::string::npos) << silenced;
  // Applied, the directive really silences the finding.
  json d = change({{{"text", silenced}}}, 2);
  EXPECT_EQ(codes(d), std::vector<std::string>{"MEM302"});
}

// An unsafe fix's title says why (here: the loop is at module level, where other code may still
// use the name), and the server does not mark it a second time.
TEST_F(LspServer, AnUnsafeFixIsMarkedWhenItsTitleDoesNotSaySo) {
  initialize();
  open("m.py",
       "import numpy as np\n\npaths = []\ntotal = 0.0\nfor path in paths:\n    block = np.load(path)\n"
       "    total += block.sum()\nresult = np.zeros((10_000, 10_000), dtype=np.float32)\n");
  json actions = code_actions(range(5, 5, 5, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[0]["isPreferred"], false);
  EXPECT_EQ(actions[0]["title"],
            "MEM103: Insert `block = None` after the loop (unsafe: a module-level name other modules may import)");
}

TEST_F(LspServer, NoqaActionExtendsAnExistingCodeList) {
  initialize();
  std::string text = "import numpy as np\na = np.zeros((200_000, 512))  # noqa: MEM101\n";
  open("n.py", text);
  json actions = code_actions(range(1, 5, 1, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(apply_edits(text, edits_of(actions[1], uri)),
            "import numpy as np\na = np.zeros((200_000, 512))  # noqa: MEM101, MEM301\n");
}

TEST_F(LspServer, NoqaActionOpensAListWithoutAValidCode) {
  initialize();
  // `MEM3O1` (letter O) is no code and silences nothing; the action puts MEM301 before it.
  std::string text = "import numpy as np\na = np.zeros((200_000, 512))  # noqa: MEM3O1\nb = np.zeros((200_000, 512))  # noqa:\n";
  json d = open("t.py", text);
  ASSERT_EQ(codes(d), (std::vector<std::string>{"MEM301", "MEM301"}));
  json actions = code_actions(range(1, 5, 1, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  std::string silenced = apply_edits(text, edits_of(actions[1], uri));
  EXPECT_NE(silenced.find("a = np.zeros((200_000, 512))  # noqa: MEM301, MEM3O1\n"), std::string::npos) << silenced;
  actions = code_actions(range(2, 5, 2, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  silenced = apply_edits(silenced, edits_of(actions[1], uri));
  EXPECT_NE(silenced.find("b = np.zeros((200_000, 512))  # noqa: MEM301\n"), std::string::npos) << silenced;
  EXPECT_EQ(change({{{"text", silenced}}}, 2), json::array());
}

// A line that opens a multi-line string cannot carry a comment: the directive goes after the
// string's closing quote, where the finding's noqa row is (Ruff's noqa line mapping).
TEST_F(LspServer, NoqaActionOnAStringsFirstLineGoesAfterItsClosingQuote) {
  initialize();
  std::string text = "import numpy as np\na = [np.zeros((200_000, 512)), \"\"\"\ntext\"\"\"]\n";
  json d = open("s.py", text);
  ASSERT_EQ(codes(d), std::vector<std::string>{"MEM301"});
  json actions = code_actions(range(1, 10, 1, 10), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[1]["title"], "Disable MEM301 for this line");
  std::string silenced = apply_edits(text, edits_of(actions[1], uri));
  EXPECT_EQ(silenced, "import numpy as np\na = [np.zeros((200_000, 512)), \"\"\"\ntext\"\"\"]  # noqa: MEM301\n");
  EXPECT_EQ(change({{{"text", silenced}}}, 2), json::array());
}

// Nor can a line that ends with a backslash: the directive goes on the line after the last one.
TEST_F(LspServer, NoqaActionOnABackslashLineGoesOnTheLineAfterIt) {
  initialize();
  std::string text = "import numpy as np\na = np.zeros((200_000, 512)) + \\\n    1 + \\\n    2\n";
  json d = open("c.py", text);
  ASSERT_EQ(codes(d), std::vector<std::string>{"MEM301"});
  json actions = code_actions(range(1, 5, 1, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[1]["title"], "Disable MEM301 for this line");
  std::string silenced = apply_edits(text, edits_of(actions[1], uri));
  EXPECT_EQ(silenced, "import numpy as np\na = np.zeros((200_000, 512)) + \\\n    1 + \\\n    2  # noqa: MEM301\n");
  EXPECT_EQ(change({{{"text", silenced}}}, 2), json::array());
}

TEST_F(LspServer, FixAllAppliesSafeFixesOnly) {
  initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  open("b.py", kSample, 4);
  json actions = code_actions(range(0, 0, 0, 0), {"source.fixAll"});
  ASSERT_EQ(actions.size(), 1u) << actions.dump(1);
  EXPECT_EQ(actions[0]["kind"], "source.fixAll.pymemlint");
  EXPECT_EQ(actions[0]["edit"]["documentChanges"][0]["textDocument"]["version"], 4);
  std::string fixed = apply_edits(kSample, edits_of(actions[0], uri));
  std::string want = kSample;
  want.replace(want.find("x.astype(np.float32)"), 20, "x.astype(np.float32, copy=False)");
  EXPECT_EQ(fixed, want);  // the unsafe MEM301 fix is not applied
  EXPECT_EQ(actions[0]["title"], "Fix all safe pymemlint findings");
  // Only quick fixes asked for: no fixAll.
  for (const auto& a : code_actions(range(0, 0, 9, 0), {"quickfix"})) EXPECT_EQ(a["kind"], "quickfix");
}

// As `check --fix` does, fixAll takes `unsafe-fixes = true` from the file's configuration.
TEST_F(LspServer, FixAllAppliesUnsafeFixesWhenTheConfigurationSaysSo) {
  dir.write("pyproject.toml", "[tool.pymemlint]\nunsafe-fixes = true\n");
  initialize();
  open("b.py", kSample);
  json actions = code_actions(range(0, 0, 0, 0), {"source.fixAll"});
  ASSERT_EQ(actions.size(), 1u) << actions.dump(1);
  EXPECT_EQ(actions[0]["title"], "Fix all pymemlint findings (unsafe fixes included)");
  std::string want = kSample;
  want.replace(want.find("x.astype(np.float32)"), 20, "x.astype(np.float32, copy=False)");
  want.replace(want.find("np.ones(ROWS)"), 13, "np.ones(ROWS, dtype=np.float32)");
  EXPECT_EQ(apply_edits(kSample, edits_of(actions[0], uri)), want);

  // Offered unasked for a file whose only fix is unsafe.
  const std::string unsafe_only = "import numpy as np\na = np.zeros((200_000, 512))\n";
  open("u.py", unsafe_only);
  actions = code_actions(range(0, 0, 0, 0));
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.back()["kind"], "source.fixAll.pymemlint") << actions.dump(1);
  EXPECT_EQ(apply_edits(unsafe_only, edits_of(actions.back(), uri)),
            "import numpy as np\na = np.zeros((200_000, 512), dtype=np.float32)\n");
}

TEST_F(LspServer, HoverOnNoqaCodeShowsTheRuleDocs) {
  initialize();
  std::string text = "x = 1  # noqa: MEM101, MEM302\n# pymemlint: noqa: MEM301\n";
  open("h.py", text);
  auto hover = [&](uint32_t line, uint32_t character) {
    auto out = server.handle(request(9, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(line, character)}}));
    EXPECT_EQ(out.size(), 1u);
    return out.at(0)["result"];
  };
  json h = hover(0, 26);
  ASSERT_TRUE(h.is_object()) << h;
  EXPECT_EQ(h["contents"]["kind"], "markdown");
  EXPECT_EQ(h["contents"]["value"].get<std::string>().rfind("# needless-astype-copy (MEM302)\n", 0), 0u);
  EXPECT_NE(h["contents"]["value"].get<std::string>().find("## What it does"), std::string::npos);
  EXPECT_EQ(h["range"], range(0, 23, 0, 29));
  EXPECT_EQ(hover(0, 15)["contents"]["value"].get<std::string>().rfind("# dead-intermediate (MEM101)", 0), 0u);
  EXPECT_EQ(hover(1, 20)["contents"]["value"].get<std::string>().rfind("# float64-by-default (MEM301)", 0), 0u);
  EXPECT_TRUE(hover(0, 1).is_null());   // code, not a comment
  EXPECT_TRUE(hover(0, 9).is_null());   // the word `noqa`
  EXPECT_TRUE(hover(40, 0).is_null());  // past the end
}

TEST_F(LspServer, ProjectConfigurationApplies) {
  dir.write("pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
  initialize();
  EXPECT_EQ(codes(open("pkg/b.py", kSample)), std::vector<std::string>{"MEM302"});
  // Excluded directories are not linted.
  dir.write("pymemlint.toml", "extend-exclude = [\"generated\"]\n");
  EXPECT_EQ(open("generated/b.py", kSample), json::array());
}

TEST_F(LspServer, EditedConfigurationAppliesToOpenFiles) {
  auto out = server.handle(request(1, "initialize",
      {{"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}}));
  ASSERT_EQ(out.size(), 1u);
  out = server.handle(notification("initialized", json::object()));
  ASSERT_EQ(out.size(), 1u);  // asks to watch the configuration files
  EXPECT_EQ(out[0]["method"], "client/registerCapability");
  EXPECT_EQ(out[0]["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
  EXPECT_TRUE(server.handle({{"jsonrpc", "2.0"}, {"id", out[0]["id"]}, {"result", nullptr}}).empty());

  EXPECT_EQ(codes(open("b.py", kSample)), (std::vector<std::string>{"MEM302", "MEM301"}));
  auto config = dir.write("pymemlint.toml", "ignore = [\"MEM302\"]\n");
  out = server.handle(notification("workspace/didChangeWatchedFiles",
      {{"changes", {{{"uri", lsp::path_to_uri(config)}, {"type", 1}}}}}));
  EXPECT_EQ(codes(diagnostics_in(out)), std::vector<std::string>{"MEM301"});
  // Saving re-reads it too.
  dir.write("pymemlint.toml", "ignore = [\"MEM301\"]\n");
  out = server.handle(notification("textDocument/didSave", {{"textDocument", {{"uri", uri}}}}));
  EXPECT_EQ(codes(diagnostics_in(out)), std::vector<std::string>{"MEM302"});
}

// A file a configuration extends may have any name and lie outside the workspace: the server asks
// the client to watch it when it first meets it, and an edit of it applies to the open files.
TEST_F(LspServer, EditedExtendedConfigurationAppliesToOpenFiles) {
  testing::TempDir shared;  // outside the workspace
  auto base = shared.write("base-rules[1].toml", "ignore = [\"MEM302\"]\n");
  dir.write("pymemlint.toml", "extend = \"" + base.string() + "\"\n");
  json watch = {{"dynamicRegistration", true}, {"relativePatternSupport", true}};
  ASSERT_EQ(server.handle(request(1, "initialize", {{"capabilities", {{"workspace", {{"didChangeWatchedFiles", watch}}}}}})).size(), 1u);
  ASSERT_EQ(server.handle(notification("initialized", json::object())).size(), 1u);  // the configuration files

  uri = lsp::path_to_uri(dir.path() / "b.py");
  auto out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["method"], "client/registerCapability");
  const json& registration = out[0]["params"]["registrations"][0];
  EXPECT_EQ(registration["method"], "workspace/didChangeWatchedFiles");
  const json& watchers = registration["registerOptions"]["watchers"];
  ASSERT_EQ(watchers.size(), 1u);
  EXPECT_EQ(watchers[0]["globPattern"]["baseUri"], lsp::path_to_uri(shared.path()));
  EXPECT_EQ(watchers[0]["globPattern"]["pattern"], "base-rules?1?.toml");  // LSP globs have no escape
  EXPECT_TRUE(server.handle({{"jsonrpc", "2.0"}, {"id", out[0]["id"]}, {"result", nullptr}}).empty());
  EXPECT_EQ(codes(diagnostics_in(out)), std::vector<std::string>{"MEM301"});

  shared.write("base-rules[1].toml", "ignore = [\"MEM301\"]\n");
  out = server.handle(notification("workspace/didChangeWatchedFiles",
      {{"changes", {{{"uri", lsp::path_to_uri(base)}, {"type", 2}}}}}));
  ASSERT_EQ(out.size(), 1u);  // the diagnostics; the file is watched already
  EXPECT_EQ(codes(diagnostics_in(out)), std::vector<std::string>{"MEM302"});

  // Broken, it is still watched, so mending it is heard too.
  shared.write("base-rules[1].toml", "ignore = [\"NOPE999\"]\n");
  out = server.handle(notification("workspace/didChangeWatchedFiles",
      {{"changes", {{{"uri", lsp::path_to_uri(base)}, {"type", 2}}}}}));
  EXPECT_EQ(codes(diagnostics_in(out)), (std::vector<std::string>{"MEM302", "MEM301"}));
}

// A client without relative patterns is asked for the name anywhere in the workspace.
TEST_F(LspServer, ExtendedConfigurationWatchedByNameWithoutRelativePatterns) {
  dir.write("shared/base.toml", "ignore = [\"MEM302\"]\n");
  dir.write("pkg/pymemlint.toml", "extend = \"../shared/base.toml\"\n");
  ASSERT_EQ(server.handle(request(1, "initialize",
      {{"capabilities", {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}}}})).size(), 1u);
  server.handle(notification("initialized", json::object()));
  uri = lsp::path_to_uri(dir.path() / "pkg" / "b.py");
  auto out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["params"]["registrations"][0]["registerOptions"]["watchers"],
            json::array({{{"globPattern", "**/base.toml"}}}));
  // A second document under the same configuration asks for nothing more.
  uri = lsp::path_to_uri(dir.path() / "pkg" / "c.py");
  out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(LspServer, InvalidConfigurationIsReportedAndDefaultsApply) {
  dir.write("pymemlint.toml", "select = [\"NOPE999\"]\n");
  initialize();
  uri = lsp::path_to_uri(dir.path() / "b.py");
  auto out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["method"], "window/showMessage");
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("pymemlint.toml"), std::string::npos) << out[0];
  EXPECT_EQ(codes(out[1]["params"]["diagnostics"]), (std::vector<std::string>{"MEM302", "MEM301"}));
}

// An unsaved buffer takes the configuration of the workspace root. When that is broken, the
// buffer is told so as a file on disk is (once while it lasts), and the defaults apply meanwhile.
TEST_F(LspServer, UntitledBufferUnderABrokenRootConfigurationIsToldSo) {
  dir.write("pymemlint.toml", "select = [\"NOPE999\"]\n");
  initialize();
  uri = "untitled:Untitled-1";
  auto out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(out.size(), 2u) << json(out).dump(1);
  EXPECT_EQ(out[0]["method"], "window/showMessage");
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("pymemlint.toml"), std::string::npos) << out[0];
  EXPECT_EQ(codes(out[1]["params"]["diagnostics"]), (std::vector<std::string>{"MEM302", "MEM301"}));
  uri = "untitled:Untitled-2";
  out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(out.size(), 1u) << json(out).dump(1);  // not repeated
}

// A configuration broken, fixed and broken again the same way was shown the first time only: the
// server remembered every message it had shown, for the whole session.
TEST_F(LspServer, InvalidConfigurationIsShownEachTimeItBecomesInvalid) {
  initialize();
  auto shown = [](const std::vector<json>& out) {
    std::vector<std::string> messages;
    for (const auto& m : out)
      if (m.value("method", "") == "window/showMessage") messages.push_back(m["params"]["message"]);
    return messages;
  };
  auto save = [&] { return server.handle(notification("textDocument/didSave", {{"textDocument", {{"uri", uri}}}})); };
  const std::string broken = "[tool.pymemlint]\nfoo = 1\n";
  dir.write("pyproject.toml", broken);
  uri = lsp::path_to_uri(dir.path() / "pkg" / "b.py");
  auto out = server.handle(notification("textDocument/didOpen",
      {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kSample}}}}));
  ASSERT_EQ(shown(out).size(), 1u) << json(out).dump(1);
  const std::string message = shown(out)[0];
  EXPECT_NE(message.find("foo"), std::string::npos) << message;
  EXPECT_TRUE(shown(save()).empty());  // still invalid, unchanged: not repeated

  dir.write("pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
  out = save();
  EXPECT_TRUE(shown(out).empty());
  EXPECT_EQ(codes(diagnostics_in(out)), std::vector<std::string>{"MEM302"});

  dir.write("pyproject.toml", broken);
  out = save();
  EXPECT_EQ(shown(out), std::vector<std::string>{message});
  EXPECT_EQ(codes(diagnostics_in(out)), (std::vector<std::string>{"MEM302", "MEM301"}));  // the defaults
  EXPECT_TRUE(shown(save()).empty());

  // Another problem in the same file is shown too.
  dir.write("pyproject.toml", "[tool.pymemlint]\nmin-bytes = \"x\"\n");
  out = save();
  ASSERT_EQ(shown(out).size(), 1u);
  EXPECT_NE(shown(out)[0], message);

  // A file under a valid configuration of its own says nothing about the broken one above it.
  const std::string broken_uri = uri;
  dir.write("other/pymemlint.toml", "ignore = [\"MEM302\"]\n");
  EXPECT_EQ(codes(open("other/c.py", kSample)), std::vector<std::string>{"MEM301"});
  uri = broken_uri;
  EXPECT_TRUE(shown(save()).empty());
}

TEST_F(LspServer, LifecycleErrorsAndExitCodes) {
  auto out = server.handle(request(1, "textDocument/hover", json::object()));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["error"]["code"], lsp::error_code::kServerNotInitialized);
  EXPECT_TRUE(server.handle(notification("textDocument/didOpen", json::object())).empty());
  initialize();
  out = server.handle(request(2, "initialize", json::object()));
  EXPECT_EQ(out.at(0)["error"]["code"], lsp::error_code::kInvalidRequest);
  out = server.handle(request(3, "shutdown", nullptr));
  EXPECT_EQ(out.at(0), json({{"jsonrpc", "2.0"}, {"id", 3}, {"result", nullptr}}));
  out = server.handle(request(4, "textDocument/hover", json::object()));
  EXPECT_EQ(out.at(0)["error"]["code"], lsp::error_code::kInvalidRequest);
  EXPECT_FALSE(server.exit_requested());
  server.handle(notification("exit", nullptr));
  EXPECT_TRUE(server.exit_requested());
  EXPECT_EQ(server.exit_code(), 0);

  Server other(dir.path());
  other.handle(notification("exit", nullptr));
  EXPECT_TRUE(other.exit_requested());
  EXPECT_EQ(other.exit_code(), 1);
}

TEST_F(LspServer, BadInputGetsErrorsNeverACrash) {
  initialize();
  auto error_code = [&](std::string_view body) {
    auto out = server.handle_body(body);
    return out.size() == 1 && out[0].contains("error") ? out[0]["error"]["code"].get<int>() : 0;
  };
  EXPECT_EQ(error_code("{not json"), lsp::error_code::kParseError);
  EXPECT_EQ(error_code("\xff\xfe"), lsp::error_code::kParseError);
  EXPECT_EQ(error_code("[1, 2]"), lsp::error_code::kInvalidRequest);
  EXPECT_EQ(error_code("42"), lsp::error_code::kInvalidRequest);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"})"), lsp::error_code::kInvalidRequest);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":5,"method":7})"), lsp::error_code::kInvalidRequest);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":5,"method":"no/such"})"), lsp::error_code::kMethodNotFound);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":5,"method":"$/whatever"})"), lsp::error_code::kMethodNotFound);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover"})"), lsp::error_code::kInvalidParams);
  EXPECT_EQ(error_code(R"({"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":{"uri":3}}})"),
            lsp::error_code::kInvalidParams);
  EXPECT_TRUE(server.handle_body(R"({"jsonrpc":"2.0","method":"no/such"})").empty());
  EXPECT_TRUE(server.handle_body(R"({"jsonrpc":"2.0","id":99,"result":null})").empty());  // a response

  open("b.py", kSample);
  // Negative and missing positions are invalid; positions past the end are clamped.
  json bad = request(6, "textDocument/codeAction",
                     {{"textDocument", {{"uri", uri}}}, {"range", range(0, 0, 0, 0)}, {"context", json::object()}});
  bad["params"]["range"]["start"]["line"] = -1;
  EXPECT_EQ(server.handle(bad).at(0)["error"]["code"], lsp::error_code::kInvalidParams);
  json far = code_actions(range(4000000000u, 4000000000u, 4000000000u, 4000000000u));
  EXPECT_TRUE(far.is_array());
  // A notification with nonsense is reported in the log and ignored.
  auto out = server.handle(notification("textDocument/didChange", {{"textDocument", {{"uri", uri}}}, {"contentChanges", 5}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "window/logMessage");
  out = server.handle(notification("textDocument/didChange", {{"textDocument", {{"uri", "file:///nope.py"}}}, {"contentChanges", json::array()}}));
  EXPECT_EQ(out.at(0)["method"], "window/logMessage");
  // Out-of-range edits are clamped to the end; a reversed range is ignored with a log message.
  json d = change({{{"range", range(500, 3, 900, 1)}, {"text", "\nz = 1\n"}}}, 2);
  EXPECT_EQ(server.document(uri)->text(), std::string(kSample) + "\nz = 1\n");
  out = server.handle(notification("textDocument/didChange",
      {{"textDocument", {{"uri", uri}, {"version", 3}}}, {"contentChanges", {{{"range", range(2, 0, 1, 0)}, {"text", "x"}}}}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "window/logMessage");
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("the range ends before it starts"), std::string::npos)
      << out[0];
  EXPECT_EQ(server.document(uri)->text(), std::string(kSample) + "\nz = 1\n");
  EXPECT_EQ(server.document(uri)->version, 2);
  EXPECT_EQ(server.handle(request(8, "shutdown", nullptr)).at(0)["result"], nullptr);
}

TEST(LspDocument, PositionsAndOffsets) {
  lsp::Document doc("untitled:x", "a = 'é😀'\r\nb\rc\n", 1);
  using lsp::PositionEncoding;
  EXPECT_EQ(doc.offset_of({0, 6}, PositionEncoding::Utf16), 7u);   // after é (2 bytes)
  EXPECT_EQ(doc.offset_of({0, 7}, PositionEncoding::Utf16), 11u);  // inside the surrogate pair: the next one
  EXPECT_EQ(doc.offset_of({0, 8}, PositionEncoding::Utf16), 11u);  // after 😀
  EXPECT_EQ(doc.offset_of({0, 99}, PositionEncoding::Utf16), 12u); // clamped to the line's end
  EXPECT_EQ(doc.offset_of({0, 6}, PositionEncoding::Utf8), 7u);    // inside é: the next character
  EXPECT_EQ(doc.offset_of({1, 0}, PositionEncoding::Utf8), 14u);
  EXPECT_EQ(doc.offset_of({2, 1}, PositionEncoding::Utf8), 17u);
  EXPECT_EQ(doc.offset_of({9, 0}, PositionEncoding::Utf8), 18u);  // past the last line: the end
  EXPECT_EQ(doc.position_of(11, PositionEncoding::Utf16).character, 8u);
  EXPECT_EQ(doc.position_of(11, PositionEncoding::Utf8).character, 11u);
  EXPECT_EQ(doc.position_of(13, PositionEncoding::Utf8).line, 0u);  // between \r and \n
  EXPECT_EQ(doc.position_of(13, PositionEncoding::Utf8).character, 12u);
  EXPECT_EQ(doc.newline(), "\r\n");
}

TEST(LspDocument, Uris) {
  EXPECT_EQ(lsp::uri_to_path("file:///a%20b/c.py"), std::filesystem::path("/a b/c.py"));
  EXPECT_EQ(lsp::uri_to_path("file://localhost/x/../y.py"), std::filesystem::path("/y.py"));
  EXPECT_FALSE(lsp::uri_to_path("untitled:Untitled-1"));
  EXPECT_FALSE(lsp::uri_to_path("file:///bad%2"));
  EXPECT_FALSE(lsp::uri_to_path("file:///nul%00"));
  EXPECT_EQ(lsp::path_to_uri("/a b/é.py"), "file:///a%20b/%C3%A9.py");
}

TEST(LspFraming, ReadsFramesAndSkipsBadHeaders) {
  std::istringstream in("Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]"
                        "X-Nothing: 1\r\n\r\nContent-Length: 1x\r\n\r\nContent-Length: 10\r\n\r\n{}");
  lsp::FrameReader reader(in);
  auto f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "{}");
  f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "[1]");
  f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem, "a message without a Content-Length header");  // nothing skipped: no mention
  f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem, "invalid Content-Length header `Content-Length: 1x`");
  EXPECT_FALSE(reader.next());  // the body is cut short: end of input
  EXPECT_EQ(lsp::encode_frame(json{{"a", "\xff"}}), "Content-Length: 11\r\n\r\n{\"a\":\"\xEF\xBF\xBD\"}");
}

// A frame without a usable length leaves its body unread: the reader finds the next frame by its
// `Content-Length:` header (even straight after the body, in any case, after a near miss), so one
// bad frame costs that frame only.
TEST(LspFraming, ResynchronisesAfterAnUnusableLength) {
  std::istringstream in(
      "Content-Length: 1x\r\n\r\n{}Content-Length: 2\r\n\r\n[]"
      "Content-Length: abc\r\n\r\n{\"x\":\"\x01\"}\ncontent-LENGTH:3\r\nContent-Type: y\r\n\r\n[1]"
      "X-Other: 1\r\n\r\nContent-LengtContent-Length: 4\r\n\r\n[22]"
      "Content-Length:\r\n\r\ntrailing bytes");
  lsp::FrameReader reader(in);
  auto f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem,
            "invalid Content-Length header `Content-Length: 1x`; skipped 2 bytes up to the next Content-Length "
            "header: `{}`");
  f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "[]");
  f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem,
            "invalid Content-Length header `Content-Length: abc`; skipped 10 bytes up to the next "
            "Content-Length header: `{\"x\":\"\\x01\"}\\n`");
  f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "[1]");
  f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem,
            "a message without a Content-Length header; skipped 13 bytes up to the next Content-Length header: "
            "`Content-Lengt`");
  f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "[22]");
  f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem,
            "invalid Content-Length header `Content-Length:`; skipped 14 bytes up to the end of input: "
            "`trailing bytes`");
  EXPECT_FALSE(reader.next());
}

TEST(LspFraming, LongSkipsAreShownShortened) {
  std::string junk(1000, 'j');
  std::istringstream in("Content-Length: -1\r\n\r\n" + junk + "Content-Length: 2\r\n\r\n{}");
  lsp::FrameReader reader(in);
  auto f = reader.next();
  ASSERT_TRUE(f && !f->body);
  EXPECT_EQ(f->problem, "invalid Content-Length header `Content-Length: -1`; skipped 1000 bytes up to the next "
                        "Content-Length header: `" + std::string(60, 'j') + "...`");
  f = reader.next();
  ASSERT_TRUE(f && f->body);
  EXPECT_EQ(*f->body, "{}");
}


// Notebooks, as VS Code sends them (notebookDocument/*): a markdown cell, then Python code cells,
// each a text document of its own that requests (code actions, hover) name.
class LspNotebook : public LspServer {
 protected:
  LspNotebook() : nb(lsp::path_to_uri(dir.path() / "n.ipynb")) {}

  std::string cell_uri(int k) const { return "vscode-notebook-cell:" + nb.substr(7) + "#C" + std::to_string(k); }
  static json cell(int kind, const std::string& document) { return {{"kind", kind}, {"document", document}}; }
  json item(int k, const std::string& text, int version = 1) const {
    return {{"uri", cell_uri(k)}, {"languageId", "python"}, {"version", version}, {"text", text}};
  }
  // Opens the notebook: cell 0 is markdown, cells 1.. are code with the given texts.
  std::map<std::string, json> open_notebook(const std::vector<std::string>& code) {
    texts = code;
    json cells = json::array({cell(1, cell_uri(0))}), items = json::array();
    for (size_t k = 0; k < code.size(); ++k) {
      cells.push_back(cell(2, cell_uri(static_cast<int>(k) + 1)));
      items.push_back(item(static_cast<int>(k) + 1, code[k]));
    }
    return published(server.handle(notification("notebookDocument/didOpen",
        {{"notebookDocument", {{"uri", nb}, {"notebookType", "jupyter-notebook"}, {"version", 1}, {"cells", cells}}},
         {"cellTextDocuments", items}})));
  }
  std::vector<json> change_notebook(json change, int version) {
    return server.handle(notification("notebookDocument/didChange",
        {{"notebookDocument", {{"uri", nb}, {"version", version}}}, {"change", std::move(change)}}));
  }
  json actions_in(int k, json r, json only = nullptr) {
    uri = cell_uri(k);
    return code_actions(std::move(r), std::move(only));
  }

  std::string nb;
  std::vector<std::string> texts;
};

TEST_F(LspNotebook, CellsAreLintedAsOneNotebook) {
  json caps = initialize()["result"]["capabilities"];
  EXPECT_EQ(caps["notebookDocumentSync"]["notebookSelector"][0]["cells"][0]["language"], "python");
  auto d = open_notebook({"import numpy as np\n%matplotlib inline\nN = 10_000_000\n", "x = np.zeros(N)\n", "pass"});
  // Every code cell is told, the markdown cell is not (the client never sent its text).
  ASSERT_EQ(d.size(), 3u);
  EXPECT_FALSE(d.count(cell_uri(0)));
  // The magic is IPython's, not a syntax error; `N` reaches the next cell and sizes its array.
  EXPECT_EQ(d[cell_uri(1)], json::array());
  ASSERT_EQ(codes(d[cell_uri(2)]), std::vector<std::string>{"MEM301"});
  EXPECT_EQ(d[cell_uri(2)][0]["range"], range(0, 4, 0, 15));
  EXPECT_NE(d[cell_uri(2)][0]["message"].get<std::string>().find("80.0 MB"), std::string::npos);
  EXPECT_EQ(d[cell_uri(3)], json::array());
  // A syntax error is placed in its own cell (and, as always, stops the rules everywhere).
  d = published(change_notebook(
      {{"cells", {{"textContent", {{{"document", {{"uri", cell_uri(3)}, {"version", 2}}},
                                    {"changes", {{{"text", "x = 1\ndef f(:\n    pass"}}}}}}}}}},
      2));
  EXPECT_EQ(d[cell_uri(2)], json::array());
  ASSERT_EQ(codes(d[cell_uri(3)]), std::vector<std::string>{"E999"});
  EXPECT_EQ(d[cell_uri(3)][0]["range"]["start"], pos(1, 6));
}

TEST_F(LspNotebook, CellEditsInsertionsAndRemovalsRelint) {
  initialize();
  open_notebook({"import numpy as np\nN = 10_000_000\n", "x = np.zeros(N)\n"});
  // A text change in a cell.
  auto d = published(change_notebook(
      {{"cells", {{"textContent", {{{"document", {{"uri", cell_uri(2)}, {"version", 2}}},
                                    {"changes", {{{"range", range(0, 14, 0, 14)}, {"text", ", dtype=np.float32"}}}}}}}}}},
      2));
  EXPECT_EQ(d[cell_uri(2)], json::array());
  // A cell inserted between them (after the markdown cell and the first code cell) sees `N`.
  d = published(change_notebook(
      {{"cells", {{"structure", {{"array", {{"start", 2}, {"deleteCount", 0}, {"cells", {cell(2, cell_uri(7))}}}},
                                 {"didOpen", {item(7, "y = np.ones(N)\n")}}}}}}},
      3));
  ASSERT_EQ(codes(d[cell_uri(7)]), std::vector<std::string>{"MEM301"});
  EXPECT_NE(d[cell_uri(7)][0]["message"].get<std::string>().find("80.0 MB"), std::string::npos);
  // Removing the first code cell takes the import away.
  d = published(change_notebook(
      {{"cells", {{"structure", {{"array", {{"start", 1}, {"deleteCount", 1}}},
                                 {"didClose", {{{"uri", cell_uri(1)}}}}}}}}},
      4));
  EXPECT_EQ(d[cell_uri(1)], json::array());  // the closed cell's findings are cleared
  EXPECT_EQ(d[cell_uri(7)], json::array());  // `np` is no longer numpy
  // A change that cannot apply in full applies not at all: the insertion is not kept either.
  auto out = change_notebook(
      {{"cells", {{"structure", {{"array", {{"start", 1}, {"deleteCount", 0}, {"cells", {cell(2, cell_uri(8))}}}},
                                 {"didOpen", {item(8, "import numpy as np\nN = 10\n")}}}},
                  {"textContent", {{{"document", {{"uri", cell_uri(9)}, {"version", 2}}},
                                    {"changes", {{{"text", "pass\n"}}}}}}}}}},
      5);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["method"], "window/logMessage");
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("is not open in the notebook"), std::string::npos);
  d = published(server.handle(notification("notebookDocument/didSave", {{"notebookDocument", {{"uri", nb}}}})));
  EXPECT_EQ(d.size(), 2u);
  EXPECT_FALSE(d.count(cell_uri(8)));
  // A change past the notebook's end is refused.
  out = change_notebook({{"cells", {{"structure", {{"array", {{"start", 3}, {"deleteCount", 1}}}}}}}}, 6);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0]["params"]["message"].get<std::string>().find("does not fit the notebook's 3 cells"),
            std::string::npos);
  // Closing the notebook clears every cell.
  d = published(server.handle(notification("notebookDocument/didClose",
                                           {{"notebookDocument", {{"uri", nb}}}, {"cellTextDocuments", json::array()}})));
  EXPECT_EQ(d.size(), 2u);
  for (const auto& [u, diagnostics] : d) EXPECT_EQ(diagnostics, json::array()) << u;
  EXPECT_EQ(server.document(cell_uri(2)), nullptr);
}

TEST_F(LspNotebook, CodeActionsAndHoverInACell) {
  dir.write("pyproject.toml", "[tool.pymemlint]\nunsafe-fixes = true\n");
  initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  open_notebook({"import numpy as np\nN = 10_000_000\n", "x = np.zeros(N)\n", "# pymemlint: noqa: MEM302\ny = np.ones(N)\n"});
  json actions = actions_in(2, range(0, 5, 0, 5), {"quickfix"});
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[0]["edit"]["documentChanges"][0]["textDocument"]["uri"], cell_uri(2));
  EXPECT_EQ(apply_edits(texts[1], edits_of(actions[0], cell_uri(2))), "x = np.zeros(N, dtype=np.float32)\n");
  EXPECT_EQ(actions[1]["title"], "Disable MEM301 for this line");
  EXPECT_EQ(apply_edits(texts[1], edits_of(actions[1], cell_uri(2))), "x = np.zeros(N)  # noqa: MEM301\n");
  // Nothing of another cell is offered in this one.
  EXPECT_EQ(actions_in(1, range(0, 0, 1, 0), {"quickfix"}), json::array());
  // Fix all fixes every cell, each edit for its own document.
  actions = actions_in(1, range(0, 0, 0, 0), {"source.fixAll"});
  ASSERT_EQ(actions.size(), 1u) << actions.dump(1);
  const json& changes = actions[0]["edit"]["documentChanges"];
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["textDocument"]["uri"], cell_uri(2));
  EXPECT_EQ(changes[1]["textDocument"]["uri"], cell_uri(3));
  EXPECT_EQ(apply_edits(texts[2], changes[1]["edits"]), "# pymemlint: noqa: MEM302\ny = np.ones(N, dtype=np.float32)\n");
  // Hover on a code in a cell's directive.
  auto out = server.handle(request(9, "textDocument/hover", {{"textDocument", {{"uri", cell_uri(3)}}}, {"position", pos(0, 21)}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["result"]["contents"]["value"].get<std::string>().rfind("# needless-astype-copy (MEM302)", 0), 0u)
      << out[0];
}

// Editor settings, in Ruff's shape: `proj/` has a configuration that ignores MEM301, `b.py` beside
// it has none. kSample has a MEM302 (row 7) and a MEM301 (row 8).
class LspEditorSettings : public LspServer {
 protected:
  LspEditorSettings() {
    dir.write("proj/pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
    a = lsp::path_to_uri(dir.path() / "proj" / "a.py");
    b = lsp::path_to_uri(dir.path() / "b.py");
  }
  void open_both() {
    open("proj/a.py", kSample);
    open("b.py", kSample);
  }
  std::vector<json> configure(json settings) {
    return server.handle(notification("workspace/didChangeConfiguration", {{"settings", std::move(settings)}}));
  }
  static json select(std::vector<std::string> codes) { return {{"lint", {{"select", codes}}}}; }
  static std::string shown(const std::vector<json>& out) {
    for (const auto& m : out)
      if (m.value("method", "") == "window/showMessage") return m["params"]["message"];
    return "";
  }
  std::string a, b;
};

TEST_F(LspEditorSettings, TheEditorsSelectionWinsByDefault) {
  initialize(json::object(), {{"settings", select({"MEM301"})}});
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(codes(open("proj/a.py", kSample)), std::vector<std::string>{"MEM301"});
  EXPECT_EQ(codes(open("b.py", kSample)), std::vector<std::string>{"MEM301"});
}

TEST_F(LspEditorSettings, PreferencesDecideBetweenTheEditorAndTheProject) {
  initialize();
  open_both();
  // filesystemFirst: the project's file where it governs, the editor's settings elsewhere.
  json settings = select({"MEM301"});
  settings["configurationPreference"] = "filesystemFirst";
  auto d = published(configure(settings));
  EXPECT_EQ(codes(d[a]), std::vector<std::string>{"MEM302"});
  EXPECT_EQ(codes(d[b]), std::vector<std::string>{"MEM301"});
  // editorOnly: no project file is read (the defaults, then the editor's settings).
  d = published(configure({{"configurationPreference", "editorOnly"}}));
  EXPECT_EQ(codes(d[a]), (std::vector<std::string>{"MEM302", "MEM301"}));
  // Settings under a `pymemlint` key are read too; an inline configuration is a layer over the
  // project's file, as --config KEY=VALUE is.
  d = published(configure({{"pymemlint", {{"configuration", {{"ignore", {"MEM302"}}}}}}}));
  EXPECT_EQ(codes(d[a]), std::vector<std::string>{});
  EXPECT_EQ(codes(d[b]), std::vector<std::string>{"MEM301"});
  // A configuration file for every path, relative to the workspace.
  dir.write("cfg/custom.toml", "select = [\"MEM302\"]\n");
  d = published(configure({{"configuration", "cfg/custom.toml"}}));
  EXPECT_EQ(codes(d[a]), std::vector<std::string>{"MEM302"});
  EXPECT_EQ(codes(d[b]), std::vector<std::string>{"MEM302"});
  // No settings: the project's files alone again.
  d = published(configure(json::object()));
  EXPECT_EQ(codes(d[a]), std::vector<std::string>{"MEM302"});
  EXPECT_EQ(codes(d[b]), (std::vector<std::string>{"MEM302", "MEM301"}));
}

TEST_F(LspEditorSettings, SettingsThatCannotBeUsedAreShownAndTheOnesInForceStay) {
  initialize(json::object(), {{"settings", {{"lint", {{"select", "MEM301"}}}}}});
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(shown(notes), "pymemlint: the editor's settings are not used: `lint.select` must be an array of strings");
  open_both();
  auto out = configure(select({"MEM302"}));
  EXPECT_EQ(codes(published(out)[b]), std::vector<std::string>{"MEM302"});
  out = configure(select({"MEM9"}));
  EXPECT_EQ(shown(out), "pymemlint: the editor's settings are not used: unknown rule selector `MEM9` in `lint.select`");
  EXPECT_TRUE(published(out).empty());  // nothing changed, nothing published
  out = configure({{"configurationPreference", "projectFirst"}});
  EXPECT_NE(shown(out).find("`configurationPreference` must be"), std::string::npos);
  out = configure({{"configuration", {{"min-bytes", "big"}}}});
  EXPECT_NE(shown(out).find("the editor setting `configuration`"), std::string::npos) << shown(out);
  // A configuration file that does not exist: said, and the project's files apply meanwhile.
  out = configure({{"configuration", "${HOME}/no-such-dir/none.toml"}});
  EXPECT_NE(shown(out).find("no-such-dir/none.toml"), std::string::npos) << shown(out);
  EXPECT_EQ(shown(out).find("${HOME}"), std::string::npos) << shown(out);
  EXPECT_EQ(codes(published(out)[a]), std::vector<std::string>{"MEM302"});
}

TEST_F(LspEditorSettings, CodeActionsAndLintingCanBeTurnedOff) {
  initialize(json::object(), {{"settings", {{"fixAll", false}, {"codeAction", {{"disableRuleComment", {{"enable", false}}}}}}}});
  open("b.py", kSample);
  json actions = code_actions(range(7, 10, 7, 10));
  ASSERT_EQ(actions.size(), 1u) << actions.dump(1);
  EXPECT_EQ(actions[0]["diagnostics"][0]["code"], "MEM302");
  EXPECT_EQ(actions[0]["kind"], "quickfix");
  configure({{"codeAction", {{"fixViolation", {{"enable", false}}}}}});
  actions = code_actions(range(7, 10, 7, 10));
  ASSERT_EQ(actions.size(), 2u) << actions.dump(1);
  EXPECT_EQ(actions[0]["title"], "Disable MEM302 for this line");
  EXPECT_EQ(actions[1]["kind"], "source.fixAll.pymemlint");
  auto d = published(configure({{"lint", {{"enable", false}}}}));
  EXPECT_EQ(d[uri], json::array());
  EXPECT_EQ(code_actions(range(7, 10, 7, 10)), json::array());
}

}  // namespace
}  // namespace pml::testing
