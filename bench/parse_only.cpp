// pymemlint-parse-only: the baseline of the speed benchmark. It does the work of `pymemlint check`
// minus the rules: find the Python files, then on a pool of threads (one tree-sitter parser each,
// pulling file indices from a shared counter) read each file with pml::read_file, decode it, parse
// it, look for the first syntax error as the checker does, and drop the tree. It prints nothing,
// except with --stats one line of totals.
//
//   pymemlint-parse-only [--threads N] [--stats] PATH...

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "analyzer/fsutil.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace fs = std::filesystem;

namespace {

// Files named on the command line are taken whatever their extension; directories are walked for
// regular files ending in ".py" (directory symlinks are not followed). Sorted, without duplicates.
std::vector<fs::path> collect(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const auto& arg : args) {
    fs::path root(arg);
    std::error_code ec;
    auto status = fs::status(root, ec);
    if (ec) throw std::runtime_error(arg + ": " + ec.message());
    if (!fs::is_directory(status)) {
      files.push_back(root.lexically_normal());
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw std::runtime_error(arg + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) throw std::runtime_error(arg + ": " + ec.message());
      const fs::path& p = it->path();
      if (p.extension() == ".py" && it->is_regular_file(ec)) files.push_back(p.lexically_normal());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

struct Totals {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t unreadable = 0;     // could not be read or decoded (the check reports E902)
  uint64_t syntax_errors = 0;  // parsed with an error (the check reports E999 and runs no rules)

  Totals& operator+=(const Totals& o) {
    files += o.files;
    bytes += o.bytes;
    unreadable += o.unreadable;
    syntax_errors += o.syntax_errors;
    return *this;
  }
};

void parse_one(const fs::path& path, pml::Parser& parser, Totals& totals) {
  ++totals.files;
  std::optional<std::string> bytes = pml::read_file(path, nullptr);
  if (!bytes) {
    ++totals.unreadable;
    return;
  }
  totals.bytes += bytes->size();
  pml::DecodeResult decoded = pml::decode_source(std::move(*bytes));
  if (!decoded.source) {
    ++totals.unreadable;
    return;
  }
  const std::string& text = decoded.source->text;
  pml::Tree tree = parser.parse(text);
  if (!tree || pml::first_syntax_error(tree.get(), text)) ++totals.syntax_errors;
}

Totals run(const std::vector<fs::path>& files, unsigned threads) {
  // Parsers are made here so that a grammar failure is reported once, before any thread starts.
  std::vector<std::unique_ptr<pml::Parser>> parsers;
  for (unsigned i = 0; i < threads; ++i) parsers.push_back(std::make_unique<pml::Parser>());

  std::atomic<size_t> next{0};
  std::vector<Totals> totals(threads);
  std::vector<std::exception_ptr> failures(threads);
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < files.size();)
          parse_one(files[i], *parsers[t], totals[t]);
      } catch (...) {
        failures[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
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
  app.add_option("paths", paths, "Files or directories (walked for *.py)")->required();
  app.add_option("--threads", threads, "Worker threads, each with its own parser")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app.add_flag("--stats", stats, "Print one line: files, bytes, unreadable, syntax_errors");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is a success; usage errors exit 2 like other errors
  }

  try {
    std::vector<fs::path> files = collect(paths);
    threads = static_cast<unsigned>(std::clamp<size_t>(files.size(), 1, threads));
    Totals totals = run(files, threads);
    if (stats)
      std::printf("files=%llu bytes=%llu unreadable=%llu syntax_errors=%llu\n",
                  static_cast<unsigned long long>(totals.files), static_cast<unsigned long long>(totals.bytes),
                  static_cast<unsigned long long>(totals.unreadable),
                  static_cast<unsigned long long>(totals.syntax_errors));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pymemlint-parse-only: %s\n", e.what());
    return 2;
  }
  return 0;
}
