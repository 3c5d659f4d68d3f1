#include "cli/adopt_objects.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

std::vector<SourceObject> read(const std::string& text) {
  std::vector<SourceObject> out;
  Findings f;
  EXPECT_TRUE(read_source_objects({LintSource{"in.yaml", text}}, out, f));
  return out;
}

constexpr const char* kTwo = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: app, namespace: ns}
spec: {dataSourceRef: {apiGroup: volsync.backube, kind: ReplicationDestination, name: app-dst}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: other, namespace: ns}
spec: {restic: {repository: app-volsync-minio}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: app-dst, namespace: ns}
spec: {restic: {repository: app-volsync-minio}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: app, namespace: ns}
spec: {sourcePVC: app, restic: {repository: app-volsync-minio}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: app-b2, namespace: ns}
spec: {sourcePVC: app, restic: {repository: app-volsync-b2}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: elsewhere, namespace: ns}
spec: {sourcePVC: not-in-the-input, restic: {repository: x}}
)";

TEST(AdoptObjects, GroupsSourcesByPvcAndPrefersTheDataSourceRefsDestination) {
  const auto objects = read(kTwo);
  ASSERT_EQ(objects.size(), 6u);
  const auto backups = find_backups(objects);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(objects[backups[0].pvc].ref.name, "app");
  ASSERT_EQ(backups[0].sources.size(), 2u);
  EXPECT_EQ(backups[0].repositories, (std::vector<std::string>{"minio", "b2"}));
  ASSERT_TRUE(backups[0].destination);
  EXPECT_EQ(objects[*backups[0].destination].ref.name, "app-dst");
  EXPECT_EQ(backups[0].restore_mode, "bootstrap");
}

TEST(AdoptObjects, ResourceListItemsAndParseErrors) {
  const auto objects = read("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: "
                            "ConfigMap, metadata: {name: a}}\n");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].ref.kind, "ConfigMap");
  std::vector<SourceObject> out;
  Findings f;
  EXPECT_FALSE(read_source_objects({LintSource{"bad.yaml", "a: [\n"}}, out, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, "bad.yaml");
}

TEST(AdoptObjects, OneSourceEverywhereNeedsNoRepositoryNames) {
  const auto objects = read("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a, namespace: n}\n---\n"
                            "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: a, "
                            "namespace: n}\nspec: {sourcePVC: a, restic: {repository: a-restic}}\n");
  const auto backups = find_backups(objects);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0].repositories, std::vector<std::string>{""});
  EXPECT_EQ(backups[0].restore_mode, "none");
}

// One kopia repository Secret for two PVCs of a namespace: the Secret cannot tell their
// destinations apart, the identity each restores can (sourceIdentity, else the destination's name).
constexpr const char* kSharedKopia = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: a, namespace: ns}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: b, namespace: ns}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: b-restore, namespace: ns}
spec: {kopia: {repository: kopia, sourceIdentity: {sourceName: b}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: a, namespace: ns}
spec: {kopia: {repository: kopia}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: a, namespace: ns}
spec: {sourcePVC: a, kopia: {repository: kopia}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: b, namespace: ns}
spec: {sourcePVC: b, kopia: {repository: kopia}}
)";

TEST(AdoptObjects, KopiaDestinationsOfOneSharedRepositoryGoToThePvcWhoseIdentityTheyRestore) {
  const auto objects = read(kSharedKopia);
  const auto backups = find_backups(objects);
  ASSERT_EQ(backups.size(), 2u);
  for (const TodaysBackup& b : backups) {
    ASSERT_EQ(b.sources.size(), 1u);
    ASSERT_TRUE(b.destination);
    EXPECT_EQ(b.restore_mode, "snapshot");
    const std::string& pvc = objects[b.pvc].ref.name;
    EXPECT_EQ(objects[*b.destination].ref.name, pvc == "a" ? "a" : "b-restore") << pvc;
  }
  EXPECT_EQ(mover_of(objects[4].doc), "kopia");
  EXPECT_EQ(repository_secret(objects[4].doc), "kopia");
}

}  // namespace
}  // namespace vg
