#include "cli/adopt_config.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

std::vector<SourceObject> read(const std::string& text) {
  std::vector<SourceObject> out;
  Findings f;
  EXPECT_TRUE(read_source_objects({LintSource{"in.yaml", text}}, out, f));
  return out;
}

std::string pvc_and_source(const std::string& name, const std::string& schedule, const std::string& extra = {}) {
  return "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: " + name + ", namespace: n}\n---\n"
         "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: " + name + "-backup, "
         "namespace: n}\nspec:\n  sourcePVC: " + name + "\n  trigger: {schedule: '" + schedule + "'}\n  restic:\n"
         "    repository: " + name + "-volsync-secret\n" + extra;
}

const std::string* annotation(const AdoptedConfig& c, std::size_t pvc, const std::string& key) {
  auto it = c.annotations.find(pvc);
  if (it == c.annotations.end()) return nullptr;
  for (const auto& [k, v] : it->second)
    if (k == key) return &v;
  return nullptr;
}

TEST(AdoptConfig, TheMostCommonValueIsTheDefaultAndTheRestAreAnnotations) {
  const auto objects = read(pvc_and_source("a", "0 3 * * *", "    cacheCapacity: 2Gi\n") +
                            pvc_and_source("b", "0 3 * * *", "    cacheCapacity: 2Gi\n") +
                            pvc_and_source("c", "30 4 * * *", "    cacheCapacity: 5Gi\n"));
  const auto c = adopted_config(objects, find_backups(objects));
  const Doc& spec = c.volsync_backup["spec"];
  EXPECT_EQ(spec["schedule"].Scalar(), "0 3 * * *");  // as written: explicit crons are kept
  EXPECT_EQ(spec["cacheCapacity"].Scalar(), "2Gi");
  EXPECT_EQ(spec["credentials"]["mode"].Scalar(), "existing");
  EXPECT_EQ(spec["restore"].Scalar(), "none");
  EXPECT_EQ(c.volsync_backup["metadata"]["annotations"]["config.kubernetes.io/local-config"].Scalar(), "true");
  ASSERT_TRUE(annotation(c, 4, "volsync-gen.io/schedule"));
  EXPECT_EQ(*annotation(c, 4, "volsync-gen.io/schedule"), "30 4 * * *");
  EXPECT_EQ(*annotation(c, 4, "volsync-gen.io/cache-capacity"), "5Gi");
  EXPECT_FALSE(annotation(c, 0, "volsync-gen.io/schedule"));
  // Names that are volsync-gen's defaults need no annotation.
  EXPECT_FALSE(annotation(c, 0, "volsync-gen.io/source-name"));
  EXPECT_FALSE(annotation(c, 0, "volsync-gen.io/secret-name"));
}

TEST(AdoptConfig, AnUnsetValueSomewhereLeavesNoDefault) {
  const auto objects = read(pvc_and_source("a", "0 3 * * *", "    storageClassName: fast\n") +
                            pvc_and_source("b", "0 3 * * *", "    storageClassName: fast\n") +
                            pvc_and_source("c", "0 3 * * *"));
  const auto c = adopted_config(objects, find_backups(objects));
  EXPECT_FALSE(c.volsync_backup["spec"]["storageClassName"]);
  EXPECT_EQ(*annotation(c, 0, "volsync-gen.io/storage-class"), "fast");
  EXPECT_FALSE(annotation(c, 4, "volsync-gen.io/storage-class"));
}

TEST(AdoptConfig, ValueTextIsOneLine) {
  std::vector<SourceObject> o = read("a: {b: [1, 2], c: x}\n");
  EXPECT_EQ(value_text(o.empty() ? Doc() : o[0].doc), "{a: {b: [1, 2], c: x}}");
  EXPECT_EQ(volsync_default("ReplicationSource", "restic.cacheCapacity"), "1Gi");
  EXPECT_EQ(volsync_default("ReplicationSource", "restic.copyMethod"), "");
}

}  // namespace
}  // namespace vg
