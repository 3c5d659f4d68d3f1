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

}  // namespace
}  // namespace vg
