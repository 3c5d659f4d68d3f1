// `volsync-gen render` (Flux pre-rendering): output layout, determinism, stale-file removal,
// --check, the plaintext-Secret refusal; the library functions directly and the CLI through
// VG_BINARY.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/render.h"
#include "cli/udiff.h"
#include "support/test_util.h"

namespace fs = std::filesystem;

namespace {

using vg::test::slurp;

void spit(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << s;
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct CliRun {
  int status = -1;
  std::string out, err;
};

const char* kConfig = R"(apiVersion: volsync-gen.io/v1alpha1
kind: VolSyncBackup
metadata:
  name: volsync
spec:
  repository: s3:http://minio:9000/backups
  credentials:
    secretName: volsync-base
)";

std::string pvc(const std::string& ns, const std::string& name, bool labelled, const std::string& size = "1Gi") {
  return "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\n" + (labelled ? "  labels:\n    backup: daily\n" : "") +
         "spec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: " + size + "\n";
}

// The one source Secret the per-PVC Secrets are copied from.
std::string source_secret(const std::string& ns = "volsync") {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n  namespace: " + ns +
         "\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n"
         "stringData:\n  RESTIC_PASSWORD: hunter2-very-secret\n  AWS_ACCESS_KEY_ID: AKIAEXAMPLE\n"
         "  AWS_SECRET_ACCESS_KEY: also-very-secret\n";
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("vg-render-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    repo_ = root_ / "repo";
    out_ = repo_ / "clusters" / "volsync";
    spit(repo_ / "volsync" / "config.yaml", kConfig);
    spit(repo_ / "volsync" / "source-secret.yaml", source_secret());
    spit(repo_ / "apps" / "web" / "pvc.yaml", pvc("web", "uploads", true));
    spit(repo_ / "apps" / "db" / "pvc.yml",
         pvc("db", "pgdata", true, "10Gi") + "---\n" + pvc("db", "scratch", false));
    spit(repo_ / "apps" / "db" / "kustomization.yaml",
         "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pvc.yml]\n");
    spit(repo_ / "apps" / "web" / "kustomization.yaml",
         "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pvc.yaml]\n");
    spit(repo_ / "apps" / "values.yaml", "- not\n- a manifest\n");      // a list: skipped
    spit(repo_ / "apps" / "README.yaml", "title: no apiVersion here\n");  // no kind: skipped
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(root_);
  }

  vg::RenderOptions options(bool allow = true) const {
    vg::RenderOptions o;
    o.input_dir = repo_;
    o.output_dir = out_;
    o.allow_plaintext_secrets = allow;
    return o;
  }

  // render + plan + apply, as the CLI does without --check
  vg::RenderResult render_and_write(const vg::RenderOptions& o) {
    vg::RenderResult r = vg::render(o);
    if (!r.ok) return r;
    std::vector<vg::OutputChange> changes;
    EXPECT_TRUE(vg::plan_output(o.output_dir, r.files, changes, r.findings));
    EXPECT_TRUE(vg::apply_output(o.output_dir, changes, r.findings));
    return r;
  }

  CliRun cli(const std::string& args, const std::string& stdin_path = "/dev/null") const {
    const fs::path o = root_ / "stdout", e = root_ / "stderr";
    const std::string cmd = "cd " + quote(repo_.string()) + " && " + quote(VG_BINARY) + " " + args + " >" +
                            quote(o.string()) + " 2>" + quote(e.string()) + " <" + quote(stdin_path);
    int rc = std::system(cmd.c_str());
    CliRun r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(o);
    r.err = slurp(e);
    return r;
  }

  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(out_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string errors(const vg::RenderResult& r) const {
    std::string s;
    for (const auto& f : r.findings) s += f.to_text() + "\n";
    return s;
  }

  fs::path root_, repo_, out_;
};

TEST_F(RenderTest, OneFilePerPvcAndASortedKustomization) {
  vg::RenderResult r = render_and_write(options());
  ASSERT_TRUE(r.ok) << errors(r);
  EXPECT_EQ(listing(), (std::vector<std::string>{"kustomization.yaml", "volsync-db-pgdata.yaml", "volsync-web-uploads.yaml"}));
  const std::string k = slurp(out_ / "kustomization.yaml");
  EXPECT_EQ(k.rfind(std::string(vg::kOwnedMarker) + "\n", 0), 0u) << k;
  EXPECT_NE(k.find("kind: Kustomization\nresources:\n- volsync-db-pgdata.yaml\n- volsync-web-uploads.yaml\n"),
            std::string::npos) << k;

  const std::string f = slurp(out_ / "volsync-db-pgdata.yaml");
  EXPECT_EQ(f.rfind(std::string(vg::kOwnedMarker) + "\n", 0), 0u);
  // Secret, then the restore, then the backup, in one stream.
  const auto secret = f.find("kind: Secret\n"), rd = f.find("kind: ReplicationDestination\n"),
             rs = f.find("kind: ReplicationSource\n");
  ASSERT_NE(secret, std::string::npos) << f;
  ASSERT_NE(rd, std::string::npos) << f;
  ASSERT_NE(rs, std::string::npos) << f;
  EXPECT_LT(secret, rd);
  EXPECT_LT(rd, rs);
  EXPECT_NE(f.find("  name: pgdata-volsync-secret\n  namespace: db\n"), std::string::npos) << f;
  EXPECT_EQ(f.find("scratch"), std::string::npos) << "unlabelled PVC must not be rendered";
  // Flux never re-creates a finished restore: only on the RD.
  const std::string ssa = "kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\n";
  ASSERT_NE(f.find(ssa), std::string::npos) << f;
  EXPECT_GT(f.find(ssa), rd);
  EXPECT_LT(f.find(ssa), rs);
  EXPECT_EQ(f.find(ssa, f.find(ssa) + 1), std::string::npos);
  // Input objects are not copied into the output.
  EXPECT_EQ(f.find("kind: PersistentVolumeClaim"), std::string::npos);
  EXPECT_EQ(f.find("volsync-base"), std::string::npos);
  // Two unnamed kustomization.yaml objects are not mistaken for one changed object.
  EXPECT_TRUE(r.source_edits.empty());
  EXPECT_EQ(r.inputs, (std::vector<std::string>{"apps/README.yaml", "apps/db/kustomization.yaml", "apps/db/pvc.yml",
                                                "apps/values.yaml", "apps/web/kustomization.yaml", "apps/web/pvc.yaml", "volsync/config.yaml",
                                                "volsync/source-secret.yaml"}));
}

// Issue 15: kopia objects render like restic ones; each namespace's KopiaMaintenance lands in the
// file of its first PVC, once.
TEST_F(RenderTest, KopiaObjectsAndOneMaintenancePerNamespace) {
  spit(repo_ / "volsync" / "config.yaml",
       std::string(kConfig).replace(std::string(kConfig).find("  repository: s3:http://minio:9000/backups\n"),
                                    std::string("  repository: s3:http://minio:9000/backups\n").size(),
                                    "  mover: kopia\n  repository: filesystem:///repository\n"));
  spit(repo_ / "volsync" / "source-secret.yaml",
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: volsync-base\n  namespace: volsync\n  annotations:\n"
       "    config.kubernetes.io/local-config: \"true\"\nstringData:\n  KOPIA_PASSWORD: hunter2-very-secret\n");
  spit(repo_ / "apps" / "db" / "more.yaml", pvc("db", "wal", true));
  vg::RenderResult r = render_and_write(options());
  ASSERT_TRUE(r.ok) << errors(r);
  EXPECT_EQ(listing(), (std::vector<std::string>{"kustomization.yaml", "volsync-db-pgdata.yaml", "volsync-db-wal.yaml",
                                                "volsync-web-uploads.yaml"}));
  const std::string pgdata = slurp(out_ / "volsync-db-pgdata.yaml"), wal = slurp(out_ / "volsync-db-wal.yaml"),
                    web = slurp(out_ / "volsync-web-uploads.yaml");
  EXPECT_NE(pgdata.find("  kopia:\n    repository: pgdata-volsync-secret\n"), std::string::npos) << pgdata;
  EXPECT_NE(pgdata.find("      sourceName: pgdata-backup\n"), std::string::npos) << pgdata;
  EXPECT_EQ(pgdata.find("restic"), std::string::npos) << pgdata;
  const auto maintenances = [](const std::string& f) {
    std::size_t n = 0;
    for (auto p = f.find("kind: KopiaMaintenance\n"); p != std::string::npos; p = f.find("kind: KopiaMaintenance\n", p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(maintenances(pgdata) + maintenances(wal), 1u) << "one per namespace";
  EXPECT_EQ(maintenances(web), 1u);
}

TEST_F(RenderTest, DeterministicByteForByte) {
  vg::RenderResult a = vg::render(options());
  ASSERT_TRUE(a.ok) << errors(a);
  // The same manifests written in another order, into another directory, give the same bytes.
  const fs::path copy = root_ / "copy";
  for (const char* rel : {"volsync/source-secret.yaml", "volsync/config.yaml", "apps/web/pvc.yaml", "apps/db/pvc.yml", "apps/db/kustomization.yaml"})
    spit(copy / rel, slurp(repo_ / rel));
  vg::RenderOptions o = options();
  o.input_dir = copy;
  vg::RenderResult b = vg::render(o);
  ASSERT_TRUE(b.ok) << errors(b);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(a.files[i].name, b.files[i].name);
    EXPECT_EQ(a.files[i].content, b.files[i].content) << a.files[i].name;
  }
  // Rendering over its own output changes nothing (output is skipped as input).
  render_and_write(options());
  const std::string before = slurp(out_ / "volsync-web-uploads.yaml");
  vg::RenderResult again = vg::render(options());
  ASSERT_TRUE(again.ok) << errors(again);
  std::vector<vg::OutputChange> changes;
  ASSERT_TRUE(vg::plan_output(out_, again.files, changes, again.findings));
  EXPECT_TRUE(changes.empty());
  EXPECT_EQ(slurp(out_ / "volsync-web-uploads.yaml"), before);
}

TEST_F(RenderTest, OutputElsewhereIsNotReadBack) {
  // A copy of rendered files elsewhere in the tree carries the marker and is skipped too.
  render_and_write(options());
  fs::copy(out_, repo_ / "old-render", fs::copy_options::recursive);
  vg::RenderResult r = vg::render(options());
  ASSERT_TRUE(r.ok) << errors(r);
  for (const auto& in : r.inputs) EXPECT_EQ(in.find("old-render"), std::string::npos) << in;
  for (const auto& in : r.inputs) EXPECT_EQ(in.find("clusters/volsync"), std::string::npos) << in;
}

TEST_F(RenderTest, RemovesOnlyItsOwnFilesOfPvcsThatLostTheirLabel) {
  ASSERT_TRUE(render_and_write(options()).ok);
  spit(out_ / "notes.yaml", "# mine\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n");
  spit(out_ / "README.md", "hands off\n");
  spit(repo_ / "apps" / "web" / "pvc.yaml", pvc("web", "uploads", false));
  vg::RenderResult r = render_and_write(options());
  ASSERT_TRUE(r.ok) << errors(r);
  EXPECT_EQ(listing(), (std::vector<std::string>{"README.md", "kustomization.yaml", "notes.yaml", "volsync-db-pgdata.yaml"}));
  EXPECT_EQ(slurp(out_ / "notes.yaml").rfind("# mine", 0), 0u);
  EXPECT_EQ(slurp(out_ / "kustomization.yaml").find("volsync-web-uploads"), std::string::npos);

  // No labelled PVC left: an empty, valid kustomization.
  spit(repo_ / "apps" / "db" / "pvc.yml", pvc("db", "pgdata", false));
  ASSERT_TRUE(render_and_write(options()).ok);
  EXPECT_EQ(listing(), (std::vector<std::string>{"README.md", "kustomization.yaml", "notes.yaml"}));
  EXPECT_NE(slurp(out_ / "kustomization.yaml").find("resources: []\n"), std::string::npos);
}

TEST_F(RenderTest, NeverOverwritesAFileItDidNotWrite) {
  spit(out_ / "volsync-web-uploads.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hand-written\n");
  CliRun r = cli("render . --output clusters/volsync --allow-plaintext-secrets");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("not written by volsync-gen render"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(out_ / "volsync-web-uploads.yaml").find("hand-written") != std::string::npos, true);
  EXPECT_FALSE(fs::exists(out_ / "kustomization.yaml")) << "nothing is written when one file is in the way";
}

TEST_F(RenderTest, CheckPassesWhenFreshAndFailsWithADiffWhenStale) {
  CliRun w = cli("render . --output clusters/volsync --allow-plaintext-secrets");
  ASSERT_EQ(w.status, 0) << w.err;
  CliRun fresh = cli("render . --output clusters/volsync --allow-plaintext-secrets --check");
  EXPECT_EQ(fresh.status, 0) << fresh.err;
  EXPECT_EQ(fresh.out, "");

  // Stale three ways: a changed PVC, a new PVC, a PVC that lost its label.
  spit(repo_ / "apps" / "db" / "pvc.yml",
       pvc("db", "pgdata", true, "20Gi") + "---\n" + pvc("db", "scratch", true));
  spit(repo_ / "apps" / "web" / "pvc.yaml", pvc("web", "uploads", false));
  const auto before = slurp(out_ / "volsync-db-pgdata.yaml");
  CliRun stale = cli("render . --output clusters/volsync --allow-plaintext-secrets --check");
  EXPECT_EQ(stale.status, 1) << stale.err;
  EXPECT_NE(stale.out.find("--- a/clusters/volsync/volsync-db-pgdata.yaml\n+++ b/clusters/volsync/volsync-db-pgdata.yaml\n"),
            std::string::npos) << stale.out;
  EXPECT_NE(stale.out.find("-    capacity: 10Gi\n+    capacity: 20Gi\n"), std::string::npos) << stale.out;
  EXPECT_NE(stale.out.find("--- /dev/null\n+++ b/clusters/volsync/volsync-db-scratch.yaml\n"), std::string::npos);
  EXPECT_NE(stale.out.find("--- a/clusters/volsync/volsync-web-uploads.yaml\n+++ /dev/null\n"), std::string::npos);
  EXPECT_NE(stale.err.find("is stale"), std::string::npos) << stale.err;
  EXPECT_NE(stale.err.find("volsync-gen render . --output clusters/volsync"), std::string::npos) << stale.err;
  // Credentials never reach the log, not even base64-encoded.
  EXPECT_EQ(stale.out.find("aHVudGVyMi"), std::string::npos) << stale.out;  // base64("hunter2...")
  EXPECT_EQ(stale.out.find("hunter2"), std::string::npos);
  EXPECT_NE(stale.out.find("RESTIC_PASSWORD: (redacted)"), std::string::npos) << stale.out;
  // --check wrote nothing.
  EXPECT_EQ(slurp(out_ / "volsync-db-pgdata.yaml"), before);
  EXPECT_FALSE(fs::exists(out_ / "volsync-db-scratch.yaml"));
  EXPECT_TRUE(fs::exists(out_ / "volsync-web-uploads.yaml"));

  CliRun fix = cli("render . --output clusters/volsync --allow-plaintext-secrets");
  ASSERT_EQ(fix.status, 0) << fix.err;
  EXPECT_EQ(cli("render . --output clusters/volsync --allow-plaintext-secrets --check").status, 0);
}

TEST_F(RenderTest, CheckReportsASecretValueChangeWithoutTheValue) {
  ASSERT_EQ(cli("render . --output clusters/volsync --allow-plaintext-secrets").status, 0);
  std::string s = source_secret();
  s.replace(s.find("hunter2-very-secret"), 19, "rotated-password-42");
  spit(repo_ / "volsync" / "source-secret.yaml", s);
  CliRun r = cli("render . --output clusters/volsync --allow-plaintext-secrets --check");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("# Secret values changed (not shown)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("rotated"), std::string::npos);
  EXPECT_EQ(r.out.find("cm90YXRlZC1wYXNzd29yZC00Mg"), std::string::npos);
}

TEST_F(RenderTest, RefusesPlaintextSecretsUnlessAllowed) {
  CliRun r = cli("render . --output clusters/volsync");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("render-plaintext-secret"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plain text"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-plaintext-secrets"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("set credentials.mode externalSecret or existing"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("once available"), std::string::npos) << "both modes exist: " << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_)) << "nothing may be written";
  // --check refuses the same way: there is no plaintext output to compare with.
  EXPECT_EQ(cli("render . --output clusters/volsync --check").status, 1);

  vg::RenderResult lib = vg::render(options(false));
  EXPECT_FALSE(lib.ok);
  EXPECT_TRUE(lib.files.empty());
}

TEST_F(RenderTest, ConfigDiscovery) {
  // Two VolSyncBackups: ambiguous without --config.
  spit(repo_ / "volsync" / "other.yaml", kConfig);
  vg::RenderResult two = vg::render(options());
  EXPECT_FALSE(two.ok);
  EXPECT_NE(errors(two).find("more than one VolSyncBackup"), std::string::npos) << errors(two);
  vg::RenderOptions o = options();
  o.config_file = repo_ / "volsync" / "other.yaml";
  vg::RenderResult picked = vg::render(o);
  EXPECT_TRUE(picked.ok) << errors(picked);
  o.exclude = {"volsync/other.yaml"};
  o.config_file.reset();
  EXPECT_TRUE(vg::render(o).ok);

  // None at all.
  fs::remove(repo_ / "volsync" / "config.yaml");
  fs::remove(repo_ / "volsync" / "other.yaml");
  vg::RenderResult none = vg::render(options());
  EXPECT_FALSE(none.ok);
  EXPECT_NE(errors(none).find("--config"), std::string::npos) << errors(none);
  // --config from outside the tree.
  spit(root_ / "cfg.yaml", kConfig);
  o = options();
  o.config_file = root_ / "cfg.yaml";
  EXPECT_TRUE(vg::render(o).ok);
}

TEST_F(RenderTest, FindingsPointAtTheUsersFile) {
  // An unknown per-PVC annotation is an error located in apps/web/pvc.yaml, not in the stream.
  std::string p = pvc("web", "uploads", true);
  p.insert(p.find("  labels:"), "  annotations:\n    volsync-gen.io/bogus: \"1\"\n");
  spit(repo_ / "apps" / "web" / "pvc.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: web\n---\n" + p);
  CliRun r = cli("render . --output clusters/volsync --allow-plaintext-secrets");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("apps/web/pvc.yaml:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out_));

  // Malformed YAML stops the render (a PVC in it could lose its backup otherwise).
  spit(repo_ / "apps" / "broken.yaml", "apiVersion: v1\nkind: [\n");
  CliRun b = cli("render . --output clusters/volsync --allow-plaintext-secrets");
  EXPECT_EQ(b.status, 1);
  EXPECT_NE(b.err.find("apps/broken.yaml:"), std::string::npos) << b.err;
  EXPECT_EQ(cli("render . --output clusters/volsync --allow-plaintext-secrets --exclude 'apps/broken*' "
                "--exclude apps/web").status, 0);
}

// The objects of a List are read as kubectl reads them (issue 12): a labelled PVC in a List is
// rendered, and the change its bootstrap restore needs is reported at its own line of the file.
TEST_F(RenderTest, APvcInAListIsRenderedLikeAnyOther) {
  std::string item;  // the PVC as an item of the List, indented under `- `
  std::string p = pvc("lists", "data", true);
  p.insert(p.find("  labels:"), "  annotations:\n    volsync-gen.io/restore: bootstrap\n");
  for (std::size_t pos = 0; pos < p.size();) {
    const std::size_t nl = p.find('\n', pos);
    item += (pos == 0 ? "- " : "  ") + p.substr(pos, nl + 1 - pos);
    pos = nl + 1;
  }
  spit(repo_ / "apps" / "list.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
                                     "apiVersion: v1\nkind: List\nitems:\n" + item);
  vg::RenderResult r = render_and_write(options());
  ASSERT_TRUE(r.ok) << errors(r);
  EXPECT_EQ(listing(), (std::vector<std::string>{"kustomization.yaml", "volsync-db-pgdata.yaml",
                                                 "volsync-lists-data.yaml", "volsync-web-uploads.yaml"}));
  EXPECT_NE(slurp(out_ / "volsync-lists-data.yaml").find("sourcePVC: data"), std::string::npos);
  ASSERT_EQ(r.source_edits.size(), 1u);
  EXPECT_EQ(r.source_edits[0].file, "apps/list.yaml");
  EXPECT_EQ(r.source_edits[0].line, 8);  // the PVC's `- ` line
  EXPECT_EQ(r.source_edits[0].ref.name, "data");
  EXPECT_NE(r.source_edits[0].after.find("dataSourceRef"), std::string::npos) << r.source_edits[0].after;
}

// A source-tree object with the annotation alone is the user's: render goes on and warns; with
// the managed-by label too it was generated, and render refuses to apply it twice.
TEST_F(RenderTest, GeneratedInputNeedsBothOwnershipMarks) {
  const std::string token =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-token\n  namespace: web\n"
      "  annotations:\n    volsync-gen.io/source-pvc: uploads\nstringData:\n  token: t\n";
  spit(repo_ / "apps" / "web" / "token.yaml", token);
  vg::RenderResult r = vg::render(options());
  ASSERT_TRUE(r.ok) << errors(r);
  EXPECT_NE(errors(r).find("apps/web/token.yaml:1: warning generated-look-alike Secret web/app-token"),
            std::string::npos) << errors(r);
  std::string labelled = token;
  labelled.insert(labelled.find("  annotations:"), "  labels:\n    app.kubernetes.io/managed-by: volsync-gen\n");
  spit(repo_ / "apps" / "web" / "token.yaml", labelled);
  vg::RenderResult refused = vg::render(options());
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(errors(refused).find("render-generated-input"), std::string::npos) << errors(refused);
}

TEST_F(RenderTest, StdinStream) {
  const std::string stream = std::string(kConfig) + "---\n" + pvc("web", "uploads", true) + "---\n" + source_secret();
  spit(root_ / "stream.yaml", stream);
  CliRun r = cli("render - --output " + quote((root_ / "out").string()) + " --allow-plaintext-secrets",
                 (root_ / "stream.yaml").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(root_ / "out" / "volsync-web-uploads.yaml"));
}

TEST_F(RenderTest, UsageErrors) {
  EXPECT_EQ(cli("render .").status, 2);
  EXPECT_EQ(cli("render --output x").status, 2);
  EXPECT_EQ(cli("render a b --output x").status, 2);
  EXPECT_EQ(cli("render . --output x --no-such-flag").status, 2);
  CliRun h = cli("render --help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("--allow-plaintext-secrets"), std::string::npos);
  EXPECT_NE(h.out.find("--check"), std::string::npos);
}

TEST(UnifiedDiff, Format) {
  EXPECT_EQ(vg::unified_diff("a\nb\n", "a\nb\n", "x", "y"), "");
  EXPECT_EQ(vg::unified_diff("", "a\nb\n", "/dev/null", "b/f"), "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(vg::unified_diff("a\nb\n", "", "a/f", "/dev/null"), "--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  EXPECT_EQ(vg::unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n", "a", "b"),
            "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n");
  EXPECT_EQ(vg::unified_diff("a\n", "a", "a", "b"), "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
  // Two changes far apart: two hunks.
  std::string a, b;
  for (int i = 0; i < 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 1 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  const std::string d = vg::unified_diff(a, b, "a", "b");
  EXPECT_EQ(d, "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 0\n-1\n+x\n 2\n 3\n 4\n@@ -16,5 +16,5 @@\n 15\n 16\n 17\n-18\n+x\n 19\n");

  // What `patch` makes of it: applied to the old text it gives the new one.
  if (std::system("command -v patch >/dev/null 2>&1") != 0) GTEST_SKIP() << "patch is not installed";
  const fs::path dir = fs::temp_directory_path() / ("vg-udiff-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string old_text, new_text;
  for (int i = 0; i < 200; ++i) {
    old_text += "line " + std::to_string(i % 17) + "\n";  // repeated lines: LCS must pick well
    if (i % 13 == 5) new_text += "inserted " + std::to_string(i) + "\n";
    if (i % 29 != 3) new_text += "line " + std::to_string(i % 17) + "\n";
  }
  spit(dir / "f", old_text);
  spit(dir / "p", vg::unified_diff(old_text, new_text, "a/f", "b/f"));
  ASSERT_EQ(std::system(("cd " + quote(dir.string()) + " && patch -s -p1 < p").c_str()), 0);
  EXPECT_EQ(slurp(dir / "f"), new_text);
  fs::remove_all(dir);
}

}  // namespace
