// pymemlint-parse-only: the baseline of the speed benchmark. It does the work of `pymemlint check`
// minus the rules: find the Python files with pml::discover (default configuration), then on a pool
// of threads run as pml::run_files runs it (one tree-sitter parser each, pulling file indices from a
// shared counter) read each file with pml::read_file, decode it, parse it, look for the first
// syntax error in the tree as the checker does (pml::first_syntax_error; the layout errors the
// checker finds during its walk, pml::LayoutChecker, are part of the check's cost), and drop the
// tree. It prints nothing, except with --stats one line of totals; a path that does not exist is
// reported on stderr and makes the exit status 2, as in the check.
//
// --walk adds, for each tree without a syntax error, what the checker reads of the tree before its
// analysis: the node table (pml::NodeTable, every named node through libtree-sitter's node API)
// and the walk over it (pml::walk_tree) visiting nothing, with no semantic model and no rule.
//
//   pymemlint-parse-only [--threads N] [--stats] [--walk] PATH...

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/discovery.h"
#include "analyzer/fsutil.h"
#include "analyzer/notebook.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace fs = std::filesystem;

namespace {

struct Totals {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t unreadable = 0;     // could not be read or decoded (the check reports E902)
  uint64_t syntax_errors = 0;  // parsed with an error (the check reports E999 and runs no rules)
  uint64_t named_nodes = 0;    // visited with --walk

  Totals& operator+=(const Totals& o) {
    files += o.files;
    bytes += o.bytes;
    unreadable += o.unreadable;
    syntax_errors += o.syntax_errors;
    named_nodes += o.named_nodes;
    return *this;
  }
};

// The named nodes the checker's walk visits in the tree, after building its node table.
uint64_t walk_named_nodes(const TSTree* tree, std::string_view text) {
  uint64_t visited = 0;
  pml::NodeTable table(tree);
  pml::walk_tree(
      table, text, [&](TSNode, pml::Kind, uint32_t, uint32_t) { ++visited; }, [](uint32_t) {});
  return visited;
}

// Drops the tree; with --walk, first visits its named nodes when it parsed cleanly (the checker
// runs no rule on a tree with a syntax error).
void finish_tree(const pml::Tree& tree, std::string_view text, bool walk, Totals& totals) {
  if (!tree || pml::first_syntax_error(tree.get(), text)) {
    ++totals.syntax_errors;
    return;
  }
  if (walk) totals.named_nodes += walk_named_nodes(tree.get(), text);
}

void parse_one(const pml::FileTask& task, pml::Parser& parser, bool walk, Totals& totals) {
  ++totals.files;
  std::optional<std::string> bytes = task.is_stdin ? pml::read_stdin() : pml::read_file(task.path, nullptr);
  if (!bytes) {
    ++totals.unreadable;
    return;
  }
  totals.bytes += bytes->size();
  if (pml::is_notebook_path(task.path.string())) {
    // A notebook, as the check reads one: its code cells joined into one text, magics masked.
    std::optional<pml::Notebook> notebook = pml::parse_notebook(*bytes, nullptr);
    if (!notebook) {
      ++totals.unreadable;
      return;
    }
    if (!notebook->is_python) return;
    std::string text = pml::concatenate_cells(notebook->sources, notebook->cell_numbers()).text;
    finish_tree(parser.parse(text), text, walk, totals);
    return;
  }
  pml::DecodeResult decoded = pml::decode_source(std::move(*bytes));
  if (!decoded.source) {
    ++totals.unreadable;
    return;
  }
  const std::string& text = decoded.source->text;
  finish_tree(parser.parse(text), text, walk, totals);
}

// Mirrors pml::run_files: each worker makes its own parser and pulls indices from a shared counter;
// a single worker runs on the calling thread.
Totals run(const std::vector<pml::FileTask>& files, unsigned threads, bool walk) {
  std::atomic<size_t> next{0};
  std::vector<Totals> totals(threads);
  std::vector<std::exception_ptr> failures(threads);
  auto worker = [&](unsigned t) {
    try {
      pml::Parser parser;
      Totals mine;
      for (size_t i; (i = next.fetch_add(1)) < files.size();) parse_one(files[i], parser, walk, mine);
      totals[t] = mine;
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  if (threads <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
  }
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);

  Totals sum;
  for (const auto& t : totals) sum += t;
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Parse Python files as `pymemlint check` does, without running any rule (benchmark baseline)",
               "pymemlint-parse-only"};
  std::vector<std::string> paths;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool stats = false;
  app.add_option("paths", paths, "Files or directories (walked for *.py as the check walks them)")->required();
  app.add_option("--threads", threads, "Worker threads, each with its own parser")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  bool walk = false;
  app.add_flag("--stats", stats, "Print one line: files, bytes, unreadable, syntax_errors, named_nodes");
  app.add_flag("--walk", walk, "Also walk each clean tree as the checker does, visiting nothing");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is a success; usage errors exit 2 like other errors
  }

  try {
    std::string error;
    auto resolver = pml::ConfigResolver::create({}, &error);
    if (!resolver) throw std::runtime_error(error);
    std::vector<fs::path> roots(paths.begin(), paths.end());
    pml::DiscoveryResult found = pml::discover(roots, *resolver);
    bool missing_path = false;
    Totals totals;
    for (const auto& problem : found.problems) {
      if (problem.kind == pml::ProblemKind::NotFound) {
        std::fprintf(stderr, "pymemlint-parse-only: %s: %s\n", problem.display_path.c_str(),
                     problem.reason.c_str());
        missing_path = true;
      } else {
        ++totals.unreadable;  // the check reports E902, or skips the files of an invalid configuration
      }
    }
    threads = static_cast<unsigned>(std::clamp<size_t>(found.files.size(), 1, threads));
    totals += run(found.files, threads, walk);
    if (stats)
      std::printf("files=%llu bytes=%llu unreadable=%llu syntax_errors=%llu named_nodes=%llu\n",
                  static_cast<unsigned long long>(totals.files), static_cast<unsigned long long>(totals.bytes),
                  static_cast<unsigned long long>(totals.unreadable),
                  static_cast<unsigned long long>(totals.syntax_errors),
                  static_cast<unsigned long long>(totals.named_nodes));
    if (missing_path) return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pymemlint-parse-only: %s\n", e.what());
    return 2;
  }
  return 0;
}
