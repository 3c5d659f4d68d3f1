// adopt on fixtures in the shapes real setups have (tests/adopt/): each is adopted, the function is
// run on adopt's output (inside adopt) and what comes back is compared field by field with what went in.
#include "cli/adopt.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "support/test_util.h"
#include "yaml/doc.h"

namespace vg {
namespace {

namespace fs = std::filesystem;

AdoptResult adopt_file(const std::string& rel) {
  const fs::path p = fs::path(VG_SOURCE_DIR) / rel;
  return adopt({LintSource{p.string(), vg::test::slurp(p)}});
}

AdoptResult adopt_text(const std::string& text) { return adopt({LintSource{"<stdin>", text}}); }

std::vector<Doc> docs(const std::string& text) {
  std::vector<Doc> out;
  DocParseError err;
  EXPECT_TRUE(parse_docs(text, out, err)) << err.message;
  return out;
}

const Doc* find(const std::vector<Doc>& all, std::string_view kind, std::string_view name) {
  for (const Doc& d : all)
    if (d["kind"].Scalar() == kind && d["metadata"]["name"].Scalar() == name) return &d;
  return nullptr;
}

struct CommandRun {
  int status = -1;
  std::string out, err;
};

CommandRun run_adopt(const std::string& args, const std::string& stdin_text = {}) {
  const fs::path tmp = fs::temp_directory_path() / ("vg-adopt-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  {
    std::FILE* f = std::fopen((tmp / "in").c_str(), "w");
    std::fputs(stdin_text.c_str(), f);
    std::fclose(f);
  }
  const std::string cmd = "cd " + std::string(VG_SOURCE_DIR) + " && " + VG_BINARY + " adopt " + args + " < " +
                          (tmp / "in").string() + " > " + (tmp / "out").string() + " 2> " + (tmp / "err").string();
  const int rc = std::system(cmd.c_str());
  CommandRun r{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, vg::test::slurp(tmp / "out"), vg::test::slurp(tmp / "err")};
  fs::remove_all(tmp);
  return r;
}

TEST(Adopt, FluxComponentComesBackWithTheSameNamesRepositoriesAndSchedules) {
  const AdoptResult r = adopt_file("tests/adopt/flux-component/radarr.yaml");
  ASSERT_TRUE(r.ok) << (r.findings.empty() ? "" : r.findings[0].message);
  EXPECT_EQ(adopt_exit_code(r), 0);
  const auto out = docs(r.output);
  // No ReplicationSource or ReplicationDestination: the function regenerates them.
  EXPECT_FALSE(find(out, "ReplicationSource", "radarr"));
  EXPECT_FALSE(find(out, "ReplicationDestination", "radarr-bootstrap"));
  // The ExternalSecrets (store-held RESTIC_REPOSITORY base) stay the user's, unchanged.
  ASSERT_TRUE(find(out, "ExternalSecret", "radarr-volsync-minio"));
  const Doc* vb = find(out, "VolSyncBackup", "volsync");
  ASSERT_TRUE(vb);
  EXPECT_EQ((*vb)["metadata"]["annotations"]["config.kubernetes.io/local-config"].Scalar(), "true");
  EXPECT_EQ((*vb)["spec"]["credentials"]["mode"].Scalar(), "existing");
  EXPECT_EQ((*vb)["spec"]["restore"].Scalar(), "bootstrap");
  const Doc* pvc = find(out, "PersistentVolumeClaim", "radarr");
  ASSERT_TRUE(pvc);
  const Doc& ann = (*pvc)["metadata"]["annotations"];
  EXPECT_EQ(ann["volsync-gen.io/source-name.minio"].Scalar(), "radarr");
  EXPECT_EQ(ann["volsync-gen.io/source-name.r2"].Scalar(), "radarr-r2");
  EXPECT_EQ(ann["volsync-gen.io/destination-name"].Scalar(), "radarr-bootstrap");
  // The one remaining difference is real and harmless: the restore gets the movers' anti-affinity too.
  ASSERT_EQ(r.differences.size(), 1u);
  EXPECT_EQ(r.differences[0].object, "ReplicationDestination media/radarr-bootstrap");
  EXPECT_EQ(r.differences[0].field, "spec.restic.moverAffinity");
  EXPECT_FALSE(r.differences[0].lossy);
}

TEST(Adopt, RenamedPvcKeepsItsRepositoryAndManualRestore) {
  const AdoptResult r = adopt_file("tests/adopt/hand-written/sonarr.yaml");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 0);
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].field;
  const auto out = docs(r.output);
  const Doc* pvc = find(out, "PersistentVolumeClaim", "sonarr-config-v2");
  ASSERT_TRUE(pvc);
  EXPECT_EQ((*pvc)["metadata"]["annotations"]["volsync-gen.io/secret-name"].Scalar(), "sonarr-restic");
  EXPECT_EQ((*pvc)["metadata"]["annotations"]["volsync-gen.io/source-name"].Scalar(), "sonarr");
  // The restic Secret and a manual-restore ReplicationDestination no backed-up PVC uses pass through.
  EXPECT_TRUE(find(out, "Secret", "sonarr-restic"));
  EXPECT_TRUE(find(out, "ReplicationDestination", "sonarr-2026-01-restore"));
  EXPECT_FALSE(find(out, "ReplicationDestination", "sonarr-restore"));
}

TEST(Adopt, KyvernoPolicyObjectsWithPerAppStoresAndMoverIds) {
  const AdoptResult r = adopt_file("tests/adopt/kyverno-policy/generated.yaml");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 0);
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].object << " " << r.differences[0].field;
  const auto out = docs(r.output);
  EXPECT_TRUE(find(out, "SecretStore", "plex"));
  EXPECT_TRUE(find(out, "ExternalSecret", "sabnzbd-restic"));
  // ReplicationSource and ReplicationDestination named like the PVC, as the policy made them.
  const Doc* pvc = find(out, "PersistentVolumeClaim", "sabnzbd");
  ASSERT_TRUE(pvc);
  const Doc& ann = (*pvc)["metadata"]["annotations"];
  EXPECT_EQ(ann["volsync-gen.io/source-name"].Scalar(), "sabnzbd");
  EXPECT_EQ(ann["volsync-gen.io/destination-name"].Scalar(), "sabnzbd");
  // The ids that differ from the shared moverSecurityContext are per-PVC annotations.
  EXPECT_EQ(ann["volsync-gen.io/mover-uid"].Scalar(), "568");
  EXPECT_EQ(ann["volsync-gen.io/mover-fsgroup"].Scalar(), "568");
}

constexpr const char* kManualTrigger = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: apps}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: data-backup, namespace: apps}
spec:
  sourcePVC: data
  trigger: {manual: now}
  restic: {repository: data-volsync-secret, copyMethod: Snapshot, retain: {daily: 3}}
)";

TEST(Adopt, ATriggerThatCannotComeBackIsLossy) {
  const AdoptResult r = adopt_text(kManualTrigger);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 1);
  bool trigger = false;
  for (const auto& d : r.differences) trigger = trigger || (d.field.rfind("spec.trigger", 0) == 0 && d.lossy);
  EXPECT_TRUE(trigger);
}

TEST(AdoptCommand, ExitsOneNamingTheLossyDifferenceAndNeverPrintsSecretValues) {
  const std::string secret = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: data-volsync-secret, namespace: apps}\n"
                             "stringData: {RESTIC_PASSWORD: hunter2-hunter2, RESTIC_REPOSITORY: s3:h/b/data}\n";
  const CommandRun r = run_adopt("-", std::string(kManualTrigger) + secret);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("LOSSY ReplicationSource apps/data-backup spec.trigger"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("kind: VolSyncBackup"), std::string::npos);
}

TEST(AdoptCommand, ReadsFilesAndDirectoriesAndExitsZeroWhenNothingMoves) {
  const CommandRun r = run_adopt("tests/adopt/hand-written");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("correct-horse"), std::string::npos);
  EXPECT_EQ(r.err.find("do-not-print-me"), std::string::npos);
  EXPECT_EQ(run_adopt("").status, 2);
  EXPECT_EQ(run_adopt("does/not/exist.yaml").status, 2);
}

// tests/adopt/kopia-nfs: two apps of a home-ops kopia component (one NFS repository through
// moverVolumes, ${APP}-dst with sourceIdentity, a PVC dataSourceRef) and the one KopiaMaintenance.
constexpr const char* kKopiaFiles[] = {"bazarr.yaml", "prowlarr.yaml", "maintenance.yaml"};

std::vector<LintSource> kopia_sources() {
  std::vector<LintSource> out;
  for (const char* f : kKopiaFiles) {
    const fs::path p = fs::path(VG_SOURCE_DIR) / "tests/adopt/kopia-nfs" / f;
    out.push_back({p.string(), vg::test::slurp(p)});
  }
  return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

bool has_lossy(const AdoptResult& r, const std::string& object, const std::string& field_prefix) {
  for (const auto& d : r.differences)
    if (d.lossy && d.object == object && d.field.rfind(field_prefix, 0) == 0) return true;
  return false;
}

TEST(Adopt, KopiaNfsComponentComesBackWithItsRepositoryIdentityAndSettings) {
  const AdoptResult r = adopt(kopia_sources());
  ASSERT_TRUE(r.ok) << (r.findings.empty() ? "" : r.findings[0].message);
  EXPECT_EQ(adopt_exit_code(r), 0);
  // Every field of both apps' sources and destinations comes back (compare: the function's output
  // against today's, with kopia's inherited retain and the identity's defaults).
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].object << " " << r.differences[0].field << ": "
                                     << r.differences[0].today << " -> " << r.differences[0].after;
  const auto out = docs(r.output);
  for (const char* name : {"bazarr", "prowlarr"}) {
    EXPECT_FALSE(find(out, "ReplicationSource", name)) << name;
    EXPECT_FALSE(find(out, "ReplicationDestination", std::string(name) + "-dst")) << name;
    ASSERT_TRUE(find(out, "Secret", std::string(name) + "-volsync-secret")) << name;  // credentials stay theirs
    const Doc* pvc = find(out, "PersistentVolumeClaim", name);
    ASSERT_TRUE(pvc);
    const Doc& ann = (*pvc)["metadata"]["annotations"];
    EXPECT_EQ(ann["volsync-gen.io/source-name.repository"].Scalar(), name);
    EXPECT_EQ(ann["volsync-gen.io/destination-name"].Scalar(), std::string(name) + "-dst");
    EXPECT_EQ(ann["volsync-gen.io/secret-name.repository"].Scalar(), std::string(name) + "-volsync-secret");
    EXPECT_FALSE(ann["volsync-gen.io/mover"].IsDefined());  // the default says kopia
  }
  const Doc* vb = find(out, "VolSyncBackup", "volsync");
  ASSERT_TRUE(vb);
  const Doc& spec = (*vb)["spec"];
  EXPECT_EQ(spec["mover"].Scalar(), "kopia");
  EXPECT_EQ(spec["credentials"]["mode"].Scalar(), "existing");
  EXPECT_EQ(spec["kopia"]["compression"].Scalar(), "zstd-fastest");
  EXPECT_EQ(spec["kopia"]["parallelism"].Scalar(), "2");
  ASSERT_EQ(spec["repositories"].size(), 1u);
  const Doc& local = spec["repositories"].items().front()["local"];
  EXPECT_EQ(local["mountPath"].Scalar(), "repository");
  EXPECT_EQ(local["nfs"]["server"].Scalar(), "nas.internal");
  EXPECT_EQ(local["nfs"]["path"].Scalar(), "/volsync");
  // The user's KopiaMaintenance stays, and the function makes no second one.
  EXPECT_TRUE(find(out, "KopiaMaintenance", "volsync"));
  EXPECT_EQ(spec["kopia"]["maintenance"]["enabled"].Scalar(), "false");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("KopiaMaintenance volsync-system/volsync kept"), std::string::npos) << r.notes[0];
}

TEST(Adopt, KopiaWithoutMaintenanceSaysTheFunctionMakesOne) {
  auto sources = kopia_sources();
  sources.pop_back();  // maintenance.yaml
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 0);
  const auto out = docs(r.output);
  const Doc* vb = find(out, "VolSyncBackup", "volsync");
  ASSERT_TRUE(vb);
  EXPECT_FALSE((*vb)["spec"]["kopia"]["maintenance"].IsDefined());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("the function will make one per kopia repository and namespace"), std::string::npos);
}

TEST(Adopt, KopiaWithoutRetainKeepsKopiasGlobalPolicy) {
  // No retain: the fork keeps Kopia's global defaults (latest 10, hourly 48, ...), not volsync-gen's.
  auto sources = kopia_sources();
  for (int i = 0; i < 2; ++i) sources[i].text = replaced(sources[i].text, "    retain: {hourly: 24, daily: 7}\n", "");
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 0);
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].field << ": " << r.differences[0].after;
  const auto out = docs(r.output);
  const Doc* vb = find(out, "VolSyncBackup", "volsync");
  ASSERT_TRUE(vb);
  EXPECT_EQ((*vb)["spec"]["retain"]["latest"].Scalar(), "10");
  EXPECT_EQ((*vb)["spec"]["retain"]["hourly"].Scalar(), "48");
  EXPECT_EQ((*vb)["spec"]["retain"]["monthly"].Scalar(), "24");
}

// Two restic PVCs and one on kopia (S3, credentials in the user's Secret): restic stays the default.
constexpr const char* kMixedMovers = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a, namespace: apps}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: b, namespace: apps}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c, namespace: apps}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: a-backup, namespace: apps}
spec: {sourcePVC: a, trigger: {schedule: "0 3 * * *"}, restic: {repository: a-volsync-secret, copyMethod: Snapshot, retain: {daily: 7}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: b-backup, namespace: apps}
spec: {sourcePVC: b, trigger: {schedule: "0 3 * * *"}, restic: {repository: b-volsync-secret, copyMethod: Snapshot, retain: {daily: 7}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: c-backup, namespace: apps}
spec: {sourcePVC: c, trigger: {schedule: "0 3 * * *"}, kopia: {repository: c-volsync-secret, copyMethod: Snapshot, retain: {daily: 7}, compression: zstd}}
---
apiVersion: v1
kind: Secret
metadata: {name: c-volsync-secret, namespace: apps}
stringData: {KOPIA_REPOSITORY: "s3://bucket/kopia/", KOPIA_PASSWORD: x, AWS_ACCESS_KEY_ID: a, AWS_SECRET_ACCESS_KEY: b, KOPIA_S3_ENDPOINT: minio:9000}
)";

TEST(Adopt, TheMinorityMoverIsAPvcAnnotation) {
  const AdoptResult r = adopt_text(kMixedMovers);
  ASSERT_TRUE(r.ok) << (r.findings.empty() ? "" : r.findings[0].message);
  EXPECT_EQ(adopt_exit_code(r), 0);
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].object << " " << r.differences[0].field;
  const auto out = docs(r.output);
  const Doc* vb = find(out, "VolSyncBackup", "volsync");
  ASSERT_TRUE(vb);
  EXPECT_FALSE((*vb)["spec"]["mover"].IsDefined());  // restic, the default
  EXPECT_EQ((*vb)["spec"]["kopia"]["compression"].Scalar(), "zstd");
  const Doc* c = find(out, "PersistentVolumeClaim", "c");
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)["metadata"]["annotations"]["volsync-gen.io/mover"].Scalar(), "kopia");
  EXPECT_FALSE((*find(out, "PersistentVolumeClaim", "a"))["metadata"]["annotations"]["volsync-gen.io/mover"].IsDefined());
}

TEST(Adopt, KopiaMoverResourcesAndServiceAccountComeBack) {
  const std::string fields = "    moverServiceAccount: volsync-mover\n    moverResources: {limits: {memory: 1Gi}}\n";
  auto sources = kopia_sources();
  sources[0].text = replaced(sources[0].text, "    parallelism: 2\n", "    parallelism: 2\n" + fields);
  sources[0].text = replaced(sources[0].text, "    enableFileDeletion: true\n", "    enableFileDeletion: true\n" + fields);
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 0);
  EXPECT_TRUE(r.differences.empty()) << r.differences[0].object << " " << r.differences[0].field;
  const auto out = docs(r.output);
  const Doc* pvc = find(out, "PersistentVolumeClaim", "bazarr");
  ASSERT_TRUE(pvc);
  EXPECT_EQ((*pvc)["metadata"]["annotations"]["volsync-gen.io/mover-service-account.repository"].Scalar(), "volsync-mover");
}

TEST(Adopt, AKopiaRestoreOfAnotherIdentityIsLossy) {
  // Without sourceIdentity, today's restore looks for bazarr-dst@media; the function's looks for bazarr.
  auto sources = kopia_sources();
  sources[0].text = replaced(sources[0].text, "    sourceIdentity:\n      sourceName: bazarr\n", "");
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 1);
  EXPECT_TRUE(has_lossy(r, "ReplicationDestination media/bazarr-dst", "spec.kopia.sourceIdentity.sourceName"));
}

TEST(Adopt, AKopiaRestoreFromAnotherRepositoryIsLossy) {
  auto sources = kopia_sources();
  sources[0].text = replaced(sources[0].text, "  kopia:\n    repository: bazarr-volsync-secret\n    copyMethod: Snapshot\n    capacity",
                             "  kopia:\n    repository: bazarr-old-repository\n    copyMethod: Snapshot\n    capacity");
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 1);
  EXPECT_TRUE(has_lossy(r, "ReplicationDestination media/bazarr-dst", "spec.kopia.repository"));
}

TEST(Adopt, KopiaSourcesOnDifferentSharesCannotBeOneRepositoryAndAreLossy) {
  auto sources = kopia_sources();
  for (int i = 0; i < 2; ++i)
    sources[1].text = replaced(sources[1].text, "nfs: {server: nas.internal, path: /volsync}",
                               "nfs: {server: nas.internal, path: /volsync-downloads}");
  const AdoptResult r = adopt(sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(adopt_exit_code(r), 1);
  EXPECT_TRUE(has_lossy(r, "ReplicationSource downloads/prowlarr", "spec.kopia.moverVolumes"));
}

TEST(AdoptCommand, KopiaDirectorySaysWhatBecomesOfItsMaintenanceAndPrintsNoPassword) {
  const CommandRun r = run_adopt("tests/adopt/kopia-nfs");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("KopiaMaintenance volsync-system/volsync kept as yours"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("do-not-print-me"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("mover: kopia"), std::string::npos);
}

}  // namespace
}  // namespace vg
