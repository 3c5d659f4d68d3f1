#include "volsync/passthrough_vars.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(PassthroughVars, UnsetFieldsStayUnsetSoTodaysOutputIsUnchanged) {
  Vars v;
  add_passthrough_variables(v, Settings{});
  for (const char* k : {"sourceAccessModes", "customCA", "moverResources", "moverAffinity", "moverServiceAccount",
                        "cleanupTempPVC", "cleanupCachePVC", "enableFileDeletion", "previous", "restoreAsOf"}) {
    ASSERT_TRUE(v.count(k)) << k;
    EXPECT_FALSE(v.at(k).IsDefined()) << k;
  }
}

TEST(PassthroughVars, SetFieldsAreTyped) {
  Settings s;
  s.cleanup_temp_pvc = true;
  s.enable_file_deletion = false;
  s.previous = 2;
  s.source_access_modes = {"ReadWriteMany"};
  s.mover_service_account = "volsync-mover";
  Vars v;
  add_passthrough_variables(v, s);
  EXPECT_EQ(v.at("cleanupTempPVC").Scalar(), "true");
  EXPECT_EQ(v.at("enableFileDeletion").Scalar(), "false");
  EXPECT_EQ(v.at("previous").Scalar(), "2");
  ASSERT_TRUE(v.at("sourceAccessModes").IsSequence());
  EXPECT_EQ(v.at("sourceAccessModes").items()[0].Scalar(), "ReadWriteMany");
  EXPECT_EQ(v.at("moverServiceAccount").Scalar(), "volsync-mover");
  EXPECT_FALSE(v.at("cleanupCachePVC").IsDefined());
}

}  // namespace
}  // namespace vg
