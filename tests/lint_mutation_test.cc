// Mutation test: the ReplicationSources and ReplicationDestinations the function really generates
// (testdata/seed-cluster) lint clean; then every generated spec field is broken in turn (wrong type,
// unknown key next to it, bad enum) and lint must report exactly that field.
#include <gtest/gtest.h>

#include "support/doc_yaml.h"
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

#include "cli/function.h"
#include "cli/lint.h"

using namespace vg;

namespace {

using Step = std::variant<std::string, std::size_t>;
struct Leaf {
  std::vector<Step> steps;
  std::string path;  // schema.cc notation: spec.restic.accessModes[0]
  YAML::NodeType::value type;
};

void walk(const YAML::Node& n, std::vector<Step>& steps, const std::string& path, std::vector<Leaf>& out) {
  out.push_back({steps, path, n.Type()});
  if (n.IsMap()) {
    for (const auto& kv : n) {
      steps.emplace_back(kv.first.Scalar());
      walk(kv.second, steps, path + "." + kv.first.Scalar(), out);
      steps.pop_back();
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) {
      steps.emplace_back(i);
      walk(n[i], steps, path + "[" + std::to_string(i) + "]", out);
      steps.pop_back();
    }
  }
}

// Replaces the node at `steps` (below the object root) with `value`.
YAML::Node mutated(const YAML::Node& obj, const std::vector<Step>& steps, const YAML::Node& value) {
  YAML::Node copy = YAML::Clone(obj);
  YAML::Node parent = copy;
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    YAML::Node next = std::holds_alternative<std::string>(steps[i]) ? parent[std::get<std::string>(steps[i])]
                                                                     : parent[std::get<std::size_t>(steps[i])];
    parent.reset(next);
  }
  if (std::holds_alternative<std::string>(steps.back())) parent[std::get<std::string>(steps.back())] = value;
  else parent[std::get<std::size_t>(steps.back())] = value;
  return copy;
}

LintResult lint_node(const YAML::Node& obj) {
  LintResult r;
  lint_sources({{"mutated.yaml", YAML::Dump(obj) + "\n"}}, LintOptions{}, r);
  return r;
}

std::string dump(const LintResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += "  " + f.to_text() + "\n";
  return s;
}

bool reports(const LintResult& r, std::initializer_list<const char*> rules, const std::string& field) {
  for (const auto& f : r.findings)
    for (const char* rule : rules)
      if (f.rule == rule && f.field == field && f.severity == Severity::kError) return true;
  return false;
}

std::vector<YAML::Node> generated_objects() {
  std::ifstream in(VG_SOURCE_DIR "/testdata/seed-cluster/input.yaml", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string input = ss.str();
  FunctionResult res = run_function(input, FunctionOptions{});
  // No fallback to a stored output: the objects under test are the ones the function makes now.
  EXPECT_TRUE(res.ok) << "the function rejected testdata/seed-cluster: "
                      << (res.findings.empty() ? "no finding" : res.findings[0].to_text());
  if (!res.ok) return {};
  const std::string output = res.text(input);
  std::vector<YAML::Node> out;
  for (const auto& item : YAML::Load(output)["items"]) {
    const std::string kind = item["kind"].as<std::string>();
    if (kind == "ReplicationSource" || kind == "ReplicationDestination") out.push_back(item);
  }
  return out;
}

}  // namespace

TEST(LintMutation, GeneratedObjectsLintCleanAndEveryFieldIsChecked) {
  const auto objects = generated_objects();
  ASSERT_GE(objects.size(), 2u);
  std::size_t mutations = 0, rs = 0, rd = 0;
  for (const auto& obj : objects) {
    (obj["kind"].as<std::string>() == "ReplicationSource" ? rs : rd)++;
    const std::string who = obj["kind"].as<std::string>() + " " + obj["metadata"]["name"].as<std::string>();
    auto clean = lint_node(obj);
    EXPECT_EQ(lint_exit_code(clean), 0) << who << "\n" << dump(clean);

    std::vector<Leaf> leaves;
    std::vector<Step> steps{std::string("spec")};
    walk(obj["spec"], steps, "spec", leaves);
    for (const auto& leaf : leaves) {
      // Wrong type: a scalar or list becomes an object, an object becomes a list.
      YAML::Node wrong = leaf.type == YAML::NodeType::Map ? YAML::Load("[1]") : YAML::Load("{wrong: type}");
      auto r = lint_node(mutated(obj, leaf.steps, wrong));
      EXPECT_TRUE(reports(r, {"schema"}, leaf.path)) << who << ": " << leaf.path << " as a wrong type\n" << dump(r);
      ++mutations;

      if (leaf.type == YAML::NodeType::Map) {
        // Unknown key next to the generated ones (a map value, which no string/quantity map accepts either).
        std::vector<Step> at = leaf.steps;
        at.emplace_back(std::string("zzUnknown"));
        auto u = lint_node(mutated(obj, at, YAML::Load("{a: b}")));
        EXPECT_TRUE(reports(u, {"schema-unknown-field", "schema"}, leaf.path + ".zzUnknown"))
            << who << ": unknown key under " << leaf.path << "\n" << dump(u);
        ++mutations;
      }
      const std::string last = std::holds_alternative<std::string>(leaf.steps.back())
                                   ? std::get<std::string>(leaf.steps.back()) : std::string();
      if (last == "copyMethod") {
        auto e = lint_node(mutated(obj, leaf.steps, YAML::Node("snapshot")));
        EXPECT_TRUE(reports(e, {"schema"}, leaf.path)) << who << ": bad enum\n" << dump(e);
        EXPECT_TRUE(reports(e, {"copymethod-invalid"}, leaf.path)) << who << ": bad enum\n" << dump(e);
        ++mutations;
      }
      if (last == "schedule") {
        auto e = lint_node(mutated(obj, leaf.steps, YAML::Node("0 0 3 * * *")));
        EXPECT_TRUE(reports(e, {"schedule-invalid"}, leaf.path)) << who << "\n" << dump(e);
        ++mutations;
      }
    }
  }
  EXPECT_GE(rs, 1u);
  EXPECT_GE(rd, 1u);
  std::printf("[ mutation ] %zu RS, %zu RD, %zu mutations\n", rs, rd, mutations);
}
