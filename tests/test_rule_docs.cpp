// Every rule carries the documentation `pymemlint rule CODE` prints, with every section.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "analyzer/checker.h"
#include "analyzer/values.h"
#include "rules/multiprocessing/parallelism.h"
#include "rules/registry.h"

namespace pml {
namespace {

TEST(RuleDocs, EverySectionIsPresent) {
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule->info();
    SCOPED_TRACE(std::string(i.code));
    EXPECT_FALSE(i.summary.empty());
    EXPECT_FALSE(i.doc.what_it_does.empty());
    EXPECT_FALSE(i.doc.why_bad.empty());
    EXPECT_FALSE(i.doc.example.empty());
    EXPECT_FALSE(i.doc.use_instead.empty());
    EXPECT_FALSE(i.doc.fix_safety.empty());
    EXPECT_FALSE(i.doc.options.empty());
    EXPECT_FALSE(i.doc.references.empty());
  }
}

TEST(RuleDocs, CodesAreUniqueSortedAndNamesKebabCase) {
  std::set<std::string_view> names;
  std::string_view previous;
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule->info();
    // MEM: memory rules, by family; PML: rules about pymemlint's own comments.
    EXPECT_TRUE(std::regex_match(std::string(i.code), std::regex("MEM[1-7][0-9]{2}|PML[0-9]{3}"))) << i.code;
    EXPECT_TRUE(std::regex_match(std::string(i.name), std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << i.name;
    EXPECT_LT(previous, i.code) << "registry must be ordered by code";
    EXPECT_TRUE(names.insert(i.name).second) << "duplicate name " << i.name;
    // PML100 is found by the checker after noqa filtering, on no node.
    if (i.code != "PML100") {
      EXPECT_FALSE(rule->kinds().empty()) << i.code << " subscribes to nothing";
    }
    previous = i.code;
  }
  EXPECT_LE(all_rules().size(), kMaxRules);
}

TEST(Selection, PrefixesCodesAndAll) {
  ASSERT_TRUE(rules_matching("MEM3"));
  size_t mem3 = 0;
  for (const auto& rule : all_rules()) mem3 += rule->info().code.substr(0, 4) == "MEM3";
  EXPECT_GE(mem3, 2u);
  EXPECT_EQ(rules_matching("MEM3")->count(), mem3);
  EXPECT_EQ(rules_matching("MEM301")->count(), 1u);
  EXPECT_EQ(rules_matching("ALL")->count(), all_rules().size());
  EXPECT_FALSE(rules_matching("MEM9"));
  EXPECT_FALSE(rules_matching("XYZ"));
}

// What `pymemlint rule CODE` shows is true of the rule: its Example is reported (with every rule
// on, as a user trying it with `--select ALL` would), and its "Use instead" is not.
TEST(RuleDocs, TheExampleIsReportedAndTheAlternativeIsNot) {
  Settings settings;
  settings.enabled = rules_matching("ALL").value();
  Parser parser;
  auto codes_in = [&](std::string_view code) {
    LintResult r = lint(code, "\n", settings, parser);
    EXPECT_FALSE(r.syntax_error) << code;
    std::set<std::string> codes;
    for (const Diagnostic& d : r.diagnostics) codes.insert(d.code);
    return codes;
  };
  for (const auto& rule : all_rules()) {
    const RuleInfo& i = rule->info();
    SCOPED_TRACE(std::string(i.code));
    EXPECT_EQ(codes_in(i.doc.example).count(std::string(i.code)), 1u) << i.doc.example;
    EXPECT_EQ(codes_in(i.doc.use_instead).count(std::string(i.code)), 0u) << i.doc.use_instead;
  }
}

// A rule with needs_text() runs only on files holding one of its words: each word list must cover
// every way its values arise. The MEM5xx rules are about pools, executors, managers and joblib, so
// every such producer is named under one of their words.
TEST(RuleTextGate, EveryParallelProducerIsNamedByAGateWord) {
  auto gated = [](std::string_view qualified) {
    for (std::string_view w : mp::kParallelModules)
      if (qualified.substr(0, w.size()) == w) return true;
    return false;
  };
  int parallel = 0;
  for (const Producer& p : all_producers()) {
    bool is_parallel = p.kind == ValueKind::Pool || p.kind == ValueKind::Executor || p.kind == ValueKind::Manager ||
                       p.kind == ValueKind::Proxy || p.qualified.substr(0, 7) == "joblib." ||
                       p.qualified.substr(0, 16) == "multiprocessing.";
    if (!is_parallel) continue;
    ++parallel;
    EXPECT_TRUE(gated(p.qualified)) << p.qualified;
  }
  EXPECT_GT(parallel, 10);
}

// The example each gated rule documents (code it reports) holds one of its words.
TEST(RuleTextGate, EveryGatedRuleExampleHoldsAGateWord) {
  int gated = 0;
  for (const auto& rule : all_rules()) {
    auto words = rule->needs_text();
    if (words.empty()) continue;
    ++gated;
    std::string_view example = rule->info().doc.example;
    bool found = false;
    for (std::string_view w : words) found = found || example.find(w) != example.npos;
    EXPECT_TRUE(found) << rule->info().code;
  }
  EXPECT_EQ(gated, 4);
}

}  // namespace
}  // namespace pml
