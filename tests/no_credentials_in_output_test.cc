// No secret value and no URL credential in any output but the Secrets volsync-gen generates (issue
// 12, point 5): every command and format, through the real binary, fed a source Secret with values
// and repositories with `user:password@`. Each row also names what it must show instead, so a row
// that stops reaching the quoting code fails rather than passes by printing nothing.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// The values that must never be printed: plain, and as the base64 a Secret's data holds them.
constexpr const char* kLeaks[] = {"PWLEAK", "AKIDLEAK", "RESTICPWLEAK", "SECRETKEYLEAK",
                                  "UkVTVElDUFdMRUFL" /* base64 RESTICPWLEAK */,
                                  "UkVTVElDUFdMRUFLMg==" /* base64 RESTICPWLEAK2 */,
                                  "U0VDUkVUS0VZTEVBSw==" /* base64 SECRETKEYLEAK */};

constexpr const char* kCredUrl = "s3:https://AKIDLEAK:PWLEAK@minio.example.com/restic";

std::string pvc() {
  return "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: apps, labels: {backup: daily}}\n"
         "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
}

std::string source_secret(const std::string& password = "RESTICPWLEAK") {
  return "apiVersion: v1\nkind: Secret\nmetadata: {name: base, namespace: apps}\nstringData:\n"
         "  RESTIC_REPOSITORY_BASE: \"" + std::string(kCredUrl) + "\"\n  RESTIC_PASSWORD: " + password +
         "\n  AWS_ACCESS_KEY_ID: AKIDLEAK\n  AWS_SECRET_ACCESS_KEY: SECRETKEYLEAK\n";
}

// A ConfigMap functionConfig; `extra` adds data keys.
std::string config_map(const std::string& extra = "") {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, annotations: {config.kubernetes.io/local-config: "
         "\"true\"}}\ndata: {secretName: base, secretNamespace: apps, cacheCapacity: 1Gi" + extra + "}\n";
}

std::string indent(const std::string& s, const std::string& first, const std::string& rest) {
  std::string out = first;
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '\n' && i + 1 < s.size()) out += rest;
  }
  return out;
}

std::string resource_list(const std::string& config) {
  return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + indent(pvc(), "- ", "  ") +
         indent(source_secret(), "- ", "  ") + indent(config, "functionConfig:\n  ", "  ");
}

// A ReplicationSource whose repository is a URL (not a Secret name), and a Secret with one.
std::string lint_input() {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: app-backup, namespace: apps}\n"
         "spec:\n  sourcePVC: data\n  trigger: {schedule: \"0 * * * *\"}\n  restic:\n    repository: \"" +
         std::string(kCredUrl) + "\"\n    copyMethod: Snapshot\n---\n"
         "apiVersion: v1\nkind: Secret\nmetadata: {name: repo, namespace: apps}\nstringData:\n"
         "  RESTIC_REPOSITORY: \"" + std::string(kCredUrl) + "/x\"\n  RESTIC_PASSWORD: RESTICPWLEAK\n";
}

class NoCredentialsInOutput : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) / ("no-credentials-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "repo");
    const std::string bad_repository = ", repository: \"https://AKIDLEAK:PWLEAK@minio.example.com/restic\"";
    spit("ok.yaml", resource_list(config_map()));
    spit("bad.yaml", resource_list(config_map(bad_repository)));
    spit("config-bad.yaml", config_map(bad_repository));
    spit("stream.yaml", pvc() + "---\n" + source_secret());
    spit("lint.yaml", lint_input());
    spit("repo/pvc.yaml", pvc());
    spit("repo/secret.yaml", source_secret());
    spit("config-ok.yaml", config_map());
    // Per-namespace credentials (issue 17): the namespace apps gets the Secret base by name.
    spit("by-namespace.yaml", "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" +
                                  indent(pvc(), "- ", "  ") + indent(source_secret(), "- ", "  ") +
                                  "functionConfig:\n  apiVersion: volsync-gen.io/v1alpha1\n  kind: VolSyncBackup\n"
                                  "  metadata: {name: v}\n  spec:\n    cacheCapacity: 1Gi\n"
                                  "    credentials: {secretNamespace: apps, byNamespace: {'app*': base}}\n");
    // The source Secret's copies in two namespaces: one access key id in both.
    std::string copy = source_secret();
    copy.replace(copy.find("namespace: apps"), 15, "namespace: other");
    spit("shared-key.yaml", source_secret() + "---\n" + copy);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void spit(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }

  // Runs `script` (sh, in the temporary directory, $VG the binary) and returns stdout and stderr.
  std::string run(const std::string& script) const {
    const std::string cmd = "cd '" + dir_.string() + "' && VG='" + VG_BINARY + "' sh -c '" + script + "' >captured.txt 2>&1";
    const int rc = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(rc)) << script;
    std::ifstream in(dir_ / "captured.txt");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
};

TEST_F(NoCredentialsInOutput, EveryCommandAndFormat) {
  // The function's stdout legitimately holds the input and the generated Secrets: only its stderr
  // and its `results` are checked (the script prints those).
  const std::string results_only = " 2>err >stdout; cat err; sed -n \"/^results:/,\\$p\" stdout";
  const struct {
    const char* name;
    std::string script;
    const char* shows;  // what the row prints instead of the credential
  } rows[] = {
      {"function stderr and results", "$VG < bad.yaml" + results_only, "https://***@minio.example.com"},
      {"function results are there", "$VG < bad.yaml" + results_only, "results:"},
      {"legacy plugin stderr", "$VG config-bad.yaml < stream.yaml >/dev/null", "https://***@minio.example.com"},
      {"inventory markdown", "$VG inventory --now 0 ok.yaml", "s3:https://***@minio.example.com/restic/apps/data"},
      {"inventory json", "$VG inventory --now 0 -f json ok.yaml", "s3:https://***@minio.example.com/restic/apps/data"},
      {"inventory csv", "$VG inventory --now 0 -f csv ok.yaml", "s3:https://***@minio.example.com/restic/apps/data"},
      {"inventory html", "$VG inventory --now 0 -f html ok.yaml", "s3:https://***@minio.example.com/restic/apps/data"},
      {"inventory svg", "$VG inventory --now 0 -f svg ok.yaml", "<title>"},
      {"inventory error", "$VG inventory bad.yaml", "https://***@minio.example.com"},
      {"lint text", "$VG lint lint.yaml", "s3:https://***@minio.example.com"},
      {"lint json", "$VG lint -f json lint.yaml", "s3:https://***@minio.example.com"},
      {"lint sarif", "$VG lint -f sarif lint.yaml", "s3:https://***@minio.example.com"},
      {"lint github", "$VG lint -f github lint.yaml", "s3:https://***@minio.example.com"},
      {"inventory by namespace markdown", "$VG inventory --now 0 by-namespace.yaml", "| secret | Secret apps/base | apps |"},
      {"inventory by namespace json", "$VG inventory --now 0 -f json by-namespace.yaml", "\"source\": \"Secret apps/base\""},
      {"inventory by namespace csv", "$VG inventory --now 0 -f csv by-namespace.yaml", ",Secret apps/base,all namespaces,restic\n"},
      {"lint shared access key", "$VG lint shared-key.yaml", "secret-key-shared"},
      {"lint shared access key json", "$VG lint -f json shared-key.yaml", "apps/base, other/base"},
      {"render error", "$VG render repo --output rendered --config config-bad.yaml", "https://***@minio.example.com"},
      {"render --check diff of a changed Secret",
       "$VG render repo --config config-ok.yaml --output rendered --allow-plaintext-secrets -q && "
       "sed -i s/RESTICPWLEAK/RESTICPWLEAK2/ repo/secret.yaml && "
       "$VG render repo --config config-ok.yaml --output rendered --allow-plaintext-secrets --check",
       "# Secret values changed (not shown)"},
  };
  for (const auto& row : rows) {
    const std::string out = run(row.script);
    EXPECT_NE(out.find(row.shows), std::string::npos) << row.name << ":\n" << out;
    for (const char* leak : kLeaks) EXPECT_EQ(out.find(leak), std::string::npos) << row.name << " prints " << leak << ":\n" << out;
  }
}

}  // namespace
