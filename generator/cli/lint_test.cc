// volsync-gen lint: every rule positive and negative, the output formats, the command's exit codes,
// inputs (files, directories, stdin ResourceList), disabled rules and ${VAR} templates.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/lint.h"
#include "cli/report_format.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using namespace vg;

namespace {

using vg::test::slurp;

LintResult lint_text(const std::string& yaml, std::vector<std::string> disabled = {}) {
  LintOptions opt;
  opt.disabled = std::move(disabled);
  LintResult r;
  lint_sources({{"in.yaml", yaml}}, opt, r);
  return r;
}

std::vector<const Finding*> with_rule(const LintResult& r, const std::string& rule, const std::string& field = {}) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == rule && (field.empty() || f.field == field)) out.push_back(&f);
  return out;
}

bool has(const LintResult& r, const std::string& rule, const std::string& field = {}) {
  return !with_rule(r, rule, field).empty();
}

std::string dump(const LintResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += f.to_text() + "\n";
  return s;
}

// A clean restic pair with its Secret; tests change one thing at a time.
const std::string kSecret = R"(apiVersion: v1
kind: Secret
metadata:
  name: app-restic
  namespace: apps
stringData:
  RESTIC_REPOSITORY: s3:https://s3.example.com/bucket/app
  RESTIC_PASSWORD: pw
  AWS_ACCESS_KEY_ID: id
  AWS_SECRET_ACCESS_KEY: key
)";

std::string rs(const std::string& name = "app", const std::string& repo = "app-restic",
               const std::string& ns = "apps", const std::string& extra_restic = "") {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns +
         "\nspec:\n  sourcePVC: data\n  trigger:\n    schedule: \"17 3 * * *\"\n  restic:\n    repository: " + repo +
         "\n    copyMethod: Snapshot\n    retain:\n      daily: 7\n" + extra_restic;
}

std::string rd(const std::string& name = "app-dst", const std::string& copy = "Snapshot",
               const std::string& ns = "apps") {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns +
         "\nspec:\n  trigger:\n    manual: restore-once\n  restic:\n    repository: app-restic\n    copyMethod: " + copy +
         "\n    capacity: 1Gi\n    accessModes: [ReadWriteOnce]\n";
}

std::string pvc(const std::string& rd_name = "app-dst", const std::string& api_group = "volsync.backube") {
  return "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: apps\nspec:\n"
         "  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n  dataSourceRef:\n"
         "    apiGroup: " + api_group + "\n    kind: ReplicationDestination\n    name: " + rd_name + "\n";
}

std::string docs(std::initializer_list<std::string> parts) {
  std::string s;
  for (const auto& p : parts) s += "---\n" + p;
  return s;
}

}  // namespace

TEST(Lint, CleanPairHasNoFindings) {
  auto r = lint_text(docs({kSecret, rs(), rd(), pvc()}));
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  EXPECT_EQ(lint_exit_code(r), 0);
  EXPECT_EQ(r.objects.size(), 4u);
}

TEST(Lint, SchemaFindingsAreLocated) {
  // kSecret takes lines 1-11 with its separator, `---` is line 12, the field is line 15 of rs().
  auto r = lint_text(docs({kSecret, rs("app", "app-restic", "apps", "    pruneIntervalDays: seven\n")}));
  auto f = with_rule(r, "schema", "spec.restic.pruneIntervalDays");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->file, "in.yaml");
  EXPECT_EQ(f[0]->line, 12 + 15);
  EXPECT_EQ(lint_exit_code(r), 1);
}

TEST(Lint, UnknownFieldAndDuplicateKey) {
  auto r = lint_text(rs("app", "app-restic", "apps", "    retian:\n      daily: 3\n"));
  EXPECT_TRUE(has(r, "schema-unknown-field", "spec.restic.retian")) << dump(r);
  auto d = lint_text(rs("app", "app-restic", "apps", "    copyMethod: Clone\n") + "---\n" + rd());
  EXPECT_TRUE(has(d, "schema", "spec.restic.copyMethod")) << dump(d);
  // The file is read despite the duplicate: the second object is still checked.
  EXPECT_EQ(d.objects.size(), 2u);
  EXPECT_EQ(lint_exit_code(d), 1);
}

TEST(Lint, AliasCycleAfterADuplicateKeyIsAnInputError) {
  // The scan stops at the duplicate, before it could see the cycle further down; the file's reread
  // must refuse the cycle instead of copying it forever.
  auto r = lint_text(rs("app", "app-restic", "apps", "    copyMethod: Clone\n") + "---\n" +
                     rs("other", "app-restic", "apps", "    accessModes: &x [*x]\n"));
  EXPECT_TRUE(has(r, "yaml-duplicate-key")) << dump(r);
  auto f = with_rule(r, "yaml-parse");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->line, 15 + 1 + 15);  // the alias, in the second object
  EXPECT_EQ(lint_exit_code(r), 2);
}

TEST(Lint, PerObjectRules) {
  struct Case {
    std::string yaml, rule, field;
  };
  const std::vector<Case> cases = {
      {rs("app", "s3:https://x/y"), "repository-not-secret", "spec.restic.repository"},
      {rs() + "  rclone:\n    rcloneConfig: x\n    copyMethod: Snapshot\n", "mover-count", "spec"},
      {rd("app-dst", "Clone"), "copymethod-invalid", "spec.restic.copyMethod"},
      {"apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata: {name: d}\nspec:\n"
       "  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct}\n",
       "destination-needs-size", "spec.restic.capacity"},
      {"apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata: {name: d}\nspec:\n"
       "  restic: {repository: r, copyMethod: Direct, destinationPVC: data}\n",
       "trigger-missing", "spec.trigger"},
      {"apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: s}\nspec:\n"
       "  sourcePVC: data\n  restic: {repository: r, copyMethod: Direct, retain: {daily: 1}}\n",
       "source-trigger-missing", "spec.trigger"},
      {"apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: s}\nspec:\n"
       "  sourcePVC: data\n  trigger: {schedule: '0 0 3 * * *'}\n  restic: {repository: r, copyMethod: Direct, retain: {daily: 1}}\n",
       "schedule-invalid", "spec.trigger.schedule"},
      {"apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: s}\nspec:\n"
       "  sourcePVC: data\n  trigger: {schedule: '0 3 * * *'}\n  restic: {repository: r, copyMethod: Direct}\n",
       "retain-missing", "spec.restic.retain"},
      {rs(std::string(60, 'a')), "name-too-long", "metadata.name"},
  };
  for (const auto& c : cases) {
    auto r = lint_text(c.yaml);
    EXPECT_TRUE(has(r, c.rule, c.field)) << c.rule << "\n" << c.yaml << "\n" << dump(r);
    auto off = lint_text(c.yaml, {c.rule});
    EXPECT_FALSE(has(off, c.rule)) << c.rule << " is disabled";
  }
  // Negatives: the clean objects carry none of them.
  auto clean = lint_text(docs({rs(), rd()}));
  for (const auto& c : cases) EXPECT_FALSE(has(clean, c.rule)) << c.rule;
}

TEST(Lint, ContinuousMoversNeedNoTrigger) {
  auto r = lint_text("apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata: {name: d}\n"
                     "spec:\n  rsyncTLS: {copyMethod: Snapshot, capacity: 1Gi, accessModes: [ReadWriteOnce]}\n");
  EXPECT_FALSE(has(r, "trigger-missing")) << dump(r);
}

TEST(Lint, SecretMissingKeys) {
  const std::string only_repo = "apiVersion: v1\nkind: Secret\nmetadata: {name: app-restic, namespace: apps}\n"
                                "stringData:\n  RESTIC_REPOSITORY: s3:https://h/b\n";
  auto r = lint_text(docs({only_repo, rs()}));
  auto f = with_rule(r, "secret-missing-key");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_NE(f[0]->message.find("secret should have fields: [RESTIC_REPOSITORY RESTIC_PASSWORD]"), std::string::npos);
  EXPECT_EQ(f[0]->resource.kind, "Secret");
  EXPECT_EQ(f[0]->line, 5);  // stringData

  const std::string two_keys = "apiVersion: v1\nkind: Secret\nmetadata: {name: app-restic, namespace: apps}\n"
                               "data:\n  RESTIC_REPOSITORY: czM6aHR0cHM6Ly9oL2I=\n  AWS_ACCESS_KEY_ID: aWQ=\n";
  r = lint_text(docs({two_keys, rs()}));
  f = with_rule(r, "secret-missing-key");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_NE(f[0]->message.find("secret is missing field: RESTIC_PASSWORD"), std::string::npos);

  // A Secret no mover names and without RESTIC_* keys is not a repository Secret.
  const std::string other = "apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ndata:\n  tls.crt: eA==\n";
  EXPECT_TRUE(lint_text(other).findings.empty());
  EXPECT_FALSE(has(lint_text(docs({kSecret, rs()})), "secret-missing-key"));
}

// volsync-gen's source Secret has RESTIC_PASSWORD but never RESTIC_REPOSITORY; marked local-config,
// it is never applied, so it is no repository Secret unless a mover names it.
TEST(Lint, LocalConfigSourceSecretIsNotARepositorySecret) {
  const std::string source = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n"
                             "  annotations: {config.kubernetes.io/local-config: \"true\"}\n"
                             "stringData:\n  RESTIC_PASSWORD: x\n  AWS_ACCESS_KEY_ID: a\n";
  EXPECT_FALSE(has(lint_text(source), "secret-missing-key")) << dump(lint_text(source));
  const std::string unmarked = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n"
                               "stringData:\n  RESTIC_PASSWORD: x\n  AWS_ACCESS_KEY_ID: a\n";
  const LintResult r = lint_text(unmarked);
  ASSERT_TRUE(has(r, "secret-missing-key"));
  // Unreferenced, with a password and no repository: most likely the source Secret, so say how to mark it.
  EXPECT_NE(with_rule(r, "secret-missing-key")[0]->message.find("local-config"), std::string::npos) << dump(r);
  // A Secret a ReplicationSource names is a repository Secret: no such advice.
  const std::string named = unmarked + "---\napiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\n"
                            "metadata: {name: b}\nspec:\n  sourcePVC: data\n  trigger: {schedule: \"0 2 * * *\"}\n"
                            "  restic: {repository: volsync-base, copyMethod: Snapshot, pruneIntervalDays: 7,\n"
                            "    retain: {daily: 7}}\n";
  const LintResult n = lint_text(named);
  ASSERT_TRUE(has(n, "secret-missing-key")) << dump(n);
  EXPECT_EQ(with_rule(n, "secret-missing-key")[0]->message.find("local-config"), std::string::npos) << dump(n);
}

// The VolSyncBackup that names the source Secret tells lint what it is, marked or not.
TEST(Lint, SourceSecretNamedByAVolSyncBackupIsNotARepositorySecret) {
  const std::string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n  namespace: volsync-system\n"
                             "stringData:\n  RESTIC_PASSWORD: x\n  AWS_ACCESS_KEY_ID: a\n";
  auto config = [](const std::string& credentials) {
    return "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata: {name: volsync}\nspec:\n"
           "  repository: s3:http://minio:9000/backup\n" + credentials;
  };
  const LintResult named = lint_text(secret + "---\n" + config("  credentials: {secretName: volsync-base}\n"));
  EXPECT_FALSE(has(named, "secret-missing-key")) << dump(named);
  EXPECT_EQ(named.objects.size(), 1u) << "the VolSyncBackup itself is not linted as an object";
  const LintResult in_repository = lint_text(
      secret + "---\n" +
      config("  repositories:\n  - name: offsite\n    credentials: {secretName: volsync-base, "
             "secretNamespace: volsync-system}\n"));
  EXPECT_FALSE(has(in_repository, "secret-missing-key")) << dump(in_repository);
  const LintResult other_namespace = lint_text(
      secret + "---\n" + config("  credentials: {secretName: volsync-base, secretNamespace: elsewhere}\n"));
  EXPECT_TRUE(has(other_namespace, "secret-missing-key")) << dump(other_namespace);
  const LintResult other_name = lint_text(secret + "---\n" + config("  credentials: {secretName: another}\n"));
  EXPECT_TRUE(has(other_name, "secret-missing-key")) << dump(other_name);
  // A per-namespace source Secret (credentials.byNamespace) is one too, top level or in a repository.
  const LintResult by_namespace =
      lint_text(secret + "---\n" + config("  credentials: {byNamespace: {'team-*': volsync-base}}\n"));
  EXPECT_FALSE(has(by_namespace, "secret-missing-key")) << dump(by_namespace);
  const LintResult by_namespace_in_repository = lint_text(
      secret + "---\n" + config("  repositories:\n  - name: offsite\n    credentials: {byNamespace: {media: volsync-base}}\n"));
  EXPECT_FALSE(has(by_namespace_in_repository, "secret-missing-key")) << dump(by_namespace_in_repository);
  // As the functionConfig of a ResourceList (what kpt hands a function).
  std::string list = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ";
  for (std::size_t pos = 0; pos < secret.size();) {
    const std::size_t nl = secret.find('\n', pos);
    list += (pos ? "  " : "") + secret.substr(pos, nl + 1 - pos);
    pos = nl + 1;
  }
  list += "functionConfig:\n  apiVersion: volsync-gen.io/v1alpha1\n  kind: VolSyncBackup\n  metadata: {name: v}\n"
          "  spec:\n    credentials: {secretName: volsync-base}\n";
  const LintResult as_function_config = lint_text(list);
  EXPECT_EQ(as_function_config.objects.size(), 1u) << dump(as_function_config);
  EXPECT_FALSE(has(as_function_config, "secret-missing-key")) << dump(as_function_config);
}

TEST(Lint, SecretKeysVolSyncIgnores) {
  std::string s = kSecret + "  AWS_REGION: us-east-1\n";
  auto r = lint_text(docs({s, rs()}));
  auto f = with_rule(r, "secret-key-ignored");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->field, "stringData.AWS_REGION");
  EXPECT_EQ(f[0]->line, 12);
  EXPECT_NE(f[0]->message.find("AWS_DEFAULT_REGION"), std::string::npos);
  EXPECT_EQ(f[0]->message.find("us-east-1"), std::string::npos) << "never print values";
  EXPECT_FALSE(has(lint_text(docs({kSecret + "  AWS_DEFAULT_REGION: x\n  RCLONE_CONFIG_X: y\n", rs()})),
                   "secret-key-ignored"));
}

TEST(Lint, RepositorySharedBySecretName) {
  auto r = lint_text(docs({kSecret, rs("a"), rs("b")}));
  auto f = with_rule(r, "repository-shared");
  ASSERT_EQ(f.size(), 2u) << dump(r);
  EXPECT_NE(f[0]->message.find("a, b"), std::string::npos);
  EXPECT_EQ(lint_exit_code(r), 1);
  // Same Secret name in two namespaces: two Secrets, two repositories (values differ).
  std::string s2 = kSecret;
  s2.replace(s2.find("namespace: apps"), 15, "namespace: other");
  s2.replace(s2.find("bucket/app"), 10, "bucket/oth");
  EXPECT_FALSE(has(lint_text(docs({kSecret, s2, rs("a"), rs("b", "app-restic", "other")})), "repository-shared"));
  // An RS and the RD restoring from it share the repository by design.
  EXPECT_FALSE(has(lint_text(docs({kSecret, rs(), rd()})), "repository-shared"));
}

TEST(Lint, RepositorySharedByValueNeverPrintsIt) {
  // Two Secrets, same RESTIC_REPOSITORY (one in data, base64), in different namespaces.
  const std::string s1 = "apiVersion: v1\nkind: Secret\nmetadata: {name: a-restic, namespace: n1}\n"
                         "stringData: {RESTIC_REPOSITORY: 's3:https://h/b/x', RESTIC_PASSWORD: p}\n";
  const std::string s2 = "apiVersion: v1\nkind: Secret\nmetadata: {name: b-restic, namespace: n2}\n"
                         "data: {RESTIC_REPOSITORY: czM6aHR0cHM6Ly9oL2IveA==, RESTIC_PASSWORD: cA==}\n";
  auto r = lint_text(docs({s1, s2, rs("a", "a-restic", "n1"), rs("b", "b-restic", "n2")}));
  auto f = with_rule(r, "repository-shared");
  ASSERT_EQ(f.size(), 2u) << dump(r);
  EXPECT_NE(f[0]->message.find("n1/a-restic"), std::string::npos);
  EXPECT_NE(f[0]->message.find("n2/b"), std::string::npos);
  for (const auto& x : r.findings) EXPECT_EQ(x.message.find("s3:"), std::string::npos) << x.message;
}

// One access key id in Secrets of three namespaces (data and stringData), a fourth with another key:
// one info finding naming the three Secrets, never a value.
TEST(Lint, AccessKeySharedAcrossNamespaces) {
  auto secret = [](const std::string& ns, const std::string& body) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + ns + "-restic, namespace: " + ns + "}\n" + body;
  };
  // AKIASHARED0001 and "secret-value-1" in base64.
  const std::string shared_data = "data: {AWS_ACCESS_KEY_ID: QUtJQVNIQVJFRDAwMDE=, AWS_SECRET_ACCESS_KEY: c2VjcmV0LXZhbHVlLTE=}\n";
  const std::string shared_text = "stringData: {AWS_ACCESS_KEY_ID: AKIASHARED0001, AWS_SECRET_ACCESS_KEY: secret-value-1}\n";
  const std::string own = "stringData: {AWS_ACCESS_KEY_ID: AKIAOWNKEY0004, AWS_SECRET_ACCESS_KEY: secret-value-4}\n";
  auto r = lint_text(docs({secret("media", shared_data), secret("home", shared_text), secret("games", shared_text),
                           secret("finance", own)}));
  auto f = with_rule(r, "secret-key-shared");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->severity, Severity::kInfo);
  EXPECT_EQ(f[0]->resource.name, "media-restic");
  EXPECT_EQ(f[0]->field, "data.AWS_ACCESS_KEY_ID");
  EXPECT_EQ(f[0]->line, 5);  // after the leading ---
  EXPECT_NE(f[0]->message.find("3 namespaces: media/media-restic, home/home-restic, games/games-restic"),
            std::string::npos) << f[0]->message;
  EXPECT_EQ(f[0]->message.find("finance"), std::string::npos) << f[0]->message;
  for (const auto& x : r.findings)
    for (const char* value : {"AKIA", "QUtJQVNI", "secret-value", "c2VjcmV0"}) {
      EXPECT_EQ(x.message.find(value), std::string::npos) << x.message;
      EXPECT_EQ(x.hint.find(value), std::string::npos) << x.hint;
    }
  // One namespace, two Secrets with the key: no finding; the rule can be disabled.
  const std::string other = "apiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: home}\n" + shared_text;
  EXPECT_FALSE(has(lint_text(docs({secret("home", shared_text), other})), "secret-key-shared"));
  EXPECT_FALSE(has(lint_text(docs({secret("media", shared_data), secret("home", shared_text)}), {"secret-key-shared"}),
                   "secret-key-shared"));
}

TEST(Lint, AzureAccountNameAloneIsNoSharedKey) {
  auto secret = [](const std::string& ns, const std::string& key) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: az, namespace: " + ns +
           "}\nstringData: {AZURE_ACCOUNT_NAME: acct, AZURE_ACCOUNT_KEY: " + key + "}\n";
  };
  EXPECT_FALSE(has(lint_text(docs({secret("a", "k1"), secret("b", "k2")})), "secret-key-shared"));
  auto r = lint_text(docs({secret("a", "k1"), secret("b", "k1")}));
  auto f = with_rule(r, "secret-key-shared");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_NE(f[0]->message.find("AZURE_ACCOUNT_NAME+AZURE_ACCOUNT_KEY"), std::string::npos) << f[0]->message;
  EXPECT_EQ(f[0]->message.find("acct"), std::string::npos) << f[0]->message;
}

TEST(Lint, RepositoryLocalPathAndSecretNotFound) {
  std::string local = kSecret;
  local.replace(local.find("s3:https://s3.example.com/bucket/app"), 36, "/repository/app");
  auto r = lint_text(docs({local, rs()}));
  EXPECT_TRUE(has(r, "repository-local-path", "spec.restic.moverVolumes")) << dump(r);
  auto mounted = lint_text(docs({local, rs("app", "app-restic", "apps",
                                           "    moverVolumes:\n    - mountPath: repo\n      volumeSource:\n"
                                           "        persistentVolumeClaim: {claimName: nfs}\n")}));
  EXPECT_FALSE(has(mounted, "repository-local-path")) << dump(mounted);

  auto nf = lint_text(docs({kSecret, rs("x", "other-secret")}));
  auto f = with_rule(nf, "repository-secret-not-found");
  ASSERT_EQ(f.size(), 1u) << dump(nf);
  EXPECT_EQ(f[0]->severity, Severity::kInfo);
  // No credentials in the inputs at all: nothing to compare with, nothing said.
  EXPECT_FALSE(has(lint_text(rs()), "repository-secret-not-found"));
  // An ExternalSecret that makes the Secret counts (spec.target.name).
  const std::string es = "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: x, namespace: apps}\n"
                         "spec:\n  target: {name: app-restic}\n";
  EXPECT_FALSE(has(lint_text(docs({es, rs()})), "repository-secret-not-found"));
}

TEST(Lint, SourceAndDestinationSharingAName) {
  auto r = lint_text(docs({rs("app"), rd("app")}));
  EXPECT_EQ(with_rule(r, "rs-rd-same-name", "metadata.name").size(), 2u) << dump(r);
  EXPECT_FALSE(has(lint_text(docs({rs("app"), rd("app", "Snapshot", "other")})), "rs-rd-same-name"));
  EXPECT_FALSE(has(lint_text(docs({rs("app"), rd("app-dst")})), "rs-rd-same-name"));
}

TEST(Lint, VolumePopulator) {
  EXPECT_TRUE(lint_text(docs({rd(), pvc()})).findings.empty());
  auto direct = lint_text(docs({rd("app-dst", "Direct"), pvc()}));
  auto f = with_rule(direct, "populator-rd-not-snapshot");
  ASSERT_EQ(f.size(), 1u) << dump(direct);
  EXPECT_EQ(f[0]->resource.kind, "PersistentVolumeClaim");
  EXPECT_EQ(f[0]->field, "spec.dataSourceRef");
  auto missing = lint_text(docs({rd(), pvc("nope")}));
  EXPECT_TRUE(has(missing, "populator-rd-not-found", "spec.dataSourceRef.name")) << dump(missing);
  auto group = lint_text(docs({rd(), pvc("app-dst", "volsync.example")}));
  EXPECT_TRUE(has(group, "populator-apigroup", "spec.dataSourceRef.apiGroup")) << dump(group);
  // A PVC without a namespace gets one at deploy time: it matches the RD in any namespace.
  std::string loose = pvc();
  loose.erase(loose.find("  namespace: apps\n"), 18);
  EXPECT_FALSE(has(lint_text(docs({rd(), loose})), "populator-rd-not-found"));
}

// The objects of a List (issue 12), here in a multi-document file, are linted as kubectl reads
// them, each at its own lines; a file that is one List and a nested List too.
TEST(Lint, ObjectsOfAListAreLintedAtTheirLines) {
  auto as_items = [](std::initializer_list<std::string> parts, const std::string& indent) {
    std::string out;
    for (const std::string& p : parts)
      for (std::size_t pos = 0; pos < p.size();) {
        const std::size_t nl = p.find('\n', pos);
        out += indent + (pos == 0 ? "- " : "  ") + p.substr(pos, nl + 1 - pos);
        pos = nl + 1;
      }
    return out;
  };
  const std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: List\nitems:\n" +
                           as_items({rs("app", "app-restic", "apps", "    pruneIntervalDays: seven\n"), pvc("nope")}, "");
  auto r = lint_text(text);
  auto f = with_rule(r, "schema", "spec.restic.pruneIntervalDays");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->line, 7 + 15);  // the items start on line 8; the field is line 15 of rs()
  auto p = with_rule(r, "populator-rd-not-found");
  ASSERT_EQ(p.size(), 1u) << dump(r);
  EXPECT_EQ(p[0]->resource.kind, "PersistentVolumeClaim");
  EXPECT_GT(p[0]->line, 7 + 15);
  EXPECT_EQ(r.objects.size(), 2u);  // the RS and the PVC; neither List nor ConfigMap is linted

  const std::string nested = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ReplicationSourceList\n  items:\n" +
                             as_items({rs("app", "app-restic", "apps", "    pruneIntervalDays: seven\n")}, "  ");
  auto nested_result = lint_text(nested);  // with_rule points into it
  auto n = with_rule(nested_result, "schema", "spec.restic.pruneIntervalDays");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0]->line, 6 + 15);
}

// A field from a YAML merge key is the field kubectl sees, not an unknown field named `<<`.
TEST(Lint, MergeKeysAreResolved) {
  auto r = lint_text(rs("app", "app-restic", "apps", "    <<: {pruneIntervalDays: 7}\n"));
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  auto bad = lint_text(rs("app", "app-restic", "apps", "    <<: {pruneIntervalDays: seven}\n"));
  EXPECT_TRUE(has(bad, "schema", "spec.restic.pruneIntervalDays")) << dump(bad);
}

TEST(Lint, UnsubstitutedVariablesAreReportedOnceNotAsTypeErrors) {
  const std::string tmpl = R"(apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata:
  name: ${APP}-dst
spec:
  trigger:
    manual: restore-once
  restic:
    repository: ${APP}-volsync-secret
    copyMethod: ${VOLSYNC_COPYMETHOD:=Snapshot}
    capacity: ${VOLSYNC_CAPACITY}
    accessModes: ["${VOLSYNC_ACCESSMODES:=ReadWriteOnce}"]
    moverSecurityContext:
      runAsUser: ${APP_UID}
    previous: 1
    retian: 3
)";
  auto r = lint_text(tmpl);
  auto f = with_rule(r, "unsubstituted-variable");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->severity, Severity::kInfo);
  EXPECT_EQ(f[0]->line, 4);
  EXPECT_NE(f[0]->message.find("6 field(s)"), std::string::npos) << f[0]->message;
  EXPECT_FALSE(has(r, "schema")) << dump(r);
  EXPECT_FALSE(has(r, "copymethod-invalid")) << dump(r);
  EXPECT_FALSE(has(r, "repository-not-secret")) << dump(r);
  // What is wrong regardless of the variables is still reported.
  EXPECT_TRUE(has(r, "schema-unknown-field", "spec.restic.retian")) << dump(r);
  EXPECT_EQ(lint_exit_code(r), 1);
  EXPECT_FALSE(has(lint_text(tmpl, {"unsubstituted-variable"}), "unsubstituted-variable"));
}

TEST(Lint, MalformedYamlIsAnInputErrorWithALine) {
  auto r = lint_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n");
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "yaml-parse");
  EXPECT_EQ(r.findings[0].file, "in.yaml");
  EXPECT_GT(r.findings[0].line, 0);
  EXPECT_EQ(lint_exit_code(r), 2);
}

TEST(Lint, ResourceListOnStdinShape) {
  const std::string list = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + [] {
    std::string items;
    for (const auto& doc : {rs("app", "s3:https://x/y")}) {
      std::istringstream in(doc);
      bool first = true;
      for (std::string line; std::getline(in, line); first = false) items += (first ? "- " : "  ") + line + "\n";
    }
    return items;
  }();
  auto r = lint_text(list);
  auto f = with_rule(r, "repository-not-secret");
  ASSERT_EQ(f.size(), 1u) << dump(r);
  EXPECT_EQ(f[0]->line, 14);  // the line of `repository:` in the ResourceList
}

// ---- output formats ------------------------------------------------------------------------------

namespace {
Findings sample_findings() {
  auto r = lint_text(docs({kSecret + "  AWS_REGION: x\n", rs("app", "s3:https://x/y"), rs("b")}));
  return r.findings;
}
}  // namespace

TEST(LintFormat, Json) {
  Findings fs = sample_findings();
  ASSERT_GE(fs.size(), 2u);
  fs[0].message += " \"quoted\"\n\ttab \x01";
  std::string out = find_report_format("json")->write(fs, rule_registry());
  YAML::Node doc = YAML::Load(out);  // JSON is YAML: a parse failure throws
  ASSERT_TRUE(doc.IsSequence());
  ASSERT_EQ(doc.size(), fs.size());
  EXPECT_EQ(doc[0]["rule"].as<std::string>(), fs[0].rule);
  EXPECT_EQ(doc[0]["line"].as<int>(), fs[0].line);
  EXPECT_EQ(doc[0]["message"].as<std::string>(), fs[0].message);
  EXPECT_EQ(doc[0]["resource"]["kind"].as<std::string>(), fs[0].resource.kind);
  EXPECT_EQ(find_report_format("json")->write({}, rule_registry()), "[]\n");
}

TEST(LintFormat, Sarif) {
  Findings fs = sample_findings();
  std::string out = find_report_format("sarif")->write(fs, rule_registry());
  YAML::Node doc = YAML::Load(out);
  EXPECT_EQ(doc["version"].as<std::string>(), "2.1.0");
  EXPECT_TRUE(doc["$schema"]);
  YAML::Node run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"].as<std::string>(), "volsync-gen");
  YAML::Node rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), rule_registry().size());
  for (const auto& r : rules) {
    EXPECT_TRUE(r["id"]);
    EXPECT_TRUE(r["shortDescription"]["text"]);
    EXPECT_TRUE(r["help"]["text"]);
  }
  YAML::Node results = run["results"];
  ASSERT_EQ(results.size(), fs.size());
  for (std::size_t i = 0; i < fs.size(); ++i) {
    const YAML::Node res = results[i];
    EXPECT_EQ(res["ruleId"].as<std::string>(), fs[i].rule);
    EXPECT_EQ(rules[res["ruleIndex"].as<std::size_t>()]["id"].as<std::string>(), fs[i].rule);
    EXPECT_TRUE(res["level"]);
    EXPECT_TRUE(res["message"]["text"]);
    const YAML::Node loc = res["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"]["uri"].as<std::string>(), "in.yaml");
    EXPECT_EQ(loc["region"]["startLine"].as<int>(), fs[i].line);
  }
}

TEST(LintFormat, GithubAndText) {
  Finding f{.rule = "schema",
            .message = "100% wrong\nsecond line",
            .file = "a,b:c.yaml",
            .line = 7};
  std::string gh = find_report_format("github")->write({f}, rule_registry());
  EXPECT_EQ(gh, "::error file=a%2Cb%3Ac.yaml,line=7,title=schema::100%25 wrong%0Asecond line\n");
  f.severity = Severity::kWarning;
  EXPECT_EQ(find_report_format("github")->write({f}, rule_registry()).rfind("::warning ", 0), 0u);
  f.severity = Severity::kInfo;
  EXPECT_EQ(find_report_format("github")->write({f}, rule_registry()).rfind("::notice ", 0), 0u);
  EXPECT_EQ(find_report_format("text")->write({f}, rule_registry()), f.to_text() + "\n");
  EXPECT_EQ(find_report_format("xml"), nullptr);
}

// ---- the command -----------------------------------------------------------------------------------

namespace {

struct CmdRun {
  std::string out, err;
  int status = -1;
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class LintCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vg-lint-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }

  CmdRun run(const std::string& args, const std::string& stdin_text = {}) {
    write(".stdin", stdin_text);
    std::string cmd = "cd " + quote(dir_.string()) + " && " + quote(VG_BINARY) + " lint " + args + " < .stdin > .out 2> .err";
    int rc = std::system(cmd.c_str());
    CmdRun r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(dir_ / ".out");
    r.err = slurp(dir_ / ".err");
    return r;
  }

  fs::path dir_;
};

}  // namespace

TEST_F(LintCommand, ExitCodes) {
  write("clean.yaml", docs({kSecret, rs(), rd()}));
  write("warn.yaml", rs(std::string(60, 'w'), "x"));
  write("bad.yaml", rs("app", "s3:https://x/y"));
  write("broken.yaml", "a: [\n");
  EXPECT_EQ(run("clean.yaml").status, 0);
  CmdRun w = run("warn.yaml");
  EXPECT_EQ(w.status, 0) << w.out;
  EXPECT_NE(w.out.find("warning name-too-long"), std::string::npos) << w.out;
  CmdRun b = run("bad.yaml");
  EXPECT_EQ(b.status, 1);
  EXPECT_NE(b.out.find("bad.yaml:11: error repository-not-secret ReplicationSource apps/app: "), std::string::npos)
      << b.out;
  CmdRun p = run("broken.yaml bad.yaml");
  EXPECT_EQ(p.status, 2);
  EXPECT_NE(p.out.find("broken.yaml:2: error yaml-parse"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("bad.yaml:11:"), std::string::npos) << "the other files are still linted";
  EXPECT_EQ(run("missing.yaml").status, 2);
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("--format xml clean.yaml").status, 2);
  EXPECT_EQ(run("--disable no-such-rule clean.yaml").status, 2);
  EXPECT_EQ(run("--disable repository-not-secret bad.yaml").status, 0);
  EXPECT_EQ(run("--disable repository-not-secret,name-too-long bad.yaml warn.yaml").out, "");
}

TEST_F(LintCommand, DirectoriesRecursively) {
  write("tree/a.yaml", rs("a", "s3:https://x/y"));
  write("tree/sub/deeper/b.yml", rd("b", "Clone"));
  write("tree/sub/notes.txt", "kind: ReplicationSource\nnot yaml at all: [");
  write("tree/sub/c.yaml", docs({kSecret, rs("c"), rs("d")}));  // cross-object: two RS, one repository
  CmdRun r = run("tree");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("tree/a.yaml:11: error repository-not-secret"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tree/sub/deeper/b.yml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("repository-shared"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("notes.txt"), std::string::npos);
  EXPECT_NE(r.err.find("3 file(s)"), std::string::npos) << r.err;
}

TEST_F(LintCommand, StdinResourceListAndFormats) {
  std::string items;
  std::istringstream in(rs("app", "s3:https://x/y"));
  bool first = true;
  for (std::string line; std::getline(in, line); first = false) items += (first ? "- " : "  ") + line + "\n";
  const std::string list = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items;
  CmdRun t = run("-", list);
  EXPECT_EQ(t.status, 1);
  EXPECT_NE(t.out.find("<stdin>:14: error repository-not-secret"), std::string::npos) << t.out;
  CmdRun j = run("--format json -", list);
  EXPECT_EQ(j.status, 1);
  EXPECT_EQ(YAML::Load(j.out)[0]["rule"].as<std::string>(), "repository-not-secret") << j.out;
  CmdRun s = run("--format=sarif -", list);
  EXPECT_EQ(YAML::Load(s.out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].as<int>(), 14);
  CmdRun g = run("-f github -", list);
  EXPECT_EQ(g.out.rfind("::error file=<stdin>,line=14,title=repository-not-secret::", 0), 0u) << g.out;
}

TEST_F(LintCommand, SchemasOption) {
  write("bad.yaml", rs("app", "app-restic", "apps", "    bogus: 1\n"));
  CmdRun embedded = run("bad.yaml");
  EXPECT_NE(embedded.out.find("schema-unknown-field"), std::string::npos) << embedded.out;
  CmdRun custom = run("--schemas " + quote(VG_SOURCE_DIR "/schemas") + " bad.yaml");
  EXPECT_NE(custom.out.find("schema-unknown-field"), std::string::npos) << custom.out << custom.err;
  EXPECT_EQ(run("--schemas nowhere bad.yaml").status, 2);
}

namespace {

// YAML that is no Kubernetes object is skipped with an info finding and never fails lint; the
// objects beside it in the same file are still linted (issue 12, point 9).
TEST(LintNotKubernetes, SkippedWithAnInfoFinding) {
  const struct {
    const char* name;
    std::string yaml;
    std::vector<int> info_lines;
  } cases[] = {
      {"Ansible playbook", "- hosts: all\n  tasks:\n  - name: x\n    ping: {}\n", {1}},
      {"scalar", "just text\n", {1}},
      {"CI file without kind", "on: push\njobs:\n  build: {runs-on: ubuntu-latest}\n", {1}},
      {"kind without apiVersion", "kind: Thing\nspec: {}\n", {1}},
      {"list then a bad object", "- a\n---\n" + rs("app", "app-restic", "apps", "    retian: 1\n"), {1}},
      {"object then a scalar", kSecret + "---\nplain\n", {12}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LintResult r = lint_text(c.yaml);
    std::vector<int> lines;
    for (const Finding* f : with_rule(r, "not-kubernetes")) {
      EXPECT_EQ(f->severity, Severity::kInfo);
      EXPECT_EQ(f->file, "in.yaml");
      lines.push_back(f->line);
    }
    EXPECT_EQ(lines, c.info_lines) << dump(r);
    EXPECT_FALSE(r.input_error) << dump(r);
    EXPECT_FALSE(has(r, "not-an-object")) << dump(r);
  }
  // The object after the list is linted.
  LintResult mixed = lint_text("- a\n---\n" + rs("app", "app-restic", "apps", "    retian: 1\n") + "---\n" + kSecret);
  EXPECT_EQ(lint_exit_code(mixed), 1) << dump(mixed);
  EXPECT_TRUE(has(mixed, "schema-unknown-field", "spec.restic.retian")) << dump(mixed);
  EXPECT_EQ(lint_exit_code(lint_text("- hosts: all\n")), 0);
}

// An object of VolSync's group in an unknown version is an error, as the API server refuses it.
TEST(LintVolSyncVersion, UnknownVersionIsAnError) {
  for (const char* api : {"volsync.backube/v1alpha2", "volsync.backube/v1", "volsync.backube"}) {
    SCOPED_TRACE(api);
    std::string yaml = rs();
    yaml.replace(0, yaml.find('\n'), std::string("apiVersion: ") + api);
    LintResult r = lint_text(yaml + "---\n" + kSecret);
    const auto found = with_rule(r, "volsync-unknown-version", "apiVersion");
    ASSERT_EQ(found.size(), 1u) << dump(r);
    EXPECT_EQ(found[0]->severity, Severity::kError);
    EXPECT_EQ(found[0]->line, 1);
    EXPECT_EQ(found[0]->resource.name, "app");
    EXPECT_EQ(lint_exit_code(r), 1);
  }
  EXPECT_FALSE(has(lint_text(rs() + "---\n" + kSecret), "volsync-unknown-version"));
}

}  // namespace
