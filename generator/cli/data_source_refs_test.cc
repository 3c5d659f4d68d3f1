#include "cli/data_source_refs.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

PvcFacts pvc_with_ref(std::string group, std::string kind, std::string name) {
  PvcFacts p;
  p.name = "config";
  p.namespace_ = "media";
  p.origin.resource = {"v1", "PersistentVolumeClaim", "config", "media"};
  p.origin.file = "pvc.yaml";
  p.data_source_ref_group = std::move(group);
  p.data_source_ref_kind = std::move(kind);
  p.data_source_ref_name = std::move(name);
  return p;
}

TEST(DataSourceRefs, OnlyVolSyncReplicationDestinationsCount) {
  EXPECT_TRUE(replication_destination_ref(pvc_with_ref("volsync.backube", "ReplicationDestination", "radarr-dst")));
  EXPECT_FALSE(replication_destination_ref(pvc_with_ref("snapshot.storage.k8s.io", "VolumeSnapshot", "s")));
  EXPECT_FALSE(replication_destination_ref(pvc_with_ref("", "", "")));
}

TEST(DataSourceRefs, AMissingDestinationIsAnErrorNamingThePvcAndTheObject) {
  auto ref = replication_destination_ref(pvc_with_ref("volsync.backube", "ReplicationDestination", "radarr-dst"));
  ASSERT_TRUE(ref);
  Findings f;
  check_data_source_refs({*ref}, {"media/radarr-restore", "other/radarr-dst"}, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].rule, "data-source-ref-missing");
  EXPECT_EQ(f[0].field, "spec.dataSourceRef.name");
  EXPECT_EQ(f[0].file, "pvc.yaml");
  EXPECT_NE(f[0].message.find("PVC media/config"), std::string::npos);
  EXPECT_NE(f[0].message.find("ReplicationDestination media/radarr-dst"), std::string::npos);
  Findings none;
  check_data_source_refs({*ref}, {"media/radarr-dst"}, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace vg
