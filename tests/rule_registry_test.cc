// The rule registry (volsync/rule_registry.h) is the whole list: every rule id the code reports is
// in it, docs/lint.md lists exactly its ids, and rules.disabled / --disable are checked against it.
#include "volsync/rule_registry.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace vg {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Source text with // and /* */ comments blanked, string and raw string literals kept, so ids in
// comments ("e.g. yaml-parse") do not count.
std::string strip_comments(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "//") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      const std::size_t end = s.find("*/", i + 2);
      i = end == std::string::npos ? s.size() : end + 2;
    } else if (s.compare(i, 2, "R\"") == 0) {
      const std::size_t open = s.find('(', i);
      const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = s.find(close, open);
      const std::size_t stop = end == std::string::npos ? s.size() : end + close.size();
      out.append(s, i, stop - i);
      i = stop;
    } else if (s[i] == '"' || s[i] == '\'') {
      const char q = s[i];
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != q && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      out.append(s, i, j + 1 - i);
      i = j + 1;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// The top-level arguments of a call whose "(" is at `open`.
std::vector<std::string> call_args(const std::string& s, std::size_t open) {
  std::vector<std::string> args(1);
  int depth = 0;
  for (std::size_t i = open + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {  // a literal: copied whole, so its brackets and commas do not count
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
      args.back().append(s, i, j + 1 - i);
      i = j;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') {
      if (depth == 0) break;
      --depth;
    }
    if (c == ',' && depth == 0) args.emplace_back();
    else args.back() += c;
  }
  return args;
}

constexpr const char* kId = R"re("([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")re";

// Where code names a rule: assignments and comparisons, Finding aggregates, rule constants...
const std::vector<std::string>& direct_patterns() {
  static const std::vector<std::string> p = {
      std::string(R"(\brule\s*(?:=|==|!=)\s*)") + kId,
      std::string(R"(\brule\s*=\s*[^;]*?\?\s*)") + kId + R"(\s*:\s*)" + kId,
      std::string(R"(\{\s*Severity::k\w+\s*,\s*)") + kId,
      std::string(kId) + R"(\s*,\s*Severity::k\w+)",
      std::string(R"(\bk\w*Rule\w*\s*=\s*)") + kId,
  };
  return p;
}

// ...and the helpers that take a rule id as an argument (which one, counted from 0).
struct Helper {
  const char* name;
  std::vector<std::size_t> rule_args;
};
const Helper kHelpers[] = {
    {"object_finding", {1}}, {"pvc_finding", {1}}, {"secret_finding", {1}},
    {"fail", {0}},         // scan.cc
    {"error", {0}},        // render.cc
    {"report", {0, 1, 4}}, // rules.cc, lint.cc, schema.cc
    {"report_", {1}},      // lint_cross.cc
};

// An argument that is an id literal, or a choice between two.
void ids_in_arg(const std::string& arg, std::set<std::string>& out) {
  static const RE2 whole(std::string(R"(^\s*)") + kId + R"(\s*$)");
  static const RE2 choice(std::string(R"(^[^"]*\?\s*)") + kId + R"(\s*:\s*)" + kId + R"(\s*$)");
  std::string a, b;
  if (RE2::FullMatch(arg, whole, &a)) out.insert(a);
  else if (RE2::FullMatch(arg, choice, &a, &b)) out.insert({a, b});
}

// Rule id -> the files that report it.
std::map<std::string, std::set<std::string>> reported_ids() {
  std::map<std::string, std::set<std::string>> ids;
  std::vector<std::unique_ptr<RE2>> direct;
  for (const auto& p : direct_patterns()) {
    direct.push_back(std::make_unique<RE2>(p));
    EXPECT_TRUE(direct.back()->ok()) << p;
  }
  const RE2 call(R"(\b(object_finding|pvc_finding|secret_finding|fail|error|report_?)\()");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(VG_SOURCE_DIR) / "generator")) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.ends_with("_test.cc") ||
        !(name.ends_with(".cc") || name.ends_with(".h")))
      continue;
    const std::string text = strip_comments(slurp(e.path()));
    std::set<std::string> found;
    for (const auto& re : direct) {
      re2::StringPiece in(text);
      std::string a, b;
      if (re->NumberOfCapturingGroups() == 2) {
        while (RE2::FindAndConsume(&in, *re, &a, &b)) found.insert({a, b});
      } else {
        while (RE2::FindAndConsume(&in, *re, &a)) found.insert(a);
      }
    }
    re2::StringPiece in(text);
    std::string helper;
    while (RE2::FindAndConsume(&in, call, &helper)) {
      const std::size_t open = static_cast<std::size_t>(in.data() - text.data()) - 1;
      const auto args = call_args(text, open);
      for (const auto& h : kHelpers)
        if (helper == h.name)
          for (std::size_t k : h.rule_args)
            if (k < args.size()) ids_in_arg(args[k], found);
    }
    for (const auto& id : found) ids[id].insert(name);
  }
  return ids;
}

TEST(RuleRegistry, EveryReportedIdIsRegistered) {
  const auto ids = reported_ids();
  // The scan must see each way code names a rule, or it would pass by finding nothing.
  const std::map<std::string, std::string> seen_through = {
      {"not-a-resource-list", "rule ="},       {"limit-depth", "a ? : choice"},
      {"privileged-movers", "{Severity, id}"}, {"schema-null-pruned", "id, Severity"},
      {"argocd-sync-wave", "a k...Rule constant"}, {"cache-small", "pvc_finding"},
      {"yaml-alias-cycle", "fail"},            {"render-output", "error"},
      {"mover-count", "report(id, ...)"},      {"populator-apigroup", "report_(o, id, ...)"},
      {"source-secret", "secret_finding"},     {"generated-clash", "object_finding"},
  };
  for (const auto& [id, how] : seen_through) EXPECT_TRUE(ids.count(id)) << "the scan misses " << how;
  for (const auto& [id, files] : ids) {
    std::string where;
    for (const auto& f : files) where += " " + f;
    EXPECT_NE(find_rule(id), nullptr) << "rule \"" << id << "\" is reported in" << where
                                      << " but is not in rule_registry.cc";
  }
}

TEST(RuleRegistry, IdsAreUniqueAndDescribed) {
  std::set<std::string_view> seen;
  for (const auto& r : rule_registry()) {
    EXPECT_TRUE(seen.insert(r.id).second) << r.id << " twice";
    EXPECT_FALSE(r.summary.empty()) << r.id;
    EXPECT_FALSE(r.hint.empty()) << r.id;
  }
}

TEST(RuleRegistry, DocsListExactlyTheRegistry) {
  // docs/lint.md's "## Rules" table: | `id` | severity | group | can be disabled | what | hint |
  const std::string doc = slurp(fs::path(VG_SOURCE_DIR) / "docs" / "lint.md");
  const std::size_t start = doc.find("\n## Rules\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("\n## ", start + 1);
  std::istringstream section(doc.substr(start, end - start));
  const RE2 row(R"(^\| `([^`]+)` \| (\w+) \| ([\w-]+) \| (yes|no) \|)");
  std::vector<std::string> documented;
  std::string line;
  std::size_t i = 0;
  while (std::getline(section, line)) {
    std::string id, severity, group, can;
    if (!RE2::PartialMatch(line, row, &id, &severity, &group, &can)) continue;
    documented.push_back(id);
    if (i < rule_registry().size()) {
      const RuleInfo& r = rule_registry()[i];
      EXPECT_EQ(id, r.id) << "docs/lint.md lists the rules in the registry's order";
      EXPECT_EQ(severity, severity_name(r.severity)) << id;
      EXPECT_EQ(group, rule_group_name(r.group)) << id;
      EXPECT_EQ(can, r.can_disable ? "yes" : "no") << id;
    }
    ++i;
  }
  std::vector<std::string> registry;
  for (const auto& r : rule_registry()) registry.emplace_back(r.id);
  EXPECT_EQ(documented, registry);
}

TEST(RuleRegistry, CheckDisabledRules) {
  const Finding where{.field = "spec.rules.disabled", .file = "config.yaml", .line = 7};
  Findings out;
  check_disabled_rules({"cache-small", "retain-missing", "repository-shared"}, where, out);
  EXPECT_TRUE(out.empty());

  struct Case {
    std::string id, message;
  };
  const Case cases[] = {
      {"cache-smal", "no rule \"cache-smal\"; did you mean cache-small?"},
      {"retian-missing", "no rule \"retian-missing\"; did you mean retain-missing?"},
      {"completely-unknown-thing", "no rule \"completely-unknown-thing\""},
      {"schema", "rule \"schema\" cannot be disabled: the API server would refuse or change the object"},
      {"yaml-parse", "rule \"yaml-parse\" cannot be disabled: the input could not be read as it is"},
      {"bootstrap", "rule \"bootstrap\" cannot be disabled: the configuration or a PVC is wrong, so the output "
                    "would be too"},
  };
  for (const auto& c : cases) {
    out.clear();
    check_disabled_rules({c.id}, where, out);
    ASSERT_EQ(out.size(), 1u) << c.id;
    EXPECT_EQ(out[0].message, c.message);
    EXPECT_EQ(out[0].severity, Severity::kError);
    EXPECT_EQ(out[0].rule, "config");
    EXPECT_EQ(out[0].file, "config.yaml");
    EXPECT_EQ(out[0].line, 7);
    EXPECT_EQ(out[0].field, "spec.rules.disabled");
  }
}

TEST(RuleRegistry, DropDisabled) {
  Findings f = {
      Finding{.severity = Severity::kWarning, .rule = "cache-small", .message = "a"},
      Finding{.severity = Severity::kError, .rule = "schema", .message = "b"},
      Finding{.severity = Severity::kWarning, .rule = "retain-missing", .message = "c"},
      Finding{.severity = Severity::kError, .rule = "repository-shared", .message = "d"},
  };
  // schema cannot be disabled: listed or not, it stays.
  drop_disabled(f, {"cache-small", "schema", "repository-shared"});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "schema");
  EXPECT_EQ(f[1].rule, "retain-missing");
  drop_disabled(f, {});
  EXPECT_EQ(f.size(), 2u);
}

}  // namespace
// Findings are built one way: designated initializers (Finding{.rule = ..., .message = ...}). A
// default-constructed Finding filled field by field, or a positional {Severity::k..., ...}, is not.
TEST(RuleRegistry, FindingsAreBuiltWithDesignatedInitializers) {
  const RE2 field_by_field(R"(\bFinding\s+\w+\s*;)");
  const RE2 positional(R"(\{\s*Severity::k\w+\s*,)");
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(VG_SOURCE_DIR) / "generator")) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || !(name.ends_with(".cc") || name.ends_with(".h"))) continue;
    const std::string text = strip_comments(slurp(e.path()));
    ++files;
    EXPECT_FALSE(RE2::PartialMatch(text, field_by_field)) << e.path() << ": a Finding filled field by field";
    EXPECT_FALSE(RE2::PartialMatch(text, positional)) << e.path() << ": a positional Finding";
  }
  EXPECT_GT(files, 50u);
}

}  // namespace vg
