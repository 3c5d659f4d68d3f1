#include "krm/yaml_error.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(YamlErrorFinding, RuleMessageAndLine) {
  struct Case {
    const char* name;
    DocParseError error;
    int first_line;
    const char* rule;
    const char* message;
    int line;
  };
  const Case cases[] = {
      {"syntax", {.rule = "yaml-parse", .message = "did not find expected key", .line = 3, .column = 1}, 1,
       "yaml-parse", "malformed YAML: did not find expected key", 3},
      {"no rule is syntax", {.rule = "", .message = "x", .line = 2}, 1, "yaml-parse", "malformed YAML: x", 2},
      {"offset", {.rule = "yaml-parse", .message = "x", .line = 2}, 10, "yaml-parse", "malformed YAML: x", 11},
      {"limit keeps its rule and message", {.rule = "limit-depth", .message = "nesting deeper than 3 levels", .line = 5,
       .too_deep = true}, 1, "limit-depth", "nesting deeper than 3 levels", 5},
      {"duplicate key", {.rule = "yaml-duplicate-key", .message = "duplicate key \"a\"", .line = 4}, 2,
       "yaml-duplicate-key", "duplicate key \"a\"", 5},
      {"lines unknown", {.rule = "yaml-parse", .message = "x", .line = 4}, 0, "yaml-parse", "malformed YAML: x", 0},
      {"error without a line", {.rule = "yaml-parse", .message = "x", .line = 0}, 7, "yaml-parse", "malformed YAML: x", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Finding f = yaml_error_finding(c.error, "cfg.yaml", c.first_line);
    EXPECT_EQ(f.rule, c.rule);
    EXPECT_EQ(f.message, c.message);
    EXPECT_EQ(f.line, c.line);
    EXPECT_EQ(f.file, "cfg.yaml");
    EXPECT_EQ(f.severity, Severity::kError);
  }
}

// From a real parse: the reader's 1-based line lands on the file's line.
TEST(YamlErrorFinding, FromTheReader) {
  Doc d;
  DocParseError e;
  ASSERT_FALSE(parse_doc("a: 1\nb: [2\n", d, e));
  Finding f = yaml_error_finding(e, "x.yaml");
  EXPECT_EQ(f.rule, "yaml-parse");
  EXPECT_EQ(f.message.rfind("malformed YAML: ", 0), 0u) << f.message;
  EXPECT_EQ(f.line, e.line);
  Finding shifted = yaml_error_finding(e, "x.yaml", 20);
  EXPECT_EQ(shifted.line, e.line + 19);

  ASSERT_FALSE(parse_doc("a: 1\na: 2\n", d, e));
  Finding dup = yaml_error_finding(e, "x.yaml");
  EXPECT_EQ(dup.rule, "yaml-duplicate-key");
  EXPECT_EQ(dup.line, 2);
}

}  // namespace
}  // namespace vg
