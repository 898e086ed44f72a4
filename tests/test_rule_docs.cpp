// Every rule carries the documentation `pymemlint rule CODE` prints, with every section.
#include <gtest/gtest.h>

#include <regex>
#include <set>

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
    EXPECT_TRUE(std::regex_match(std::string(i.code), std::regex("MEM[1-7][0-9]{2}"))) << i.code;
    EXPECT_TRUE(std::regex_match(std::string(i.name), std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << i.name;
    EXPECT_LT(previous, i.code) << "registry must be ordered by code";
    EXPECT_TRUE(names.insert(i.name).second) << "duplicate name " << i.name;
    EXPECT_FALSE(rule->kinds().empty()) << i.code << " subscribes to nothing";
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

}  // namespace
}  // namespace pml
