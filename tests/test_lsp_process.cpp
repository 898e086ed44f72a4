// Speaks LSP to the real `pymemlint server` process over its standard input and output.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/lsp/document.h"
#include "tests/lsp_process.h"
#include "tests/temp_dir.h"

namespace pml::testing {
namespace {

using json = nlohmann::json;

const char* kText =
    "import numpy as np\n"
    "\n"
    "ROWS = 10_000_000\n"
    "\n"
    "\n"
    "def f():\n"
    "    x = np.zeros(ROWS, dtype=np.float32)\n"
    "    x = x.astype(np.float32)  # noqa: MEM101\n"
    "    return x\n";

json pos(int line, int character) { return {{"line", line}, {"character", character}}; }

std::vector<std::string> codes(const json& publish) {
  std::vector<std::string> out;
  for (const auto& d : publish["params"]["diagnostics"]) out.push_back(d["code"]);
  return out;
}

TEST(LspProcess, FullSessionOverPipes) {
  TempDir dir;
  dir.write("pyproject.toml", "[tool.pymemlint]\nextend-select = []\n");
  LspProcess server(dir.path());

  // Bad input first: the server answers what it can and keeps going.
  server.send_raw("Content-Length: 5\r\n\r\n{bad}");
  auto parse_error = server.next();
  ASSERT_TRUE(parse_error) << server.stderr_text();
  EXPECT_EQ((*parse_error)["error"]["code"], -32700);
  EXPECT_TRUE((*parse_error)["id"].is_null());
  server.send_raw("X-Header: nothing\r\n\r\n");  // no Content-Length: skipped
  json early = server.request("textDocument/hover", json::object());
  EXPECT_EQ(early["error"]["code"], -32002);  // not initialized yet

  json init = server.request("initialize", {{"processId", nullptr},
                                            {"rootUri", lsp::path_to_uri(dir.path())},
                                            {"capabilities", {{"general", {{"positionEncodings", {"utf-8"}}}}}}});
  ASSERT_TRUE(init.contains("result")) << init;
  EXPECT_EQ(init["result"]["capabilities"]["positionEncoding"], "utf-8");
  server.notify("initialized", json::object());

  const std::string uri = lsp::path_to_uri(dir.path() / "a.py");
  server.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", kText}}}});
  auto published = server.wait_notification("textDocument/publishDiagnostics");
  ASSERT_TRUE(published) << server.stderr_text();
  EXPECT_EQ((*published)["params"]["uri"], uri);
  EXPECT_EQ((*published)["params"]["version"], 1);
  ASSERT_EQ(codes(*published), std::vector<std::string>{"MEM302"});
  const json& d = (*published)["params"]["diagnostics"][0];
  EXPECT_EQ(d["range"]["start"], pos(7, 8));
  EXPECT_EQ(d["codeDescription"]["href"], "https://pymemlint.dev/rules/needless-astype-copy");
  EXPECT_EQ(d["severity"], 2);

  // One incremental edit: a new float64 array on row 8.
  server.notify("textDocument/didChange",
                {{"textDocument", {{"uri", uri}, {"version", 2}}},
                 {"contentChanges", {{{"range", {{"start", pos(8, 0)}, {"end", pos(8, 0)}}},
                                      {"text", "    y = np.ones((200_000, 512))\n"}}}}});
  published = server.wait_notification("textDocument/publishDiagnostics");
  ASSERT_TRUE(published);
  EXPECT_EQ((*published)["params"]["version"], 2);
  EXPECT_EQ(codes(*published), (std::vector<std::string>{"MEM302", "MEM301"}));

  json actions = server.request("textDocument/codeAction",
                                {{"textDocument", {{"uri", uri}}},
                                 {"range", {{"start", pos(7, 12)}, {"end", pos(7, 12)}}},
                                 {"context", {{"diagnostics", json::array()}, {"only", {"quickfix"}}}}});
  ASSERT_TRUE(actions["result"].is_array()) << actions;
  ASSERT_EQ(actions["result"].size(), 2u) << actions;
  EXPECT_EQ(actions["result"][0]["isPreferred"], true);
  EXPECT_EQ(actions["result"][0]["edit"]["changes"][uri][0]["newText"], ", copy=False");
  EXPECT_EQ(actions["result"][1]["edit"]["changes"][uri][0]["newText"], ", MEM302");

  json hover = server.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(7, 42)}});
  ASSERT_TRUE(hover["result"].is_object()) << hover;
  EXPECT_EQ(hover["result"]["contents"]["value"].get<std::string>().rfind("# dead-intermediate (MEM101)", 0), 0u);

  EXPECT_EQ(server.request("pymemlint/unknown", json::object())["error"]["code"], -32601);
  json bad_position = server.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(-3, 0)}});
  EXPECT_EQ(bad_position["error"]["code"], -32602);

  json shutdown = server.request("shutdown", nullptr);
  EXPECT_TRUE(shutdown.contains("result") && shutdown["result"].is_null()) << shutdown;
  EXPECT_TRUE(server.running());
  server.notify("exit", nullptr);
  EXPECT_EQ(server.wait_exit(), 0) << server.stderr_text();
  EXPECT_NE(server.stderr_text().find("without a Content-Length"), std::string::npos) << server.stderr_text();
}

// A frame whose length cannot be read once left its body in the stream, and every later frame was
// read out of step: nothing was answered again, not even `exit`.
TEST(LspProcess, AFrameWithABadLengthCostsOnlyThatFrame) {
  TempDir dir;
  LspProcess server(dir.path());
  ASSERT_TRUE(server.request("initialize", {{"capabilities", json::object()}}).contains("result"));
  server.send_raw("Content-Length: 1x\r\n\r\n{}");
  EXPECT_EQ(server.request("pymemlint/unknown", json::object())["error"]["code"], -32601) << server.stderr_text();
  server.send_raw("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}");
  EXPECT_EQ(server.request("pymemlint/unknown", json::object())["error"]["code"], -32601) << server.stderr_text();
  server.send_raw("X-Header: no length\r\n\r\n{}");
  json shutdown = server.request("shutdown", nullptr);
  EXPECT_TRUE(shutdown.contains("result")) << shutdown << server.stderr_text();
  server.notify("exit", nullptr);
  EXPECT_EQ(server.wait_exit(), 0) << server.stderr_text();
  // One line per bad frame, with what was skipped.
  std::string log = server.stderr_text();
  EXPECT_NE(log.find("skipped invalid Content-Length header `Content-Length: 1x`; skipped 2 bytes up to the next "
                     "Content-Length header: `{}`\n"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("`Content-Length: abc`; skipped 45 bytes"), std::string::npos) << log;
  EXPECT_NE(log.find("skipped a message without a Content-Length header; skipped 2 bytes"), std::string::npos) << log;
  size_t lines = 0;
  for (char c : log) lines += c == '\n';
  EXPECT_EQ(lines, 3u) << log;
}

TEST(LspProcess, ExitWithoutShutdownIsOne) {
  TempDir dir;
  LspProcess server(dir.path());
  ASSERT_TRUE(server.request("initialize", {{"capabilities", json::object()}}).contains("result"));
  server.notify("exit", nullptr);
  EXPECT_EQ(server.wait_exit(), 1);
}

TEST(LspProcess, EndOfInputEndsTheServer) {
  TempDir dir;
  LspProcess server(dir.path());
  server.send_raw("Content-Length: 100\r\n\r\n{\"jsonrpc\"");  // cut short
  server.close_input();
  EXPECT_EQ(server.wait_exit(), 1);
}

}  // namespace
}  // namespace pml::testing
