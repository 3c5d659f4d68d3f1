// One YAML reader for every input (issue 11). The legacy plugin's config file, a ResourceList's
// functionConfig, --templates files and --schemas CRDs are all held to the ResourceList's limits
// and its duplicate-key rule, and each failure is an error that names the file and the line.
// The three failures that once slipped through the config file:
//   - nested aliases in moverSecurityContext ran for 20 s and 6 GB (yaml-cpp shared them; the walk
//     that copied them did not);
//   - `schedule: hourly` then `schedule: weekly` silently kept weekly;
//   - `retain: {within: "30d,hourly=99"}` was joined into "within=30d,hourly=99" and read as hourly 99.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <yaml-cpp/yaml.h>

#include "cli/function.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kConfigHead =
    "apiVersion: volsync-gen.io/v1alpha1\n"                          // 1
    "kind: VolSyncBackup\n"                                          // 2
    "metadata:\n"                                                    // 3
    "  name: volsync\n"                                              // 4
    "spec:\n"                                                        // 5
    "  repository: s3:http://minio.example:9000/volsync-backup\n"  // 6
    "  credentials:\n"                                               // 7
    "    secretName: volsync-base\n";                                // 8

constexpr const char* kStream =
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: apps\n"
    "  labels:\n    backup: daily\nspec:\n  accessModes: [ReadWriteOnce]\n"
    "  resources:\n    requests:\n      storage: 1Gi\n"
    "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n  namespace: apps\n"
    "stringData:\n  RESTIC_PASSWORD: x\n";

// 33 lines: 24 levels of two aliases each, 48 aliases (under the alias count) that stand for
// 2^25 nodes.
std::string laughs_config() {
  std::string s = std::string(kConfigHead) + "  moverSecurityContext:\n    l0: &l0 [lol, lol]\n";
  for (int i = 1; i < 24; ++i)
    s += "    l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" + std::to_string(i - 1) + ", *l" +
         std::to_string(i - 1) + "]\n";
  return s;
}

vg::FunctionResult run_legacy(const std::string& config, vg::FunctionOptions opt = {}) {
  opt.stream_io = true;
  opt.config_text = config;
  opt.config_file = "volsync-config.yaml";
  return vg::run_function(kStream, opt);
}

// The ResourceList form of the same input: the stream's objects as items, `config` as functionConfig.
vg::FunctionResult run_list(const std::string& config) {
  std::string in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n";
  std::istringstream lines(config);
  for (std::string line; std::getline(lines, line);) in += "  " + line + "\n";
  return vg::run_function(in, {});
}

// The one error finding of a refused run; fails the test unless there is exactly one error.
vg::Finding only_error(const vg::FunctionResult& r) {
  EXPECT_FALSE(r.ok);
  std::vector<vg::Finding> errors;
  for (const auto& f : r.findings)
    if (f.severity == vg::Severity::kError) errors.push_back(f);
  std::string all;
  for (const auto& f : r.findings) all += "\n  " + f.to_text();
  EXPECT_EQ(errors.size(), 1u) << all;
  return errors.empty() ? vg::Finding{} : errors.front();
}

TEST(ConfigYaml, NestedAliasesInAConfigFileFailAtTheExpansionLimit) {
  const std::string config = laughs_config();
  ASSERT_EQ(std::count(config.begin(), config.end(), '\n'), 33);
  const vg::Finding f = only_error(run_legacy(config));
  EXPECT_EQ(f.rule, "limit-aliases");
  EXPECT_NE(f.message.find("stand for more than 10000 nodes"), std::string::npos) << f.message;
  EXPECT_EQ(f.file, "volsync-config.yaml");
  EXPECT_EQ(f.line, 21);  // l11: the first alias past the budget
  // The same text as a ResourceList's functionConfig: the same rule from the scanner.
  const vg::Finding g = only_error(run_list(config));
  EXPECT_EQ(g.rule, "limit-aliases");
  EXPECT_EQ(g.line, 4 + 21);
}

TEST(ConfigYaml, TheRunsLimitsApplyToTheConfigFile) {
  vg::FunctionOptions opt;
  opt.limits.max_depth = 4;  // as deep as the stream's PVC goes
  const std::string config = std::string(kConfigHead) + "  moverSecurityContext:\n    sysctls:\n    - {name: net.core.somaxconn, value: \"1024\"}\n";
  const vg::Finding f = only_error(run_legacy(config, opt));
  EXPECT_EQ(f.rule, "limit-depth");
  EXPECT_EQ(f.file, "volsync-config.yaml");
  EXPECT_EQ(f.line, 11);  // the sysctl is the fifth level
  EXPECT_TRUE(run_legacy(config).ok);
}

TEST(ConfigYaml, ADuplicateKeyInAConfigIsAnErrorAtItsLine) {
  const std::string config = std::string(kConfigHead) + "  schedule: hourly\n  schedule: weekly\n";
  const vg::Finding f = only_error(run_legacy(config));
  EXPECT_EQ(f.rule, "yaml-duplicate-key");
  EXPECT_NE(f.message.find("\"schedule\""), std::string::npos) << f.message;
  EXPECT_EQ(f.file, "volsync-config.yaml");
  EXPECT_EQ(f.line, 10);
  const vg::Finding g = only_error(run_list(config));
  EXPECT_EQ(g.rule, "yaml-duplicate-key");
  EXPECT_EQ(g.line, 4 + 10);
}

TEST(ConfigYaml, ATypedRetainValueIsNeverReadAsMoreKeys) {
  const std::string config = std::string(kConfigHead) + "  retain:\n    within: \"30d,hourly=99\"\n";
  for (const auto& r : {run_legacy(config), run_list(config)}) {
    const vg::Finding f = only_error(r);
    EXPECT_EQ(f.rule, "config");
    EXPECT_EQ(f.field, "spec.retain.within");
    EXPECT_NE(f.message.find("not a restic duration"), std::string::npos) << f.message;
    EXPECT_EQ(r.output.find("hourly: 99"), std::string::npos);
  }
  EXPECT_EQ(only_error(run_legacy(config)).file, "volsync-config.yaml");
  EXPECT_EQ(only_error(run_legacy(config)).line, 10);
  EXPECT_EQ(only_error(run_list(config)).line, 4 + 10);
}

TEST(ConfigYaml, AMalformedConfigFileIsLocated) {
  const vg::Finding f = only_error(run_legacy(std::string(kConfigHead) + "  schedule: [daily\n"));
  EXPECT_EQ(f.rule, "yaml-parse");
  EXPECT_NE(f.message.find("malformed functionConfig"), std::string::npos) << f.message;
  EXPECT_EQ(f.file, "volsync-config.yaml");
  EXPECT_GE(f.line, 9);
}

// Files the run reads besides its input: a --templates directory and --schemas CRDs.
class ConfigYamlFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vg-config-yaml-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(ConfigYamlFiles, TemplatesAreReadWithTheLimitsAndTheDuplicateKeyRule) {
  struct Case {
    const char* name;
    std::string text;
    const char* message;
    int line;
  };
  std::string bomb = "apiVersion: v1\nkind: Secret\nl0: &l0 [lol, lol]\n";
  for (int i = 1; i < 24; ++i)
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" + std::to_string(i - 1) + ", *l" +
            std::to_string(i - 1) + "]\n";
  const Case cases[] = {
      {"duplicate key", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  name: b\n", "duplicate key \"name\"", 5},
      {"nested aliases", bomb, "stand for more than", 3 + 11},
      {"alias cycle", "apiVersion: v1\nkind: Secret\ndata: &d {a: *d}\n", "refers to a node that contains it", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    for (const char* name : {"secret.yaml", "replicationsource.yaml", "replicationdestination.yaml"})
      write(name, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n");
    const std::string path = write("secret.yaml", c.text);
    vg::FunctionOptions opt;
    opt.templates_dir = dir_.string();
    const vg::Finding f = only_error(run_legacy(kConfigHead, opt));
    EXPECT_EQ(f.rule, "template");
    EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
    EXPECT_EQ(f.file, path);
    EXPECT_EQ(f.line, c.line);
  }
}

TEST_F(ConfigYamlFiles, SchemasAreReadWithTheLimitsAndTheDuplicateKeyRule) {
  const std::string crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
                          "  name: replicationsources.volsync.backube\n";
  struct Case {
    const char* name;
    std::string text;
    const char* message;
    int line;
  };
  const Case cases[] = {
      {"duplicate key", crd + "spec:\n  group: volsync.backube\n  group: other\n", "duplicate key \"group\"", 7},
      {"alias cycle", crd + "spec: &s\n  names: *s\n", "refers to a node that contains it", 6},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    vg::FunctionOptions opt;
    opt.schema_paths = {write("crd.yaml", c.text)};
    const vg::Finding f = only_error(run_legacy(kConfigHead, opt));
    EXPECT_EQ(f.rule, "schema");
    EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
    EXPECT_EQ(f.file, opt.schema_paths[0]);
    EXPECT_EQ(f.line, c.line);
  }
}

}  // namespace

namespace {

// kStream's objects as a ResourceList's items, with kConfigHead as functionConfig.
std::string resource_list() {
  std::string in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";
  std::istringstream docs(std::string(kStream) + "\n---\n");
  std::string doc, line;
  auto flush = [&] {
    std::istringstream l(doc);
    bool first = true;
    for (std::string x; std::getline(l, x); first = false) in += (first ? "- " : "  ") + x + "\n";
    doc.clear();
  };
  while (std::getline(docs, line)) {
    if (line == "---") flush();
    else doc += line + "\n";
  }
  in += "functionConfig:\n";
  std::istringstream cfg(kConfigHead);
  for (std::string x; std::getline(cfg, x);) in += "  " + x + "\n";
  return in;
}

// The error entries of a run's `results` (the input's Secret also draws warnings).
YAML::Node error_results(const vg::FunctionResult& run) {
  YAML::Node errors(YAML::NodeType::Sequence);
  for (const auto& r : YAML::Load(run.output)["results"])
    if (r["severity"].as<std::string>("") == "error") errors.push_back(r);
  return errors;
}

std::string slurp_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

// A finding keeps its field path and origin in `results` whatever produced it (issue 12, point 10):
// an Argo CD override names the functionConfig field it sets and its variable; a template names the
// field it was making, the object and the template file and line.
TEST_F(ConfigYamlFiles, ResultsKeepTheFieldAndOriginOfOverrideAndTemplateFindings) {
  const std::string input = resource_list();
  vg::FunctionOptions env;
  env.overrides = {{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "bad cron"}};
  YAML::Node r = error_results(vg::run_function(input, env));
  ASSERT_TRUE(r.IsSequence() && r.size() == 1) << r;
  EXPECT_EQ(r[0]["field"]["path"].as<std::string>(""), "spec.schedule") << r;
  EXPECT_EQ(r[0]["resourceRef"]["kind"].as<std::string>(""), "VolSyncBackup") << r;
  EXPECT_EQ(r[0]["file"]["path"].as<std::string>(""), "environment ARGOCD_ENV_VOLSYNC_SCHEDULE") << r;

  for (const char* name : {"secret.yaml", "replicationdestination.yaml"})
    write(name, slurp_file(fs::path(VG_SOURCE_DIR) / "templates" / name));
  std::string rs = slurp_file(fs::path(VG_SOURCE_DIR) / "templates" / "replicationsource.yaml");
  rs.replace(rs.find("${storageClassName?}"), 20, "${storageClassName}");  // required, and unset
  const std::string rs_path = write("replicationsource.yaml", rs);
  vg::FunctionOptions tmpl;
  tmpl.templates_dir = dir_.string();
  r = error_results(vg::run_function(input, tmpl));
  ASSERT_TRUE(r.IsSequence() && r.size() == 1) << r;
  EXPECT_NE(r[0]["message"].as<std::string>("").find("${storageClassName} has no value"), std::string::npos) << r;
  EXPECT_EQ(r[0]["field"]["path"].as<std::string>(""), "spec.restic.storageClassName") << r;
  EXPECT_EQ(r[0]["resourceRef"]["kind"].as<std::string>(""), "ReplicationSource") << r;
  EXPECT_EQ(r[0]["resourceRef"]["name"].as<std::string>(""), "data-backup") << r;
  EXPECT_EQ(r[0]["file"]["path"].as<std::string>(""), rs_path) << r;
  EXPECT_EQ(r[0]["tags"]["line"].as<std::string>(""), "18") << r;
}

// A ResourceList given to the legacy plugin mode is an error that names the mode to use, never a
// pass-through with exit 0 (issue 12, point 8).
TEST(LegacyPlugin, AResourceListIsRefused) {
  const std::string list = resource_list();
  vg::FunctionOptions opt;
  opt.stream_io = true;
  opt.config_text = kConfigHead;
  opt.config_file = "volsync-config.yaml";
  const vg::FunctionResult r = vg::run_function(list, opt);
  const vg::Finding f = only_error(r);
  EXPECT_EQ(f.rule, "resource-list-in-stream");
  EXPECT_EQ(f.line, 1);
  EXPECT_NE(f.hint.find("without arguments"), std::string::npos) << f.hint;
  EXPECT_EQ(r.text(list), "") << "stream mode writes nothing on failure";

  // Through the binary: exit 1, nothing on stdout, one line on stderr.
  const fs::path dir = fs::temp_directory_path() / ("vg-legacy-list-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "config.yaml") << kConfigHead;
  std::ofstream(dir / "in.yaml") << list;
  const std::string cmd = "cd '" + dir.string() + "' && '" + VG_BINARY + "' config.yaml <in.yaml >out 2>err";
  const int rc = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 1) << rc;
  EXPECT_EQ(slurp_file(dir / "out"), "");
  const std::string err = slurp_file(dir / "err");
  EXPECT_EQ(err,
            "volsync-gen: <stdin>:1: error resource-list-in-stream: a ResourceList was given to the legacy plugin "
            "mode (volsync-gen CONFIG_FILE), which reads a YAML stream of objects; hint: for a ResourceList run "
            "volsync-gen without arguments (KRM function mode); for the plugin mode pass the objects themselves\n");
  fs::remove_all(dir);
}
