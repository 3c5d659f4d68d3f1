// YAML merge keys (issue 12, point 4): the Doc reader resolves `<<` as an independent reader does.
// PyYAML (the tests' YAML dependency, and what the e2e checks read with) resolves merge keys as
// kubectl kustomize does (verified with kubectl v1.32): the map's own keys win, then the earlier map
// of a merge sequence. It is the reference here rather than yaml-cpp, whose merge-key support varies
// between versions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "yaml/doc.h"

namespace {

// Maps with sorted keys, sequences, null and scalars as quoted text: both sides print this.
std::string canon(const vg::Doc& d) {
  if (d.IsMap()) {
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& e : d.entries()) entries.emplace_back(e.first.Scalar(), canon(e.second));
    std::sort(entries.begin(), entries.end());
    std::string s = "{";
    for (const auto& [k, v] : entries) s += "\"" + k + "\":" + v + ",";
    return s + "}";
  }
  if (d.IsSequence()) {
    std::string s = "[";
    for (const auto& i : d.items()) s += canon(i) + ",";
    return s + "]";
  }
  if (d.IsNull()) return "~";
  return "\"" + d.Scalar() + "\"";
}

constexpr const char* kPython = R"(
import sys, yaml
def canon(v):
    if isinstance(v, dict):
        return "{" + "".join('"%s":%s,' % (k, canon(v[k])) for k in sorted(v)) + "}"
    if isinstance(v, list):
        return "[" + "".join(canon(i) + "," for i in v) + "]"
    if v is None:
        return "~"
    return '"%s"' % v
for doc in yaml.safe_load_all(open(sys.argv[1])):
    print(canon(doc))
)";

// PyYAML's reading of each document of `text`, one line each, or nothing when python3 with PyYAML
// is not there.
std::optional<std::string> pyyaml(const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string doc = (dir / ("vg-merge-" + std::to_string(getpid()) + ".yaml")).string();
  const std::string script = (dir / ("vg-merge-" + std::to_string(getpid()) + ".py")).string();
  std::ofstream(doc) << text;
  std::ofstream(script) << kPython;
  FILE* p = popen(("python3 " + script + " " + doc + " 2>/dev/null").c_str(), "r");
  std::string out;
  char buf[4096];
  for (std::size_t n; p && (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int rc = p ? pclose(p) : -1;
  std::filesystem::remove(doc);
  std::filesystem::remove(script);
  if (rc != 0) return std::nullopt;
  return out;
}

TEST(MergeKeysAgreement, DocResolvesMergeKeysAsPyYaml) {
  const std::vector<std::string> cases = {
      "base: &b {x: bx, y: by}\nm:\n  x: own\n  <<: *b\n",
      "base: &b {x: bx, y: by}\nm:\n  <<: *b\n  x: own\n",
      "a: &a {x: ax, y: ay}\nb: &b {x: bx, z: bz}\nm:\n  <<: [*b, *a]\n  w: own\n",
      "a: &a {x: ax, n: {deep: ad}}\nb: &b {<<: *a, x: bx}\nm:\n  <<: *b\n  n: {other: mo}\n",
      "m:\n  <<: {x: inline, y: inline}\n  y: own\n",
      "m:\n  \"<<\": {x: quoted}\n",
      "m:\n  <<: []\n  x: own\n",
      // A PVC as people write one with shared defaults.
      "defaults: &defaults\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n"
      "storageClassName: &fast fast\n"
      "spec:\n  <<: *defaults\n  storageClassName: *fast\n  resources: {requests: {storage: 5Gi}}\n",
  };
  std::string stream;
  for (const std::string& text : cases) stream += "---\n" + text;
  const auto reference = pyyaml(stream);
  if (!reference) GTEST_SKIP() << "python3 with PyYAML is not installed";
  std::string ours;
  for (const std::string& text : cases) {
    vg::Doc d;
    vg::DocParseError err;
    EXPECT_TRUE(vg::parse_doc(text, d, err)) << text << err.message;
    ours += canon(d) + "\n";
  }
  EXPECT_EQ(ours, *reference);
}

}  // namespace
