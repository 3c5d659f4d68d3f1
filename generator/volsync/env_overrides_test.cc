#include "volsync/env_overrides.h"

#include <gtest/gtest.h>

#include <set>

#include "volsync/argocd.h"
#include "krm/object.h"
#include "support/test_util.h"

namespace vg {
namespace {

using vg::test::load;

bool has_finding(const Findings& f, const std::string& file, const std::string& part) {
  for (const auto& x : f)
    if (x.file == file && x.message.find(part) != std::string::npos) return true;
  return false;
}

Doc configmap(const std::string& extra = "") {
  return load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: volsync}\ndata:\n"
              "  repository: s3:http://minio:9000/backups\n  secretName: volsync-base\n" + extra);
}

TEST(EnvName, ScreamingSnakeOfConfigMapKeys) {
  EXPECT_EQ(env_name("schedule"), "SCHEDULE");
  EXPECT_EQ(env_name("pruneIntervalDays"), "PRUNE_INTERVAL_DAYS");
  EXPECT_EQ(env_name("moverUID"), "MOVER_UID");
  EXPECT_EQ(env_name("moverFSGroup"), "MOVER_FS_GROUP");
  EXPECT_EQ(env_name("externalSecretApiVersion"), "EXTERNAL_SECRET_API_VERSION");
  EXPECT_EQ(env_name("argocdSyncWaveReplicationSource"), "ARGOCD_SYNC_WAVE_REPLICATION_SOURCE");
}

TEST(EnvName, EveryConfigMapKeyHasItsOwnName) {
  std::set<std::string> names;
  for (const auto& k : configmap_keys()) EXPECT_TRUE(names.insert(env_name(k)).second) << k;
  EXPECT_TRUE(names.count("REPOSITORY"));
  EXPECT_TRUE(names.count("SCHEDULE"));
  EXPECT_TRUE(names.count("ARGOCD_SYNC_WAVES"));
}

TEST(SelectOverrideEnv, ReadsOurVariablesOnly) {
  const char* env[] = {"PATH=/bin", "ARGOCD_ENV_VOLSYNC_SCHEDULE=hourly", "ARGOCD_ENV_OTHER=x",
                       "PARAM_RETAIN=daily=3", "VOLSYNC_SCHEDULE=weekly", nullptr};
  // Outside Argo CD (no ARGOCD_APP_NAME) a stray PARAM_ variable changes nothing.
  EXPECT_EQ(select_override_env(env), (EnvVars{{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "hourly"}}));
  const char* argo[] = {"PARAM_RETAIN=daily=3", "ARGOCD_APP_NAME=demo", "ARGOCD_ENV_VOLSYNC_SCHEDULE=hourly",
                        "ARGOCD_ENV_OTHER=x", nullptr};
  EXPECT_EQ(select_override_env(argo),
            (EnvVars{{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "hourly"}, {"PARAM_RETAIN", "daily=3"}}));
  EXPECT_TRUE(select_override_env(nullptr).empty());
}

TEST(ConfigOverrides, MapsBothFamiliesEnvFirst) {
  Findings f;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_PRUNE_INTERVAL_DAYS", "3"},
                             {"ARGOCD_ENV_VOLSYNC_SCHEDULE", "hourly"},
                             {"PARAM_PRUNEINTERVALDAYS", "5"},
                             {"PARAM_STORAGE_CLASS_NAME", "fast"}},
                            f);
  ASSERT_TRUE(f.empty()) << f[0].to_text();
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].key, "pruneIntervalDays");
  EXPECT_EQ(o[0].value, "3");
  EXPECT_EQ(o[0].source, "environment ARGOCD_ENV_VOLSYNC_PRUNE_INTERVAL_DAYS");
  EXPECT_EQ(o[1].key, "schedule");
  EXPECT_EQ(o[2].key, "pruneIntervalDays");  // parameters come last: they win
  EXPECT_EQ(o[2].value, "5");
  EXPECT_EQ(o[3].key, "storageClassName");
}

TEST(ConfigOverrides, UnknownNamesAreErrorsNamingTheVariable) {
  Findings f;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_SCHEDUEL", "hourly"}, {"PARAM_NOPE", "1"}}, f);
  EXPECT_TRUE(o.empty());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].file, "environment ARGOCD_ENV_VOLSYNC_SCHEDUEL");
  EXPECT_NE(f[0].message.find("VOLSYNC_SCHEDUEL"), std::string::npos);
  EXPECT_NE(f[0].hint.find("ARGOCD_ENV_VOLSYNC_SCHEDULE"), std::string::npos);
  EXPECT_EQ(f[1].file, "environment PARAM_NOPE");
  EXPECT_EQ(f[1].severity, Severity::kError);
}

TEST(ConfigOverrides, SameKeyTwiceInOneFamilyIsAnError) {
  Findings f;
  config_overrides({{"ARGOCD_ENV_VOLSYNC_CACHE_CAPACITY", "1Gi"}, {"ARGOCD_ENV_VOLSYNC_CACHECAPACITY", "2Gi"}}, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("again"), std::string::npos);
}

TEST(ConfigOverrides, ArrayParametersJoinInIndexOrderAndEmptyValuesAreUnset) {
  Findings f;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_SCHEDULE", ""},
                             {"PARAM_CACHEACCESSMODES_0", "ReadWriteOnce"},
                             {"PARAM_CACHEACCESSMODES_10", "ReadWriteOncePod"},
                             {"PARAM_CACHEACCESSMODES_2", "ReadWriteMany"}},
                            f);
  ASSERT_TRUE(f.empty());
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].key, "cacheAccessModes");
  EXPECT_EQ(o[0].value, "ReadWriteOnce,ReadWriteMany,ReadWriteOncePod");
  EXPECT_EQ(o[0].items, (std::vector<std::string>{"ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod"}));
}

TEST(ParseConfigOverrides, ArrayItemsAreAListsEntriesAsGiven) {
  Findings f;
  Config c;
  auto o = config_overrides({{"PARAM_CACHEACCESSMODES_0", "ReadWriteOnce"}, {"PARAM_CACHEACCESSMODES_1", "ReadWriteMany"}}, f);
  ASSERT_TRUE(parse_config(configmap(), Origin{}, c, f, o)) << f[0].to_text();
  EXPECT_EQ(c.defaults.cache_access_modes, (std::vector<std::string>{"ReadWriteOnce", "ReadWriteMany"}));
  // One item is one entry: a comma inside it is not a separator.
  Config d;
  o = config_overrides({{"PARAM_CACHEACCESSMODES_0", "ReadWriteOnce,ReadWriteMany"}}, f);
  EXPECT_FALSE(parse_config(configmap(), Origin{}, d, f, o));
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f.back().message.find("\"ReadWriteOnce,ReadWriteMany\" is not one of"), std::string::npos) << f.back().message;
}

TEST(ParseConfigOverrides, ApplyOverTheFileBeforeRepositoriesAreDerived) {
  Findings f;
  Config c;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "0 4 * * *"},
                             {"ARGOCD_ENV_VOLSYNC_SECRET_NAME", "from-env"},
                             {"PARAM_SCHEDULE", "0 5 * * *"},
                             {"PARAM_REPOSITORY", "s3:http://other:9000/b"}},
                            f);
  ASSERT_TRUE(parse_config(configmap("  schedule: daily\n"), Origin{}, c, f, o)) << f[0].to_text();
  EXPECT_EQ(c.defaults.schedule, "0 5 * * *");
  EXPECT_EQ(c.repository, "s3:http://other:9000/b");
  ASSERT_FALSE(c.repositories.empty());
  EXPECT_EQ(c.repositories[0].url, "s3:http://other:9000/b");
  EXPECT_EQ(c.repositories[0].credentials.secret_name, "from-env");
}

TEST(ParseConfigOverrides, OverTypedSpecToo) {
  Findings f;
  Config c;
  auto fc = load(
      "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata: {name: v}\n"
      "spec: {repository: 's3:http://minio:9000/b', credentials: {secretName: s}, pruneIntervalDays: 7}\n");
  ASSERT_TRUE(parse_config(fc, Origin{}, c, f, {{"pruneIntervalDays", "2", "environment PARAM_PRUNEINTERVALDAYS"}}));
  EXPECT_EQ(c.defaults.prune_interval_days, 2);
}

// Issue 17: an Argo CD Application can narrow the namespace policy of a shared config.
TEST(ParseConfigOverrides, NamespacePolicyFromEnvAndArrayParameters) {
  Findings f;
  Config c;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_NAMESPACES_EXCLUDE", "kube-*, flux-system"},
                             {"ARGOCD_ENV_VOLSYNC_NAMESPACES_ACTION", "warn"},
                             {"PARAM_NAMESPACESINCLUDE_0", "apps-*"},
                             {"PARAM_NAMESPACESINCLUDE_1", "media"}},
                            f);
  ASSERT_TRUE(f.empty()) << f[0].to_text();
  ASSERT_TRUE(parse_config(configmap(), Origin{}, c, f, o)) << f[0].to_text();
  EXPECT_EQ(c.namespaces.include, (std::vector<std::string>{"apps-*", "media"}));
  EXPECT_EQ(c.namespaces.exclude, (std::vector<std::string>{"kube-*", "flux-system"}));
  EXPECT_EQ(c.namespaces.action, NamespacePolicy::Action::kWarn);
  Config d;
  EXPECT_FALSE(parse_config(configmap(), Origin{}, d, f,
                            {{"namespacesInclude", "apps/*", "environment ARGOCD_ENV_VOLSYNC_NAMESPACES_INCLUDE"}}));
  EXPECT_TRUE(has_finding(f, "environment ARGOCD_ENV_VOLSYNC_NAMESPACES_INCLUDE", "entry 0: \"apps/*\""));
}

// Issue 15: an Argo CD Application can switch the mover and the kopia settings of a shared config.
TEST(ParseConfigOverrides, MoverAndKopiaSettings) {
  Findings f;
  Config c;
  auto o = config_overrides({{"ARGOCD_ENV_VOLSYNC_MOVER", "kopia"},
                             {"ARGOCD_ENV_VOLSYNC_KOPIA_COMPRESSION", "zstd-fastest"},
                             {"PARAM_KOPIAPARALLELISM", "2"},
                             {"PARAM_KOPIAMAINTENANCE", "false"}},
                            f);
  ASSERT_TRUE(f.empty()) << f[0].to_text();
  ASSERT_TRUE(parse_config(configmap(), Origin{}, c, f, o)) << f[0].to_text();
  EXPECT_EQ(c.defaults.mover, "kopia");
  EXPECT_EQ(c.defaults.compression, "zstd-fastest");
  EXPECT_EQ(c.defaults.parallelism, 2);
  EXPECT_FALSE(c.kopia_maintenance);
  Config d;
  EXPECT_FALSE(parse_config(configmap(), Origin{}, d, f, {{"mover", "kopa", "environment ARGOCD_ENV_VOLSYNC_MOVER"}}));
  EXPECT_TRUE(has_finding(f, "environment ARGOCD_ENV_VOLSYNC_MOVER", "did you mean kopia?"));
}

TEST(ParseConfigOverrides, BadValuesAreValidatedLikeConfigMapValues) {
  Findings f;
  Config c;
  EXPECT_FALSE(parse_config(configmap(), Origin{}, c, f,
                            {{"schedule", "every day", "environment PARAM_SCHEDULE"},
                             {"pruneIntervalDays", "0", "environment ARGOCD_ENV_VOLSYNC_PRUNE_INTERVAL_DAYS"}}));
  EXPECT_TRUE(has_finding(f, "environment PARAM_SCHEDULE", ""));
  EXPECT_TRUE(has_finding(f, "environment ARGOCD_ENV_VOLSYNC_PRUNE_INTERVAL_DAYS", "out of range"));
  for (const auto& x : f) EXPECT_EQ(x.to_text().rfind("environment ", 0), 0u) << x.to_text();
}

// --- sync waves --------------------------------------------------------------------------------

TEST(SyncWaves, DefaultsOrderSecretRestorePvcBackup) {
  Config c;
  EXPECT_EQ(sync_wave_for("Secret", c), "-2");
  EXPECT_EQ(sync_wave_for("ExternalSecret", c), "-2");
  EXPECT_EQ(sync_wave_for("ReplicationDestination", c), "-1");
  EXPECT_EQ(sync_wave_for("ReplicationSource", c), "1");
  EXPECT_EQ(sync_wave_for("PersistentVolumeClaim", c), std::nullopt);  // the user's object stays untouched
  c.argocd_sync_waves = false;
  EXPECT_EQ(sync_wave_for("Secret", c), std::nullopt);
}

TEST(SyncWaves, ConfiguredFromSpecAndConfigMap) {
  Findings f;
  Config c;
  auto fc = load(
      "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata: {name: v}\n"
      "spec: {repository: 's3:http://minio:9000/b', credentials: {secretName: s},\n"
      "       argocd: {syncWaves: {secret: -5, replicationDestination: '-4', replicationSource: ''}}}\n");
  ASSERT_TRUE(parse_config(fc, Origin{}, c, f)) << f[0].to_text();
  EXPECT_EQ(sync_wave_for("Secret", c), "-5");
  EXPECT_EQ(sync_wave_for("ReplicationDestination", c), "-4");
  EXPECT_EQ(sync_wave_for("ReplicationSource", c), std::nullopt);

  Config d;
  ASSERT_TRUE(parse_config(configmap("  argocdSyncWaves: \"false\"\n"), Origin{}, d, f));
  EXPECT_FALSE(d.argocd_sync_waves);

  Config e;
  EXPECT_FALSE(parse_config(configmap("  argocdSyncWaveSecret: first\n"), Origin{}, e, f));
  EXPECT_NE(f.back().message.find("not an integer sync wave"), std::string::npos);
}

TEST(SyncWaves, SetOnGeneratedObjectsUnlessTheTemplateDid) {
  Config c;
  Doc rs = load("apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata: {name: a}\n");
  set_sync_wave(rs, "ReplicationSource", c);
  EXPECT_EQ(annotation_of(rs, kArgoSyncWaveAnnotation), "1");
  Doc own = load(
      "kind: Secret\nmetadata: {name: a, annotations: {argocd.argoproj.io/sync-wave: '-9'}}\n");
  set_sync_wave(own, "Secret", c);
  EXPECT_EQ(annotation_of(own, kArgoSyncWaveAnnotation), "-9");
}

TEST(SyncWaves, WarnsWhenThePvcsOwnWaveBreaksTheOrder) {
  Config c;
  BackupPlan plan;
  plan.pvc.name = "data";
  plan.pvc.namespace_ = "app";
  Findings f;
  check_pvc_sync_wave(plan, c, f);
  EXPECT_TRUE(f.empty());
  plan.pvc.annotations = {{kArgoSyncWaveAnnotation, "0"}};
  check_pvc_sync_wave(plan, c, f);
  EXPECT_TRUE(f.empty());
  plan.pvc.annotations = {{kArgoSyncWaveAnnotation, "-3"}};
  check_pvc_sync_wave(plan, c, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].rule, kArgoSyncWaveRule);
  EXPECT_NE(f[0].message.find("ReplicationDestination"), std::string::npos);
  f.clear();
  plan.pvc.annotations = {{kArgoSyncWaveAnnotation, "5"}};
  check_pvc_sync_wave(plan, c, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("ReplicationSource"), std::string::npos);
  f.clear();
  plan.settings.restore_mode = "none";
  plan.pvc.annotations = {{kArgoSyncWaveAnnotation, "-3"}};
  check_pvc_sync_wave(plan, c, f);  // no RD, nothing to precede
  EXPECT_TRUE(f.empty());
  c.disabled_rules = {kArgoSyncWaveRule};
  plan.pvc.annotations = {{kArgoSyncWaveAnnotation, "5"}};
  check_pvc_sync_wave(plan, c, f);
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace vg
