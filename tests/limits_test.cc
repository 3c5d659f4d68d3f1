// One test per input limit: hostile or broken input must end in a clear error naming the rule, a
// failed result (exit status != 0) and no crash, quickly. Timings are not asserted (CI machines
// vary), but every input here is built so that a missing limit would hang, blow the stack or
// exhaust memory instead of failing politely.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/function.h"

namespace {

constexpr const char* kHead = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";
constexpr const char* kConfig =
    "functionConfig:\n"
    "  apiVersion: volsync-gen.io/v1alpha1\n"
    "  kind: VolSyncBackup\n"
    "  metadata:\n"
    "    name: volsync\n"
    "  spec:\n"
    "    repository: s3:http://minio.example:9000/volsync-backup\n"
    "    credentials:\n"
    "      secretName: volsync-base\n";

std::string config_map(const std::string& name, const std::string& data_value) {
  return "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: " + name + "\n  data:\n    key: " +
         data_value + "\n";
}

std::string pvc(const std::string& name) {
  return "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: " + name +
         "\n    namespace: apps\n    labels:\n      backup: daily\n  spec:\n    accessModes: [ReadWriteOnce]\n"
         "    resources:\n      requests:\n        storage: 1Gi\n";
}

std::string resource_list(const std::string& items) { return kHead + items + kConfig; }

// Runs the function and checks the common contract of a refused input: not ok, an error with
// `rule`, and the refusal reported in the output's results too.
// The legacy plugin mode writes nothing on failure (kustomize reads stderr and the exit status).
::testing::AssertionResult refused(const vg::FunctionResult& r, const std::string& rule) {
  if (r.ok) return ::testing::AssertionFailure() << "the function accepted the input";
  for (const auto& f : r.findings)
    if (f.rule == rule && f.severity == vg::Severity::kError) {
      if (f.message.empty()) return ::testing::AssertionFailure() << "finding " << rule << " has no message";
      const bool stream = r.output.find("kind: ResourceList") == std::string::npos;
      if (stream && !r.output.empty()) return ::testing::AssertionFailure() << "partial output on failure";
      if (!stream && r.output.find("rule: " + rule) == std::string::npos)
        return ::testing::AssertionFailure() << "results in the output do not name " << rule << ":\n"
                                             << r.output.substr(0, 2000);
      return ::testing::AssertionSuccess();
    }
  std::ostringstream got;
  for (const auto& f : r.findings) got << "\n  " << f.rule << ": " << f.message;
  return ::testing::AssertionFailure() << "no error finding with rule " << rule << "; got:" << got.str();
}

vg::FunctionResult run(const std::string& input, vg::Limits limits = {}) {
  vg::FunctionOptions opt;
  opt.limits = limits;
  return vg::run_function(input, opt);
}

vg::FunctionResult run_stream(const std::string& input, vg::Limits limits = {}) {
  vg::FunctionOptions opt;
  opt.limits = limits;
  opt.stream_io = true;
  opt.config_text = std::string(kConfig).substr(std::string("functionConfig:\n").size());
  opt.config_file = "config.yaml";
  return vg::run_function(input, opt);
}

struct Cli {
  int status = -1;
  std::string out, err;
};

// The real binary with `args`, `input` on stdin.
Cli run_binary(const std::string& args, const std::string& input) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("vg-limits-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "in", std::ios::binary) << input;
  }
  const std::string cmd = std::string(VG_BINARY) + " " + args + " < " + (dir / "in").string() + " > " +
                          (dir / "out").string() + " 2> " + (dir / "err").string();
  const int rc = std::system(cmd.c_str());
  Cli c;
  c.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;  // a signal (crash) is -1, never 0
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  c.out = slurp(dir / "out");
  c.err = slurp(dir / "err");
  fs::remove_all(dir);
  return c;
}

// --- input size --------------------------------------------------------------------------------

TEST(Limits, InputSizeViaLimits) {
  vg::Limits l;
  l.max_input_bytes = 1000;
  std::string items;
  for (int i = 0; i < 20; ++i) items += config_map("cm" + std::to_string(i), "v");
  const std::string input = resource_list(items);
  ASSERT_GT(input.size(), l.max_input_bytes);
  EXPECT_TRUE(refused(run(input, l), "limit-input-size"));
  EXPECT_TRUE(refused(run_stream(items, l), "limit-input-size"));
  // At the limit exactly it is fine (as far as size goes).
  l.max_input_bytes = input.size();
  for (const auto& f : run(input, l).findings) EXPECT_NE(f.rule, "limit-input-size");
}

TEST(Limits, InputSizeViaCommandLine) {
  std::string items;
  for (int i = 0; i < 200; ++i) items += config_map("cm" + std::to_string(i), "v");
  const std::string input = resource_list(items);
  Cli c = run_binary("--max-input-bytes 4096", input);
  EXPECT_EQ(c.status, 1) << c.err;
  EXPECT_NE(c.err.find("--max-input-bytes"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("4096"), std::string::npos) << c.err;
}

// --- nesting depth -----------------------------------------------------------------------------

TEST(Limits, DepthHundredThousandFlowBrackets) {
  const std::string deep(100'000, '[');
  EXPECT_TRUE(refused(run(resource_list(config_map("deep", deep))), "limit-depth"));
  // In a PVC too, which is also parsed into a tree, and in the legacy plugin's stream.
  EXPECT_TRUE(refused(run(resource_list(pvc("data") + "  extra: " + deep + "\n")), "limit-depth"));
  EXPECT_TRUE(refused(run_stream("apiVersion: v1\nkind: ConfigMap\ndata: " + deep + "\n"), "limit-depth"));
  // Balanced, so that only the depth is wrong.
  EXPECT_TRUE(refused(run(resource_list(config_map("deep", std::string(2000, '[') + std::string(2000, ']')))),
                      "limit-depth"));
  // Flow maps.
  std::string maps;
  for (int i = 0; i < 100'000; ++i) maps += "{a: ";
  EXPECT_TRUE(refused(run(resource_list(config_map("deep", maps))), "limit-depth"));
}

TEST(Limits, DepthBlockMapsAndSequences) {
  std::string block = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n";
  for (int i = 0; i < 3000; ++i) block += std::string(4 + 2 * static_cast<std::size_t>(i), ' ') + "k:\n";
  EXPECT_TRUE(refused(run(resource_list(block)), "limit-depth"));
  std::string seqs = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n    k:\n    ";
  for (int i = 0; i < 3000; ++i) seqs += "- ";  // `- - - x`: compact nested block sequences
  seqs += "x\n";
  EXPECT_TRUE(refused(run(resource_list(seqs)), "limit-depth"));
}

TEST(Limits, DepthInFunctionConfig) {
  std::string input = std::string(kHead) + config_map("a", "b") + kConfig + "    deep: " +
                      std::string(50'000, '[') + "\n";
  EXPECT_TRUE(refused(run(input), "limit-depth"));
}

TEST(Limits, DepthIsConfigurable) {
  vg::Limits l;
  l.max_depth = 3;
  EXPECT_TRUE(refused(run(resource_list(pvc("data")), l), "limit-depth"));
}

TEST(Limits, DepthViaCommandLineDoesNotCrash) {
  Cli c = run_binary("", resource_list(config_map("deep", std::string(100'000, '['))));
  EXPECT_EQ(c.status, 1);
  EXPECT_NE(c.err.find("limit-depth"), std::string::npos) << c.err;
  EXPECT_NE(c.out.find("rule: limit-depth"), std::string::npos) << c.out;
}

// --- aliases -----------------------------------------------------------------------------------

TEST(Limits, SelfReferencingAlias) {
  // `a: &x [*x]` loads fine in yaml-cpp and then overflows the stack of any recursive walk.
  EXPECT_TRUE(refused(run(resource_list(config_map("loop", "&x [*x]"))), "yaml-alias-cycle"));
  const std::string map_loop = "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n  data: &x\n    a: *x\n";
  EXPECT_TRUE(refused(run(resource_list(map_loop)), "yaml-alias-cycle"));
  EXPECT_TRUE(refused(run(resource_list(pvc("data") + "  extra: &y {b: [*y]}\n")), "yaml-alias-cycle"));
  EXPECT_TRUE(refused(run_stream("apiVersion: v1\nkind: ConfigMap\ndata: &x [*x]\n"), "yaml-alias-cycle"));
  Cli c = run_binary("", resource_list(config_map("loop", "&x [*x]")));
  EXPECT_EQ(c.status, 1);
  EXPECT_NE(c.err.find("yaml-alias-cycle"), std::string::npos) << c.err;
}

std::string laughs(int levels, int per_level) {
  std::string s = "\n    l0: &l0 [lol, lol]\n";
  for (int i = 1; i < levels; ++i) {
    s += "    l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < per_level; ++k) s += (k ? ", *l" : "*l") + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

TEST(Limits, BillionLaughsManyAliases) {
  // The classic: 9 levels of 9 aliases, 10^9 nodes from under 1 kB. Over the alias count.
  const std::string secret = "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: volsync-base\n"
                             "    namespace: apps\n  stringData:\n    RESTIC_PASSWORD: x\n  lol:" + laughs(10, 9);
  EXPECT_TRUE(refused(run(resource_list(pvc("data") + secret)), "limit-aliases"));
}

TEST(Limits, BillionLaughsFewAliases) {
  // 2 aliases per level over 40 levels: under the alias count, 2^40 nodes. Counting aliases is not
  // enough; what they expand to is capped. Placed in the source Secret, which the function re-emits
  // from its tree (a walk that would never end).
  const std::string secret = "- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: volsync-base\n"
                             "    namespace: apps\n  stringData:\n    RESTIC_PASSWORD: x\n  lol:" + laughs(40, 2);
  EXPECT_TRUE(refused(run(resource_list(pvc("data") + secret)), "limit-aliases"));
  EXPECT_TRUE(refused(run(resource_list(config_map("lol", "x") + "  lol:" + laughs(40, 2))), "limit-aliases"));
  EXPECT_TRUE(refused(run_stream("apiVersion: v1\nkind: ConfigMap\nlol:" + laughs(40, 2)), "limit-aliases"));
}

TEST(Limits, AliasesWithinBudgetAreFine) {
  // Ordinary anchors (shared labels) stay allowed.
  const std::string item = "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n"
                           "    labels: &l {app: web}\n  spec:\n    selector:\n      matchLabels: *l\n"
                           "    template:\n      metadata:\n        labels: *l\n";
  for (const auto& f : run(resource_list(item)).findings) {
    EXPECT_NE(f.rule, "limit-aliases");
    EXPECT_NE(f.rule, "yaml-alias-cycle");
  }
}

TEST(Limits, AliasCountIsConfigurable) {
  vg::Limits l;
  l.max_aliases = 1;
  const std::string item = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n"
                           "  data:\n    a: &v x\n    b: *v\n    c: *v\n";
  EXPECT_TRUE(refused(run(resource_list(item), l), "limit-aliases"));
}

// --- item count --------------------------------------------------------------------------------

TEST(Limits, ItemCount) {
  vg::Limits l;
  l.max_items = 5;
  std::string items;
  for (int i = 0; i < 6; ++i) items += config_map("cm" + std::to_string(i), "v");
  EXPECT_TRUE(refused(run(resource_list(items), l), "limit-items"));
  std::string stream;
  for (int i = 0; i < 6; ++i) stream += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c" + std::to_string(i) + "\n";
  EXPECT_TRUE(refused(run_stream(stream, l), "limit-items"));
}

// --- scalar length -----------------------------------------------------------------------------

TEST(Limits, ScalarLength) {
  vg::Limits l;
  l.max_scalar_bytes = 1000;
  EXPECT_TRUE(refused(run(resource_list(config_map("big", std::string(1001, 'x'))), l), "limit-scalar"));
  // Quoted and block scalars count their value, keys count too.
  EXPECT_TRUE(refused(run(resource_list(config_map("big", "\"" + std::string(2000, 'y') + "\"")), l),
                      "limit-scalar"));
  const std::string key = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    " +
                          std::string(1500, 'k') + ": v\n";
  EXPECT_TRUE(refused(run(resource_list(key), l), "limit-scalar"));
  EXPECT_TRUE(refused(run_stream("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: " + std::string(1001, 'x') + "\n", l),
                      "limit-scalar"));
}

TEST(Limits, ScalarLengthDefault) {
  // The default (16 MiB) holds against one value just over it, within the default input size.
  const vg::Limits l;
  const std::string big(l.max_scalar_bytes + 1, 'x');
  EXPECT_TRUE(refused(run(resource_list(config_map("big", big))), "limit-scalar"));
}

}  // namespace
