#include "cli/lint_kopia_facts.h"
#include "support/test_util.h"

#include <gtest/gtest.h>

using namespace vg;

namespace {

KopiaFacts facts_of(const std::string& yaml) {
  Doc doc = vg::test::load(yaml);
  InputObject o(doc, "app.yaml", 1);
  return kopia_of(kopia_facts(o, doc));
}

TEST(LintKopiaFacts, DestinationIdentityAndNfsVolumes) {
  const KopiaFacts f = facts_of(R"(apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: app-dst, namespace: media}
spec:
  kopia:
    repository: app-volsync
    sourceIdentity: {sourceName: app}
    enableFileDeletion: true
    moverVolumes:
      - mountPath: repository
        volumeSource: {nfs: {server: nas, path: /volsync}}
      - mountPath: extra
        volumeSource: {persistentVolumeClaim: {claimName: x}}
)");
  EXPECT_TRUE(f.uses_kopia);
  EXPECT_EQ(f.repository, "app-volsync");
  EXPECT_EQ(f.repository_field, "spec.kopia.repository");
  EXPECT_EQ(f.source_name, "app");
  EXPECT_TRUE(f.enable_file_deletion);
  EXPECT_EQ(f.nfs_mount_paths, std::vector<std::string>{"repository"});
  EXPECT_TRUE(f.pvc_volume);
}

TEST(LintKopiaFacts, MaintenanceAndSecrets) {
  const KopiaFacts m = facts_of("apiVersion: volsync.backube/v1alpha1\nkind: KopiaMaintenance\nmetadata: {name: m}\n"
                                "spec: {repository: {repository: volsync-maintenance}}\n");
  EXPECT_TRUE(m.uses_kopia);
  EXPECT_EQ(m.repository, "volsync-maintenance");
  EXPECT_EQ(m.repository_field, "spec.repository.repository");

  // stringData wins over data, as in the API server; data is base64.
  const KopiaFacts s = facts_of("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                "data: {KOPIA_REPOSITORY: ZmlsZXN5c3RlbTovLy9tbnQvcg==}\n");
  EXPECT_TRUE(s.has_repository_value);
  EXPECT_EQ(s.repository_value, "filesystem:///mnt/r");
  const KopiaFacts both = facts_of("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                   "data: {KOPIA_REPOSITORY: ZmlsZXN5c3RlbTovLy9tbnQvcg==}\n"
                                   "stringData: {KOPIA_REPOSITORY: \"s3://bucket/app/\"}\n");
  EXPECT_EQ(both.repository_value, "s3://bucket/app/");
  EXPECT_FALSE(s.uses_kopia);

  // Restic objects and other kinds leave the facts empty.
  const KopiaFacts restic = facts_of("apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\n"
                                     "metadata: {name: a}\nspec: {restic: {repository: r}}\n");
  EXPECT_FALSE(restic.uses_kopia);
  EXPECT_TRUE(restic.repository.empty());
}

}  // namespace
