// Property tests over seeded random ResourceLists: a mix of kinds, selected and unselected PVCs,
// scalars YAML 1.1 readers re-type ("0700", "yes", "1e3"), multi-line and unicode strings,
// comments, flow and block styles. For each input:
//   - every input item appears in the output with the same content (yaml-cpp trees compared with
//     their quoting), and every comment survives;
//   - the output is identical across runs and across shuffled functionConfig key order;
//   - running the function on its own output is a no-op.
// The seeds are fixed, so a failure reproduces; the failing input is printed.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cli/function.h"

namespace {

// Node types, values and whether a scalar was quoted: equal strings mean equal content.
std::string canon(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "~";
    case YAML::NodeType::Scalar: return (n.Tag() == "?" ? "p\"" : "s" + n.Tag() + "\"") + n.Scalar() + "\"";
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      for (const auto& i : n) s += canon(i) + ",";
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      for (const auto& kv : n) s += canon(kv.first) + ":" + canon(kv.second) + ",";
      return s + "}";
    }
    default: return "?";
  }
}

std::string field(const YAML::Node& obj, const char* a, const char* b = nullptr) {
  if (!obj.IsMap() || !obj[a]) return {};
  YAML::Node n = obj[a];
  if (b) {
    if (!n.IsMap() || !n[b]) return {};
    n.reset(n[b]);
  }
  return n.IsScalar() ? n.Scalar() : std::string();
}

std::string identity(const YAML::Node& obj) {
  return field(obj, "apiVersion") + "|" + field(obj, "kind") + "|" + field(obj, "metadata", "namespace") + "|" +
         field(obj, "metadata", "name");
}

bool generated(const YAML::Node& obj) {
  YAML::Node meta = obj["metadata"];
  return meta && meta.IsMap() && meta["annotations"] && meta["annotations"].IsMap() &&
         meta["annotations"]["volsync-gen.io/source-pvc"];
}

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed), seed_(seed) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool coin(int percent = 50) { return pick(100) < percent; }

  // A value written after `key: ` at `indent` (the key's column). May span lines.
  std::string value(int indent) {
    static const std::vector<std::string> plain = {
        "\"0700\"", "'yes'", "1e3", "yes", "0700", "\"1.10\"", "~", "\"\"", "\"héllo wörld ✓\"", "日本語の値",
        "'it''s'", "\"tab\\there\"", "\"multi\\nline\"", "\"null\"", "2023-01-01", "-1", ".inf", "\"# not a comment\"",
        "on", "'0x1F'", "plain text", "a#b", "\"ünïcödé: yes\"", "{a: 1, b: [x, \"y\"]}", "[1, two, \"3\"]", "{}",
        "[]", "\"\\u00e9\\U0001F600\"", "'  spaced  '"};
    const int k = pick(static_cast<int>(plain.size()) + 3);
    const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
    if (k == static_cast<int>(plain.size())) return "|\n" + pad + "line one: 0700\n" + pad + "  indented ✓\n" + pad + "last";
    if (k == static_cast<int>(plain.size()) + 1) return ">-\n" + pad + "folded yes\n" + pad + "text 1e3";
    if (k == static_cast<int>(plain.size()) + 2) return "\n" + pad + "- \"0700\"\n" + pad + "- yes\n" + pad + "- x: 1";
    std::string v = plain[static_cast<std::size_t>(k)];
    if (coin(15)) v += "  # c" + std::to_string(++comments_);  // trailing comment
    return v;
  }

  // Block mapping body lines at `indent`, keys k0..kn, comments between entries.
  std::string block_map(int indent, int n) {
    std::string s;
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (int i = 0; i < n; ++i) {
      if (i > 0 && coin(20)) s += pad + "# c" + std::to_string(++comments_) + " é\n";
      s += pad + "k" + std::to_string(i) + ": " + value(indent) + "\n";
    }
    return s;
  }

  std::string config_map(int i) {
    const std::string name = "cm-" + std::to_string(i);
    if (coin(25))  // flow style, as JSON-ish tools write it
      return "- {apiVersion: v1, kind: ConfigMap, metadata: {name: " + name +
             ", namespace: apps}, data: {a: \"0700\", b: 'yes', c: \"ünï\\ncode\"}}\n";
    std::string s = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: " + name + "\n    namespace: apps\n";
    if (coin()) s += "    annotations:\n" + block_map(6, 1 + pick(3));
    s += "  data:\n" + block_map(4, 1 + pick(6));
    return s;
  }

  std::string deployment(int i) {
    std::string s = "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web-" + std::to_string(i) +
                    "\n    namespace: apps\n    labels: {app: web}\n";
    if (coin(30)) s += "  # c" + std::to_string(++comments_) + "\n";
    s += "  spec:\n    replicas: " + std::to_string(pick(3)) +
         "\n    template:\n      spec:\n        containers:\n        - name: main\n          image: nginx:1.25\n"
         "          env:\n          - name: UMASK\n            value: \"0700\"\n          - name: X\n            value: " +
         value(12) + "\n";
    return s;
  }

  std::string other_secret(int i) {
    return "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: other-" + std::to_string(i) +
           "\n    namespace: apps\n  type: Opaque\n  stringData:\n" + block_map(4, 1 + pick(3));
  }

  std::string pvc(int i, bool selected) {
    std::string s = "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: data-" + std::to_string(i) +
                    "\n    namespace: " + (coin() ? "apps" : "db") + "\n";
    if (selected) {
      s += "    labels:\n      backup: " + std::string(coin() ? "daily" : "hourly") + "\n";
    } else {
      const int k = pick(3);
      if (k == 1) s += "    labels:\n      backup: \"false\"\n";
      if (k == 2) s += "    labels:\n      app: db\n";
    }
    if (coin(30)) {  // annotation values must be strings: quoted odd ones
      static const std::vector<std::string> notes = {"\"0700\"", "'yes'", "\"1e3\"", "\"héllo ✓\"", "\"a\\nb\"",
                                                     "plain words", "'~'"};
      s += "    annotations:\n      example.com/note: " + notes[static_cast<std::size_t>(pick(7))] + "\n";
    }
    s += "  spec:\n";
    if (coin(30)) s += "    # c" + std::to_string(++comments_) + "\n";
    s += coin() ? "    accessModes: [ReadWriteOnce]\n" : "    accessModes:\n    - ReadWriteOnce\n";
    s += "    storageClassName: longhorn\n    resources:\n      requests:\n        storage: " +
         std::to_string(1 + pick(20)) + "Gi\n";
    selected_ += selected;
    return s;
  }

  static std::string source_secret() {
    return "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: volsync-base\n    namespace: volsync-system\n"
           "  type: Opaque\n  stringData:\n    RESTIC_PASSWORD: not-a-real-password\n"
           "    AWS_ACCESS_KEY_ID: minio-user\n    AWS_SECRET_ACCESS_KEY: minio-secret-key\n";
  }

  // The same functionConfig with its keys in a random order (top level, spec and retain).
  std::string function_config() {
    std::vector<std::string> retain = {"hourly: 24", "daily: 7", "weekly: 4"};
    std::shuffle(retain.begin(), retain.end(), rng_);
    std::string r = "retain:\n";
    for (const auto& x : retain) r += "      " + x + "\n";
    std::vector<std::string> spec = {"repository: s3:http://minio.example:9000/volsync-backup\n",
                                     "credentials:\n      secretName: volsync-base\n",
                                     "storageClassName: longhorn\n",
                                     "volumeSnapshotClassName: longhorn-snapclass\n",
                                     "cacheStorageClassName: longhorn\n",
                                     "cacheCapacity: 2Gi\n",
                                     r};
    std::shuffle(spec.begin(), spec.end(), rng_);
    std::string sp = "spec:\n";
    for (const auto& x : spec) sp += "    " + x;
    std::vector<std::string> top = {"apiVersion: volsync-gen.io/v1alpha1\n", "kind: VolSyncBackup\n",
                                    "metadata:\n    name: volsync\n", sp};
    std::shuffle(top.begin(), top.end(), rng_);
    std::string s = "functionConfig:\n";
    for (const auto& x : top) s += "  " + x;
    return s;
  }

  // Items only; the functionConfig is appended by the caller so it can vary alone.
  std::string items() {
    std::vector<std::string> v;
    const int n = 3 + pick(12);
    for (int i = 0; i < n; ++i) {
      switch (pick(5)) {
        case 0: v.push_back(config_map(i)); break;
        case 1: v.push_back(deployment(i)); break;
        case 2: v.push_back(other_secret(i)); break;
        default: v.push_back(pvc(i, coin(60))); break;
      }
    }
    v.push_back(source_secret());
    std::shuffle(v.begin(), v.end(), rng_);
    std::string s = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";
    if (coin(20)) s = "# generated by property_test seed " + std::to_string(seed_) + "\n" + s;
    s += "items:\n";
    for (const auto& x : v) s += x;
    return s;
  }

  int selected() const { return selected_; }
  int comments() const { return comments_; }

 private:
  std::mt19937 rng_;
  unsigned seed_;
  int comments_ = 0;
  int selected_ = 0;
};

vg::FunctionResult run(const std::string& input) { return vg::run_function(input, vg::FunctionOptions{}); }

std::string without_function_config(const std::string& out) {
  const auto at = out.find("\nfunctionConfig:\n");
  if (at == std::string::npos) return out;
  const auto end = out.find("\nresults:\n", at);
  return out.substr(0, at + 1) + (end == std::string::npos ? "" : out.substr(end + 1));
}

std::string findings_text(const vg::FunctionResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += "  " + f.to_text() + "\n";
  return s;
}

const std::vector<unsigned> kSeeds = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181,
                                      6765, 10946, 17711, 28657, 46368, 75025, 121393};

class Property : public ::testing::TestWithParam<unsigned> {};

TEST_P(Property, ItemsKeptOutputStableAndIdempotent) {
  Gen g(GetParam());
  const std::string items = g.items();
  const std::string input = items + g.function_config();
  SCOPED_TRACE("seed " + std::to_string(GetParam()) + ", input:\n" + input);

  const vg::FunctionResult r = run(input);
  ASSERT_TRUE(r.ok) << findings_text(r);

  // Every input item appears with the same content; the source Secret only gains local-config.
  const YAML::Node in = YAML::Load(input);
  const YAML::Node out = YAML::Load(r.output);
  std::map<std::string, std::string> out_items;
  int rs = 0;
  for (const auto& it : out["items"]) {
    YAML::Node obj = YAML::Clone(it);
    if (field(obj, "kind") == "ReplicationSource") ++rs;
    if (generated(obj)) continue;
    if (field(obj, "metadata", "name") == "volsync-base" && g.selected() > 0) {
      ASSERT_EQ(obj["metadata"]["annotations"]["config.kubernetes.io/local-config"].as<std::string>(), "true");
      obj["metadata"]["annotations"].remove("config.kubernetes.io/local-config");
      if (obj["metadata"]["annotations"].size() == 0) obj["metadata"].remove("annotations");
    }
    ASSERT_TRUE(out_items.emplace(identity(obj), canon(obj)).second) << "duplicate " << identity(obj);
  }
  std::size_t n_in = 0;
  for (const auto& it : in["items"]) {
    ++n_in;
    auto found = out_items.find(identity(it));
    ASSERT_NE(found, out_items.end()) << "missing from the output: " << identity(it);
    EXPECT_EQ(found->second, canon(it)) << "changed: " << identity(it);
  }
  EXPECT_EQ(out_items.size(), n_in) << "the output has items the input did not";
  EXPECT_EQ(rs, g.selected()) << "one ReplicationSource per selected PVC";
  for (int c = 1; c <= g.comments(); ++c) {
    const std::string mark = "# c" + std::to_string(c);
    EXPECT_TRUE(r.output.find(mark + " ") != std::string::npos || r.output.find(mark + "\n") != std::string::npos)
        << "comment lost: " << mark;
  }

  // Same input, same bytes.
  EXPECT_EQ(run(input).output, r.output);

  // The functionConfig's key order changes nothing but its own echo.
  for (int k = 0; k < 3; ++k) {
    const vg::FunctionResult shuffled = run(items + g.function_config());
    ASSERT_TRUE(shuffled.ok) << findings_text(shuffled);
    EXPECT_EQ(without_function_config(shuffled.output), without_function_config(r.output));
  }

  // The output is a complete input, and a second run changes nothing.
  const vg::FunctionResult again = run(r.output);
  ASSERT_TRUE(again.ok) << findings_text(again);
  EXPECT_EQ(again.output, r.output);
}

INSTANTIATE_TEST_SUITE_P(Seeds, Property, ::testing::ValuesIn(kSeeds));

}  // namespace
