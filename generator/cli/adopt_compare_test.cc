#include "cli/adopt_compare.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace vg {
namespace {

using vg::test::load;

TEST(AdoptCompare, FieldByFieldWithVolSyncDefaultsAndLossyFields) {
  std::vector<SourceObject> objects(2);
  objects[0].doc = load("kind: PersistentVolumeClaim\nmetadata: {name: app, namespace: ns}\n");
  objects[0].ref = {"v1", "PersistentVolumeClaim", "app", "ns"};
  objects[1].doc = load("kind: ReplicationSource\nmetadata: {name: app, namespace: ns}\nspec:\n  sourcePVC: app\n"
                        "  trigger: {schedule: '0 * * * *'}\n  restic: {repository: s, retain: {daily: 7}, "
                        "cacheStorageClassName: a}\n");
  objects[1].ref = {"volsync.backube/v1alpha1", "ReplicationSource", "app", "ns"};
  TodaysBackup b;
  b.pvc = 0;
  b.sources = {1};
  const std::vector<Doc> after = {
      load("kind: ReplicationSource\nmetadata: {name: app, namespace: ns, annotations: {volsync-gen.io/source-pvc: app}}\n"
           "spec:\n  sourcePVC: app\n  trigger: {schedule: 0 * * * *}\n  restic: {repository: s, retain: {daily: 7, "
           "weekly: 4}, cacheStorageClassName: b, pruneIntervalDays: 7, cacheCapacity: 1Gi}\n"),
      load("kind: ReplicationDestination\nmetadata: {name: app-restore, namespace: ns, annotations: "
           "{volsync-gen.io/source-pvc: app}}\nspec: {}\n")};
  const auto d = compare_with_today(objects, {b}, after);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].field, "spec.restic.cacheStorageClassName");  // differs, keeps the backups
  EXPECT_FALSE(d[0].lossy);
  EXPECT_EQ(d[1].field, "spec.restic.retain.weekly");  // prunes differently: lossy
  EXPECT_EQ(d[1].today, "(unset)");
  EXPECT_EQ(d[1].after, "4");
  EXPECT_TRUE(d[1].lossy);
  EXPECT_EQ(d[2].object, "ReplicationDestination ns/app-restore");  // added, not there today
  EXPECT_EQ(d[2].after, "generated");
}

TEST(AdoptCompare, AnObjectNotRegeneratedUnderItsNameIsLossy) {
  std::vector<SourceObject> objects(2);
  objects[0].ref = {"v1", "PersistentVolumeClaim", "app", "ns"};
  objects[1].doc = load("kind: ReplicationDestination\nmetadata: {name: app-dst, namespace: ns}\nspec: {}\n");
  objects[1].ref = {"volsync.backube/v1alpha1", "ReplicationDestination", "app-dst", "ns"};
  TodaysBackup b;
  b.destination = 1;
  const auto d = compare_with_today(objects, {b}, {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].field, "metadata.name");
  EXPECT_TRUE(d[0].lossy);
}

}  // namespace
}  // namespace vg
