// The settings issue 14 adds (naming templates, the VolSync fields passed through as written, the
// per-PVC ExternalSecret overrides), in every form they come in.
#include <gtest/gtest.h>

#include <string>

#include "support/test_util.h"
#include "support/volsync_util.h"
#include "volsync/settings.h"

namespace vg {
namespace {

using vg::test::config_origin;
using vg::test::load;


bool spec(const std::string& body, Config& c, Findings& f) {
  const std::string text = "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata:\n  name: cfg\nspec:\n"
                           "  credentials:\n    secretName: restic\n" + body;
  return parse_config(load(text), config_origin(), c, f);
}

TEST(SettingsAdopt, NamingTemplatesFromTheSpec) {
  Config c;
  Findings f;
  ASSERT_TRUE(spec("  naming:\n    repositoryPath: ${app}\n    source: ${app}\n    destination: ${app}-dst\n"
                   "    secret: ${app}-volsync-secret\n", c, f)) << (f.empty() ? "" : f[0].message);
  EXPECT_EQ(c.defaults.naming.repository_path, "${app}");
  EXPECT_EQ(c.defaults.naming.source, "${app}");
  EXPECT_EQ(c.defaults.naming.destination, "${app}-dst");
  EXPECT_EQ(c.defaults.naming.secret, "${app}-volsync-secret");
}

TEST(SettingsAdopt, BadNamingTemplatesAreRefusedAtTheirField) {
  Config c;
  Findings f;
  EXPECT_FALSE(spec("  naming:\n    source: ${APP}\n", c, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "spec.naming.source");
  EXPECT_NE(f[0].message.find("unknown variable ${APP}"), std::string::npos);
  Findings g;
  EXPECT_FALSE(spec("  naming:\n    nme: x\n", c, g));
}

TEST(SettingsAdopt, PassThroughFieldsSetTheirValues) {
  Config c;
  Findings f;
  ASSERT_TRUE(spec("  cleanupTempPVC: true\n  cleanupCachePVC: false\n  enableFileDeletion: true\n"
                   "  previous: 1\n  restoreAsOf: \"2026-01-31T00:00:00Z\"\n  sourceAccessModes: [ReadWriteMany]\n"
                   "  moverServiceAccount: volsync-mover\n  customCA: {secretName: minio-ca, key: ca.crt}\n"
                   "  moverResources: {requests: {memory: 256Mi}}\n"
                   "  moverAffinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: []}}\n",
                   c, f)) << (f.empty() ? "" : f[0].field + ": " + f[0].message);
  const Settings& s = c.defaults;
  EXPECT_EQ(s.cleanup_temp_pvc, true);
  EXPECT_EQ(s.cleanup_cache_pvc, false);
  EXPECT_EQ(s.enable_file_deletion, true);
  EXPECT_EQ(s.previous, 1);
  EXPECT_EQ(s.restore_as_of, "2026-01-31T00:00:00Z");
  EXPECT_EQ(s.source_access_modes, std::vector<std::string>{"ReadWriteMany"});
  EXPECT_EQ(s.mover_service_account, "volsync-mover");
  EXPECT_EQ(s.custom_ca["secretName"].Scalar(), "minio-ca");
  EXPECT_EQ(s.mover_resources["requests"]["memory"].Scalar(), "256Mi");
  EXPECT_TRUE(s.mover_affinity["podAffinity"].IsMap());
}

TEST(SettingsAdopt, PassThroughFieldsAreValidated) {
  const std::pair<const char*, const char*> cases[] = {
      {"  cleanupTempPVC: \"yes\"\n", "spec.cleanupTempPVC"},
      {"  previous: -1\n", "spec.previous"},
      {"  restoreAsOf: 2026-01-31\n", "spec.restoreAsOf"},
      {"  sourceAccessModes: [ReadWriteSometimes]\n", "spec.sourceAccessModes"},
      {"  moverServiceAccount: Bad_Name\n", "spec.moverServiceAccount"},
      {"  customCA: {secretName: ca}\n", "spec.customCA"},
      {"  moverResources: {requests: {cpu: lots}}\n", "spec.moverResources"},
      {"  moverAffinity: {nodeSelector: {}}\n", "spec.moverAffinity"},
  };
  for (const auto& [body, field] : cases) {
    Config c;
    Findings f;
    EXPECT_FALSE(spec(body, c, f)) << body;
    ASSERT_FALSE(f.empty()) << body;
    EXPECT_EQ(f[0].field, field) << body;
  }
}

TEST(SettingsAdopt, AnnotationsSetEveryNewField) {
  Settings s;
  Findings f;
  const Origin o = config_origin();
  EXPECT_TRUE(apply_annotation("repository-path", "radarr", o, s, f));
  EXPECT_TRUE(apply_annotation("source-name", "${app}-b2", o, s, f));
  EXPECT_TRUE(apply_annotation("destination-name", "${app}-bootstrap", o, s, f));
  EXPECT_TRUE(apply_annotation("secret-name", "${app}-volsync-b2-secret", o, s, f));
  EXPECT_TRUE(apply_annotation("cleanup-temp-pvc", "true", o, s, f));
  EXPECT_TRUE(apply_annotation("enable-file-deletion", "true", o, s, f));
  EXPECT_TRUE(apply_annotation("custom-ca", "{secretName: minio-ca, key: ca.crt}", o, s, f));
  EXPECT_TRUE(apply_annotation("mover-resources", "{limits: {memory: 2Gi}}", o, s, f));
  EXPECT_TRUE(apply_annotation("source-access-modes", "ReadWriteOnce, ReadOnlyMany", o, s, f));
  EXPECT_TRUE(apply_annotation("remote-key", "radarr-volsync", o, s, f));
  EXPECT_TRUE(apply_annotation("store-name", "radarr", o, s, f));
  EXPECT_TRUE(apply_annotation("deletion-policy", "Delete", o, s, f));
  EXPECT_TRUE(f.empty()) << f[0].message;
  EXPECT_EQ(s.naming.repository_path, "radarr");
  EXPECT_EQ(s.naming.destination, "${app}-bootstrap");
  EXPECT_EQ(s.custom_ca["key"].Scalar(), "ca.crt");
  EXPECT_EQ(s.mover_resources["limits"]["memory"].Scalar(), "2Gi");
  EXPECT_EQ(s.source_access_modes.size(), 2u);
  EXPECT_EQ(s.es_remote_key, "radarr-volsync");
  EXPECT_EQ(s.es_store_name, "radarr");
  EXPECT_EQ(s.es_deletion_policy, "Delete");
  Findings bad;
  EXPECT_FALSE(apply_annotation("custom-ca", "secret/minio-ca", o, s, bad));
  EXPECT_FALSE(apply_annotation("deletion-policy", "Orphan", o, s, bad));
  EXPECT_FALSE(apply_annotation("source-name", "${pvcname}", o, s, bad));
  EXPECT_EQ(bad.size(), 3u);
}

TEST(SettingsAdopt, DeletionPolicyIsACredentialsSetting) {
  Config c;
  Findings f;
  const std::string text = "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata:\n  name: cfg\nspec:\n"
                           "  repository: s3:h/b\n  credentials:\n    mode: externalSecret\n    externalSecret:\n"
                           "      storeName: s\n      remoteKey: k\n      deletionPolicy: Merge\n";
  ASSERT_TRUE(parse_config(load(text), config_origin(), c, f)) << (f.empty() ? "" : f[0].message);
  EXPECT_EQ(c.repositories[0].credentials.deletion_policy, "Merge");
}

}  // namespace
}  // namespace vg
