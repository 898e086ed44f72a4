// pymemlint-lsp-bench: how long the language server takes to re-lint a 5,000-line file after a
// one-line edit, sent as an incremental change (tree-sitter reuses the edited tree) versus as a
// full-text change (a fresh parse), both through pml::lsp::Server::handle_body exactly as the
// server process handles a frame: JSON parse, edit, parse, lint, diagnostics to JSON. Also the
// tree-sitter parse alone, full and incremental, to show its share.
//
//   pymemlint-lsp-bench [--runs N] [--lines N] [--file PATH]
//
// Prints the median wall and CPU time of N runs of each, in milliseconds.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/checker.h"
#include "analyzer/fsutil.h"
#include "analyzer/lsp/document.h"
#include "analyzer/lsp/server.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"
#include "rules/registry.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A synthetic module of functions in the style of data code, some with findings.
std::string generate(uint32_t lines) {
  std::string out = "import numpy as np\nimport pandas as pd\n\nROWS = 10_000_000\n\n";
  uint32_t count = 5;
  for (uint32_t i = 0; count < lines; ++i, count += 10) {
    out += "\ndef step_" + std::to_string(i) + "(path, n):\n";
    out += "    frame = pd.read_csv(path)\n";
    out += "    values = frame.to_numpy()\n";
    out += "    x = np.zeros(ROWS, dtype=np.float32)\n";
    // One function in 20 has a finding (MEM302): a file under edit is mostly clean.
    out += i % 20 == 0 ? "    x = x.astype(np.float32)\n" : "    x[0] = 1.0\n";
    out += "    total = 0\n";
    out += "    for k in range(n):\n";
    out += "        total += values[k].sum() * " + std::to_string(i % 7 + 1) + "\n";
    out += "    return x, total\n";
  }
  return out;
}

double thread_cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Wall and CPU time of each run: CPU time barely moves when other processes share the cores.
struct Samples {
  std::vector<double> wall, cpu;
  template <typename F>
  void time(F&& f) {
    double c0 = thread_cpu_ms();
    auto t0 = Clock::now();
    f();
    wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    cpu.push_back(thread_cpu_ms() - c0);
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Re-lint time after a one-line edit: incremental versus full"};
  int runs = 21;
  uint32_t lines = 5000;
  std::string file;
  app.add_option("--runs", runs, "Runs of each measurement (the median is reported)")->check(CLI::PositiveNumber);
  app.add_option("--lines", lines, "Lines of the generated file");
  app.add_option("--file", file, "Lint this file instead of a generated one");
  CLI11_PARSE(app, argc, argv);

  std::string text;
  if (!file.empty()) {
    std::string error;
    auto bytes = pml::read_file(file, &error);
    if (!bytes) {
      std::fprintf(stderr, "error: %s: %s\n", file.c_str(), error.c_str());
      return 2;
    }
    auto decoded = pml::decode_source(std::move(*bytes));
    if (!decoded.source) {
      std::fprintf(stderr, "error: %s: %s\n", file.c_str(), decoded.error->reason.c_str());
      return 2;
    }
    text = decoded.source->text;
  } else {
    text = generate(lines);
  }
  pml::LineIndex index(text);
  // The edited line: the middle one; the edit appends a character to it and removes it again.
  uint32_t row = index.line_count() / 2;
  while (row + 1 < index.line_count() && index.line_text(row).empty()) ++row;
  uint32_t column = static_cast<uint32_t>(index.line_text(row).size());
  std::string edited = text;
  edited.insert(index.line_end(row), " ");

  const std::string uri = "untitled:bench.py";
  pml::lsp::Server server(std::filesystem::current_path());
  server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"capabilities", {{"general", {{"positionEncodings", {"utf-8"}}}}}}}}});
  server.handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}}}});
  auto change = [&](int version, json change) {
    return json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                {"params", {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", {change}}}}}.dump();
  };
  auto position = [](uint32_t line, uint32_t character) { return json{{"line", line}, {"character", character}}; };
  // Bodies prepared up front: the timing covers what the server does with a frame's bytes.
  const std::string insert = change(2, {{"range", {{"start", position(row, column)}, {"end", position(row, column)}}}, {"text", " "}});
  const std::string remove = change(3, {{"range", {{"start", position(row, column)}, {"end", position(row, column + 1)}}}, {"text", ""}});
  const std::string full_edited = change(2, {{"text", edited}});
  const std::string full_original = change(3, {{"text", text}});

  size_t findings = server.document(uri)->result().diagnostics.size();
  Samples incremental, full, parse_full, parse_incremental, lint_full;
  pml::Settings settings{pml::default_rules()};
  pml::Parser parser;
  for (int i = 0; i < runs; ++i) {
    // Server: one-line edit sent incrementally, then undone (both timed).
    incremental.time([&] { server.handle_body(insert); });
    incremental.time([&] { server.handle_body(remove); });
    // Server: the same edit sent as the whole text.
    full.time([&] { server.handle_body(full_edited); });
    full.time([&] { server.handle_body(full_original); });
    // The engine alone: parse and lint, no JSON.
    lint_full.time([&] { pml::lint(text, "\n", settings, parser); });
    // Parse alone.
    pml::Tree tree;
    parse_full.time([&] { tree = parser.parse(text); });
    // tree-sitter counts rows by '\n' and columns in bytes.
    uint32_t at = index.line_end(row);
    TSPoint p{static_cast<uint32_t>(std::count(text.begin(), text.begin() + at, '\n')), column};
    TSInputEdit e{at, at, at + 1, p, p, {p.row, p.column + 1}};
    ts_tree_edit(tree.get(), &e);
    pml::Tree reparsed;
    parse_incremental.time([&] { reparsed = parser.parse(edited, tree.get()); });
  }
  if (server.document(uri)->text() != text) {
    std::fprintf(stderr, "error: the document drifted from the original text\n");
    return 1;
  }

  std::printf("file: %s, %u lines, %zu bytes, %zu findings; edit on line %u; %d runs\n",
              file.empty() ? "generated" : file.c_str(), index.line_count(), text.size(), findings, row + 1, runs);
  std::printf("%-44s %14s %13s\n", "", "median wall ms", "median CPU ms");
  auto row_of = [](const char* name, const Samples& s) {
    std::printf("%-44s %14.2f %13.2f\n", name, median(s.wall), median(s.cpu));
  };
  row_of("server didChange, incremental (edited tree)", incremental);
  row_of("server didChange, full text (fresh parse)", full);
  row_of("pml::lint() alone, fresh parse", lint_full);
  row_of("tree-sitter parse, incremental", parse_incremental);
  row_of("tree-sitter parse, full", parse_full);
  std::printf("incremental / full (CPU): %.2f for the server, %.3f for the parse alone\n",
              median(incremental.cpu) / median(full.cpu), median(parse_incremental.cpu) / median(parse_full.cpu));
  return 0;
}
