// The registry's own rules (tests/rule_registry_test.cc checks it against the code and the docs):
// lookups, group names, which groups can be disabled, and the disabled-rule checks.
#include "volsync/rule_registry.h"

#include <gtest/gtest.h>

#include <string>

namespace vg {
namespace {

TEST(RuleRegistryTable, FindRule) {
  const RuleInfo* r = find_rule("retain-missing");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->id, "retain-missing");
  EXPECT_EQ(r->severity, Severity::kWarning);
  EXPECT_EQ(r->group, RuleGroup::kRuntime);
  EXPECT_TRUE(r->can_disable);
  for (const char* unknown : {"", "Retain-Missing", "retain-missing ", "retain"}) EXPECT_EQ(find_rule(unknown), nullptr) << unknown;
  // Every entry is found as itself (no id shadows another).
  for (const auto& info : rule_registry()) EXPECT_EQ(find_rule(info.id), &info) << info.id;
}

TEST(RuleRegistryTable, GroupNames) {
  const std::pair<RuleGroup, const char*> names[] = {
      {RuleGroup::kInput, "input"},           {RuleGroup::kSchema, "schema"}, {RuleGroup::kRuntime, "runtime"},
      {RuleGroup::kCrossObject, "cross-object"}, {RuleGroup::kConfig, "config"}, {RuleGroup::kFunction, "function"},
      {RuleGroup::kRender, "render"}};
  for (const auto& [g, name] : names) EXPECT_STREQ(rule_group_name(g), name);
}

// Grouped in RuleGroup's order, each group non-empty.
TEST(RuleRegistryTable, GroupedInOrder) {
  int last = -1;
  std::vector<int> count(7, 0);
  for (const auto& r : rule_registry()) {
    const int g = static_cast<int>(r.group);
    EXPECT_GE(g, last) << r.id << " is out of its group";
    last = g;
    ++count.at(static_cast<std::size_t>(g));
  }
  for (std::size_t g = 0; g < count.size(); ++g)
    EXPECT_GT(count[g], 0) << rule_group_name(static_cast<RuleGroup>(g));
}

// What can be disabled follows the groups: runtime and cross-object judgements always; the input,
// the config and render never; schema errors and the function's objects never.
TEST(RuleRegistryTable, WhatCanBeDisabled) {
  for (const auto& r : rule_registry()) {
    SCOPED_TRACE(std::string(r.id));
    switch (r.group) {
      case RuleGroup::kRuntime:
      case RuleGroup::kCrossObject: EXPECT_TRUE(r.can_disable); break;
      case RuleGroup::kInput:
      case RuleGroup::kConfig:
      case RuleGroup::kRender: EXPECT_FALSE(r.can_disable); break;
      case RuleGroup::kSchema: EXPECT_EQ(r.can_disable, r.severity != Severity::kError); break;
      case RuleGroup::kFunction:
        if (r.id.rfind("generated-", 0) == 0) {
          EXPECT_FALSE(r.can_disable);
        }
        break;
    }
  }
}

TEST(RuleRegistryTable, RuleDisabled) {
  struct Case {
    const char* id;
    std::vector<std::string> disabled;
    bool dropped;
  };
  const Case cases[] = {
      {"retain-missing", {"retain-missing"}, true},
      {"retain-missing", {"cache-small", "retain-missing"}, true},
      {"retain-missing", {}, false},
      {"retain-missing", {"cache-small"}, false},
      {"schema", {"schema"}, false},          // cannot be disabled
      {"config", {"config"}, false},          // cannot be disabled
      {"no-such-rule", {"no-such-rule"}, false},  // unknown: never dropped
      {"Retain-Missing", {"Retain-Missing"}, false},
  };
  for (const auto& c : cases) EXPECT_EQ(rule_disabled(c.id, c.disabled), c.dropped) << c.id;
}

TEST(RuleRegistryTable, CheckDisabledRulesReportsEachBadIdInOrder) {
  const Finding where{.severity = Severity::kWarning,
                      .rule = "something",
                      .message = "replaced",
                      .resource = {"v1", "ConfigMap", "cfg", "ns"},
                      .field = "data.disabledRules",
                      .file = "cfg.yaml",
                      .line = 4,
                      .hint = "replaced"};
  Findings out;
  check_disabled_rules({}, where, out);
  EXPECT_TRUE(out.empty());
  check_disabled_rules({"mover-count", "yaml-parse", "mover-cont", "generated-clash"}, where, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].message, "rule \"yaml-parse\" cannot be disabled: the input could not be read as it is");
  EXPECT_EQ(out[0].hint, "fix what it reports instead");
  EXPECT_EQ(out[1].message, "no rule \"mover-cont\"; did you mean mover-count?");
  EXPECT_EQ(out[1].hint, "lint --list-rules prints every rule id");
  EXPECT_EQ(out[2].message, "rule \"generated-clash\" cannot be disabled: the function would emit wrong objects");
  for (const auto& f : out) {
    EXPECT_EQ(f.severity, Severity::kError);
    EXPECT_EQ(f.rule, "config");
    EXPECT_EQ(f.resource.name, "cfg");
    EXPECT_EQ(f.field, "data.disabledRules");
    EXPECT_EQ(f.file, "cfg.yaml");
    EXPECT_EQ(f.line, 4);
  }
  // "did you mean" suggests only rules that can be disabled.
  out.clear();
  check_disabled_rules({"schemaa"}, where, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].message.find("did you mean schema?"), std::string::npos) << out[0].message;
}

TEST(RuleRegistryTable, DropDisabledKeepsOrderAndUnknownRules) {
  Findings f = {Finding{.rule = "mover-count", .message = "1"}, Finding{.rule = "mystery", .message = "2"},
                Finding{.rule = "mover-count", .message = "3"}, Finding{.rule = "retain-missing", .message = "4"}};
  drop_disabled(f, {"mover-count", "mystery"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].message, "2");
  EXPECT_EQ(f[1].message, "4");
}

}  // namespace
}  // namespace vg
