#include "krm/finding.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(Finding, TextNamesFileLineSeverityRuleResourceFieldAndHint) {
  struct Case {
    Finding f{};
    const char* text;
  } cases[] = {
      {{.rule = "schema", .message = "bad", .resource = {"v1", "Secret", "s", "ns"}, .field = "data.x",
        .file = "a.yaml", .line = 3, .hint = "fix it"},
       "a.yaml:3: error schema Secret ns/s: bad (field data.x); hint: fix it"},
      {{.severity = Severity::kWarning, .rule = "cache-small", .message = "m", .file = "a.yaml"},
       "a.yaml: warning cache-small: m"},
      {{.severity = Severity::kInfo, .rule = "r", .message = "m", .line = 7}, "<stdin>:7: info r: m"},
      {{.rule = "r", .message = "m", .resource = {"", "", "n", ""}}, "error r object n: m"},
      {{.rule = "r", .message = "m", .resource = {"", "PVC", "", "ns"}}, "error r PVC ns/<unnamed>: m"},
      // One finding, one line, whatever a quoted value holds.
      {{.rule = "r", .message = "a\nb\rc"}, "error r: a\\nb\\rc"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.f.to_text(), c.text);
}

TEST(Finding, DedupeKeepsTheFirstOfEqualTexts) {
  Findings f{{.rule = "a", .message = "x"}, {.rule = "b", .message = "x"}, {.rule = "a", .message = "x", .hint = ""},
             {.severity = Severity::kWarning, .rule = "a", .message = "x"}};
  dedupe(f);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].rule, "a");
  EXPECT_EQ(f[1].rule, "b");
  EXPECT_EQ(f[2].severity, Severity::kWarning);
}

TEST(Finding, HasErrorsOnlyForErrors) {
  EXPECT_FALSE(has_errors({}));
  EXPECT_FALSE(has_errors({{.severity = Severity::kWarning}, {.severity = Severity::kInfo}}));
  EXPECT_TRUE(has_errors({{.severity = Severity::kInfo}, {.severity = Severity::kError}}));
}

}  // namespace
}  // namespace vg
