#include "volsync/settings.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "yaml/emit.h"
#include "support/test_util.h"
#include "support/volsync_util.h"

namespace vg {
namespace {

using vg::test::config_origin;
using vg::test::load;


struct Parsed {
  bool ok = false;
  Config c;
  Findings f;
  std::string first() const { return f.empty() ? "" : f[0].message; }
};

Parsed spec(const std::string& body, bool with_secret = true) {
  std::string text = "apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nmetadata:\n  name: cfg\nspec:\n";
  // A body with its own credentials block names the Secret there: a second block would be a duplicate key.
  if (with_secret && body.find("  credentials:") == std::string::npos) text += "  credentials:\n    secretName: restic\n";
  text += body;
  Parsed p;
  p.ok = parse_config(load(text), config_origin(), p.c, p.f);
  return p;
}

Parsed configmap(const std::string& data, bool with_secret = true) {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n";
  if (with_secret) text += "  secretName: restic\n";
  text += data;
  Parsed p;
  p.ok = parse_config(load(text), config_origin(), p.c, p.f);
  return p;
}

using Check = std::function<void(const Config&)>;

struct FieldCase {
  const char* name;
  std::string yaml;  // spec lines (indented under spec:) or ConfigMap data lines
  Check check;
};

TEST(SettingsSpec, EveryField) {
  const FieldCase cases[] = {
      {"repository", "  repository: s3:s3.amazonaws.com/bucket\n",
       [](const Config& c) {
         EXPECT_EQ(c.repository, "s3:s3.amazonaws.com/bucket");
         ASSERT_EQ(c.repositories.size(), 1u);
         EXPECT_EQ(c.repositories[0].url, "s3:s3.amazonaws.com/bucket");
         EXPECT_TRUE(c.repositories[0].primary);
         EXPECT_EQ(c.repositories[0].credentials.secret_name, "restic");
       }},
      {"credentials", "  credentials:\n    secretName: src\n    secretNamespace: backup\n"
                      "    deploySourceSecret: true\n    secretSuffix: restic\n",
       [](const Config& c) {
         EXPECT_EQ(c.credentials.secret_name, "src");
         EXPECT_EQ(c.credentials.secret_namespace, "backup");
         EXPECT_TRUE(c.credentials.deploy_source_secret);
         EXPECT_EQ(c.credentials.secret_suffix, "restic");
         EXPECT_EQ(c.credentials.mode, Credentials::Mode::kSecret);
       }},
      {"external secret", "  credentials:\n    mode: externalSecret\n    externalSecret:\n"
                          "      apiVersion: external-secrets.io/v1beta1\n      storeKind: SecretStore\n"
                          "      storeName: vault\n      remoteKey: restic/key\n      refreshInterval: 30m\n"
                          "      properties: {RESTIC_PASSWORD: password, AWS_ACCESS_KEY_ID: id}\n",
       [](const Config& c) {
         EXPECT_EQ(c.credentials.mode, Credentials::Mode::kExternalSecret);
         EXPECT_EQ(c.credentials.eso_api_version, "external-secrets.io/v1beta1");
         EXPECT_EQ(c.credentials.store_kind, "SecretStore");
         EXPECT_EQ(c.credentials.store_name, "vault");
         EXPECT_EQ(c.credentials.remote_key, "restic/key");
         EXPECT_EQ(c.credentials.refresh_interval, "30m");
         ASSERT_EQ(c.credentials.properties.size(), 2u);
         EXPECT_EQ(c.credentials.properties[0].first, "RESTIC_PASSWORD");
         EXPECT_EQ(c.credentials.properties[0].second, "password");
       }},
      {"existing credentials", "  credentials:\n    mode: existing\n",
       [](const Config& c) { EXPECT_EQ(c.credentials.mode, Credentials::Mode::kExisting); }},
      {"privilegedMovers", "  privilegedMovers: true\n",
       [](const Config& c) { EXPECT_TRUE(c.privileged_movers); }},
      {"moverSecurityContextFromWorkload", "  moverSecurityContextFromWorkload: true\n",
       [](const Config& c) { EXPECT_TRUE(c.mover_context_from_workload); }},
      {"cacheMinFraction", "  cacheMinFraction: \"0.25\"\n",
       [](const Config& c) { EXPECT_DOUBLE_EQ(c.cache_min_fraction, 0.25); }},
      {"restore", "  restore: bootstrap\n", [](const Config& c) { EXPECT_EQ(c.defaults.restore_mode, "bootstrap"); }},
      {"skipRestoreReason", "  skipRestoreReason: scratch data\n",
       [](const Config& c) { EXPECT_EQ(c.defaults.skip_restore_reason, "scratch data"); }},
      {"unlock", "  unlock: \"2024-05-01\"\n", [](const Config& c) { EXPECT_EQ(c.defaults.unlock, "2024-05-01"); }},
      {"selector.label", "  selector:\n    label: backup.example.com/enabled\n",
       [](const Config& c) { EXPECT_EQ(c.selector_label, "backup.example.com/enabled"); }},
      {"spreadHours", "  spreadHours: 1-5\n",
       [](const Config& c) {
         EXPECT_EQ(c.spread_first_hour, 1);
         EXPECT_EQ(c.spread_last_hour, 5);
       }},
      {"schedule preset", "  schedule: weekly\n", [](const Config& c) { EXPECT_EQ(c.defaults.schedule, "weekly"); }},
      {"schedule cron", "  schedule: \"15 3 * * *\"\n",
       [](const Config& c) { EXPECT_EQ(c.defaults.schedule, "15 3 * * *"); }},
      {"retain", "  retain:\n    hourly: 1\n    within: 3d\n    last: 5\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.retain.hourly, 1);
         EXPECT_FALSE(c.defaults.retain.daily);
         EXPECT_EQ(c.defaults.retain.within, "3d");
         EXPECT_EQ(c.defaults.retain.last, "5");
       }},
      {"pruneIntervalDays", "  pruneIntervalDays: 14\n",
       [](const Config& c) { EXPECT_EQ(c.defaults.prune_interval_days, 14); }},
      {"copyMethod", "  copyMethod: Clone\n", [](const Config& c) { EXPECT_EQ(c.defaults.copy_method, "Clone"); }},
      {"restoreCopyMethod", "  restoreCopyMethod: Direct\n",
       [](const Config& c) { EXPECT_EQ(c.defaults.restore_copy_method, "Direct"); }},
      {"restoreTrigger", "  restoreTrigger: again\n",
       [](const Config& c) { EXPECT_EQ(c.defaults.restore_trigger, "again"); }},
      {"classes", "  storageClassName: fast\n  volumeSnapshotClassName: csi-snap\n  cacheStorageClassName: local\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.storage_class, "fast");
         EXPECT_EQ(c.defaults.snapshot_class, "csi-snap");
         EXPECT_EQ(c.defaults.cache_storage_class, "local");
       }},
      {"cache", "  cacheCapacity: 5Gi\n  cacheAccessModes: [ReadWriteOnce, ReadWriteMany]\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.cache_capacity, "5Gi");
         EXPECT_EQ(c.defaults.cache_access_modes, (std::vector<std::string>{"ReadWriteOnce", "ReadWriteMany"}));
       }},
      {"moverSecurityContext", "  moverSecurityContext:\n    runAsUser: 1000\n    fsGroup: 2000\n",
       [](const Config& c) {
         ASSERT_TRUE(c.defaults.mover_security_context.IsMap());
         EXPECT_EQ(c.defaults.mover_security_context["runAsUser"].Scalar(), "1000");
       }},
      {"namespaces", "  namespaces:\n    include: [apps-*, media]\n    exclude: [kube-*]\n    action: warn\n",
       [](const Config& c) {
         EXPECT_EQ(c.namespaces.include, (std::vector<std::string>{"apps-*", "media"}));
         EXPECT_EQ(c.namespaces.exclude, (std::vector<std::string>{"kube-*"}));
         EXPECT_EQ(c.namespaces.action, NamespacePolicy::Action::kWarn);
         EXPECT_FALSE(c.namespaces.configmap);
       }},
      {"rules.disabled", "  rules:\n    disabled: [cache-small, argocd-sync-wave]\n",
       [](const Config& c) {
         EXPECT_EQ(c.disabled_rules, (std::vector<std::string>{"cache-small", "argocd-sync-wave"}));
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = spec(c.yaml);
    ASSERT_TRUE(p.ok) << p.first();
    EXPECT_TRUE(p.f.empty());
    c.check(p.c);
  }
}

TEST(SettingsSpec, Defaults) {
  auto p = spec("");
  ASSERT_TRUE(p.ok) << p.first();
  const Settings& s = p.c.defaults;
  EXPECT_EQ(s.schedule, "daily");
  EXPECT_EQ(s.retain.hourly, 24);
  EXPECT_EQ(s.retain.daily, 7);
  EXPECT_EQ(s.retain.weekly, 4);
  EXPECT_EQ(s.retain.monthly, 6);
  EXPECT_FALSE(s.retain.yearly);
  EXPECT_EQ(s.prune_interval_days, 7);
  EXPECT_EQ(s.copy_method, "Snapshot");
  EXPECT_EQ(s.restore_mode, "snapshot");
  EXPECT_EQ(s.cache_capacity, "1Gi");
  EXPECT_EQ(p.c.selector_label, "backup");
  EXPECT_FALSE(p.c.namespaces.restricts());  // every namespace, as before the policy existed
  EXPECT_EQ(p.c.namespaces.action, NamespacePolicy::Action::kError);
  EXPECT_EQ(p.c.origin.file, "config.yaml");
  ASSERT_EQ(p.c.repositories.size(), 1u);
  EXPECT_EQ(p.c.repositories[0].url, "");
}

TEST(SettingsSpec, Errors) {
  struct Case {
    const char* name;
    std::string body;
    std::string field;
    std::string message;
    std::string hint;
  };
  const Case cases[] = {
      {"typo", "  schedul: daily\n", "spec.schedul", "unknown field \"schedul\"", "did you mean \"schedule\"?"},
      {"nested typo", "  credentials:\n    secretName: a\n    secretNamespce: b\n", "spec.credentials.secretNamespce",
       "unknown field", "did you mean \"credentials.secretNamespace\"?"},
      {"no suggestion", "  completelyDifferent: 1\n", "spec.completelyDifferent", "unknown field", ""},
      {"quoted int", "  pruneIntervalDays: \"14\"\n", "spec.pruneIntervalDays", "must be an integer (unquoted)", ""},
      {"quoted bool", "  privilegedMovers: \"true\"\n", "spec.privilegedMovers", "must be true or false (unquoted)",
       ""},
      {"yes is not a bool", "  privilegedMovers: yes\n", "spec.privilegedMovers", "is not true or false", ""},
      {"int out of range", "  pruneIntervalDays: 0\n", "spec.pruneIntervalDays", "out of range", ""},
      {"not an int", "  pruneIntervalDays: 1.5\n", "spec.pruneIntervalDays", "is not an integer", ""},
      {"retain scalar", "  retain: 5\n", "spec.retain", "must be an object", ""},
      {"retain nested", "  retain: {hourly: [1]}\n", "spec.retain.hourly", "must be a scalar", ""},
      {"retain bad key", "  retain: {minutely: 1}\n", "spec.retain.minutely", "unknown retain key", ""},
      // A typed value is never joined into the string form and read again: this `within` once
      // became within=30d plus hourly=99.
      {"retain within with a comma", "  retain: {within: \"30d,hourly=99\"}\n", "spec.retain.within",
       "\"30d,hourly=99\" is not a restic duration", ""},
      {"retain quoted count", "  retain: {daily: \"7\"}\n", "spec.retain.daily", "must be an integer (unquoted)", ""},
      {"retain negative", "  retain: {daily: -1}\n", "spec.retain.daily", "out of range", ""},
      {"list of lists", "  cacheAccessModes: [[ReadWriteOnce]]\n", "spec.cacheAccessModes", "entries must be strings",
       ""},
      {"empty list", "  cacheAccessModes: []\n", "spec.cacheAccessModes", "at least one", ""},
      {"retain empty", "  retain: {}\n", "spec.retain", "retain is empty", ""},
      {"list scalar", "  cacheAccessModes: ReadWriteOnce\n", "spec.cacheAccessModes", "must be a list", ""},
      {"bad access mode", "  cacheAccessModes: [ReadWriteSome]\n", "spec.cacheAccessModes", "is not one of", ""},
      {"string given a list", "  repository: [a]\n", "spec.repository", "must be a string", ""},
      {"group not a map", "  credentials: restic\n", "spec.credentials", "must be an object", ""},
      {"bad schedule", "  schedule: \"61 * * * *\"\n", "spec.schedule", "", ""},
      {"bad copy method", "  copyMethod: None\n", "spec.copyMethod", "deprecated alias of Direct", ""},
      {"restore with clone", "  restoreCopyMethod: Clone\n", "spec.restoreCopyMethod", "cannot restore with Clone", ""},
      {"bad restore mode", "  restore: always\n", "spec.restore", "is not one of", ""},
      {"bad class", "  storageClassName: Fast_SSD\n", "spec.storageClassName", "Fast_SSD", ""},
      {"bad quantity", "  cacheCapacity: 5GB\n", "spec.cacheCapacity", "not a Kubernetes quantity", ""},
      {"negative quantity", "  cacheCapacity: -1Gi\n", "spec.cacheCapacity", "\"-1Gi\" must be greater than zero", ""},
      {"zero quantity", "  cacheCapacity: \"0\"\n", "spec.cacheCapacity", "\"0\" must be greater than zero", ""},
      {"null string", "  schedule: null\n", "spec.schedule", "must be a string", ""},
      {"property maps the repository",
       "  credentials:\n    mode: externalSecret\n    externalSecret:\n      properties: {RESTIC_REPOSITORY: repo}\n",
       "spec.credentials.externalSecret.properties",
       "properties.RESTIC_REPOSITORY: the repository cannot come from the store item every PVC reads", ""},
      {"property maps the base",
       "  credentials:\n    externalSecret:\n      properties: {RESTIC_REPOSITORY_BASE: base}\n",
       "spec.credentials.externalSecret.properties", "properties.RESTIC_REPOSITORY_BASE: the repository cannot", ""},
      {"property key invalid", "  credentials:\n    externalSecret:\n      properties: {'bad key!': p}\n",
       "spec.credentials.externalSecret.properties",
       "properties.bad key!: \"bad key!\" is not a valid Secret key: a valid config key must consist", ""},
      {"property empty", "  credentials:\n    externalSecret:\n      properties: {AZURE_ACCOUNT_KEY: ''}\n",
       "spec.credentials.externalSecret.properties", "properties.AZURE_ACCOUNT_KEY: names no remote property", ""},
      {"property null", "  credentials:\n    externalSecret:\n      properties: {AZURE_ACCOUNT_KEY: null}\n",
       "spec.credentials.externalSecret.properties", "properties.AZURE_ACCOUNT_KEY: must be a string", ""},
      {"byNamespace not a map", "  credentials:\n    byNamespace: [media]\n", "spec.credentials.byNamespace",
       "byNamespace must map namespaces (or globs) to names", ""},
      {"byNamespace bad namespace", "  credentials:\n    byNamespace: {Media_1: restic-media}\n",
       "spec.credentials.byNamespace", "byNamespace.Media_1: \"Media_1\": a namespace name or glob has only a-z", ""},
      {"byNamespace bad glob", "  credentials:\n    byNamespace: {'team/[a]*': restic-team}\n",
       "spec.credentials.byNamespace", "byNamespace.team/[a]*: \"team/[a]*\": a namespace name or glob has only a-z", ""},
      {"byNamespace bad Secret name", "  credentials:\n    byNamespace: {media: Restic_Media}\n",
       "spec.credentials.byNamespace", "byNamespace.media: \"Restic_Media\" is not a Secret name", ""},
      {"byNamespace null", "  credentials:\n    byNamespace: {media: null}\n", "spec.credentials.byNamespace",
       "byNamespace.media: must be a string", ""},
      {"externalSecret byNamespace empty key",
       "  credentials:\n    mode: externalSecret\n    externalSecret:\n      storeName: s\n      byNamespace: {media: ''}\n",
       "spec.credentials.externalSecret.byNamespace", "byNamespace.media: remoteKey must not be empty", ""},
      {"bad spread", "  spreadHours: 5-1\n", "spec.spreadHours", "FIRST-LAST", ""},
      {"bad spread form", "  spreadHours: night\n", "spec.spreadHours", "hour range", ""},
      {"bad fraction", "  cacheMinFraction: \"1.5\"\n", "spec.cacheMinFraction", "fraction", ""},
      {"bad refresh", "  credentials:\n    secretName: a\n    externalSecret: {refreshInterval: soon}\n",
       "spec.credentials.externalSecret.refreshInterval", "duration", ""},
      {"empty restore trigger", "  restoreTrigger: \"\"\n", "spec.restoreTrigger", "must not be empty", ""},
      {"bad selector", "  selector: {label: \"-bad\"}\n", "spec.selector.label", "-bad", ""},
      {"moverSecurityContext list", "  moverSecurityContext: [1]\n", "spec.moverSecurityContext", "must be an object",
       ""},
      {"namespace typo", "  namespaces:\n    includes: [a]\n", "spec.namespaces.includes", "unknown field",
       "did you mean \"namespaces.include\"?"},
      {"namespace glob with a slash", "  namespaces:\n    include: [media, \"apps/*\"]\n", "spec.namespaces.include",
       "entry 1: \"apps/*\": a namespace name or glob has only a-z, 0-9, '-', '*' and '?'", ""},
      {"namespace list scalar", "  namespaces:\n    exclude: kube-system\n", "spec.namespaces.exclude", "must be a list", ""},
      {"namespace action", "  namespaces:\n    action: skip\n", "spec.namespaces.action", "is not one of error warn", ""},
      {"both repository forms", "  repository: s3:x/y\n  repositories:\n  - name: a\n", "spec.repository",
       "not both", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = spec(c.body);
    EXPECT_FALSE(p.ok);
    ASSERT_FALSE(p.f.empty());
    EXPECT_EQ(p.f[0].rule, "config");
    EXPECT_EQ(p.f[0].field, c.field);
    EXPECT_NE(p.f[0].message.find(c.message), std::string::npos) << p.f[0].message;
    EXPECT_EQ(p.f[0].hint, c.hint);
    EXPECT_EQ(p.f[0].file, "config.yaml");
    EXPECT_EQ(p.f[0].resource.kind, "VolSyncBackup");
  }
}

TEST(SettingsSpec, FindingLinesAreRelativeToTheConfig) {
  auto p = spec("  schedule: daily\n  schedul: daily\n");
  ASSERT_EQ(p.f.size(), 1u);
  // origin line 10 + mark line 8 (0-based) of the key in the functionConfig text
  EXPECT_EQ(p.f[0].line, 18);
  // A finding inside a typed value is located at that value: origin line 10 + line 8 of `within`.
  auto w = spec("  schedule: daily\n  retain:\n    within: 30d,hourly=99\n");
  ASSERT_EQ(w.f.size(), 1u);
  EXPECT_EQ(w.f[0].field, "spec.retain.within");
  EXPECT_EQ(w.f[0].line, 19);
}

TEST(SettingsSpec, DocumentLevelErrors) {
  Parsed p;
  p.ok = parse_config(load("apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\nspec: {}\nextra: 1\n"),
                      config_origin(), p.c, p.f);
  EXPECT_FALSE(p.ok);
  ASSERT_FALSE(p.f.empty());
  EXPECT_EQ(p.f[0].field, "extra");

  Parsed nospec;
  nospec.ok = parse_config(load("apiVersion: volsync-gen.io/v1alpha1\nkind: VolSyncBackup\n"), config_origin(),
                           nospec.c, nospec.f);
  EXPECT_FALSE(nospec.ok);
  ASSERT_FALSE(nospec.f.empty());
  EXPECT_EQ(nospec.f[0].field, "spec");

  for (const char* doc : {"apiVersion: v2\nkind: VolSyncBackup\nspec: {}\n", "apiVersion: v1\nkind: Secret\n",
                          "kind: ConfigMap\ndata: {}\n"}) {
    SCOPED_TRACE(doc);
    Parsed q;
    q.ok = parse_config(load(doc), config_origin(), q.c, q.f);
    EXPECT_FALSE(q.ok);
    ASSERT_FALSE(q.f.empty());
    EXPECT_EQ(q.f[0].field, "kind");
    EXPECT_NE(q.f[0].hint.find("VolSyncBackup"), std::string::npos);
  }
  Parsed notmap;
  notmap.ok = parse_config(load("[1]"), config_origin(), notmap.c, notmap.f);
  EXPECT_FALSE(notmap.ok);

  auto nosecret = spec("  schedule: daily\n", false);
  EXPECT_FALSE(nosecret.ok);
  ASSERT_FALSE(nosecret.f.empty());
  EXPECT_EQ(nosecret.f[0].field, "spec.credentials.secretName");
  auto eso = spec("  credentials:\n    mode: externalSecret\n    externalSecret: {storeName: vault}\n", false);
  EXPECT_FALSE(eso.ok);
  ASSERT_FALSE(eso.f.empty());
  EXPECT_NE(eso.f[0].message.find("storeName and remoteKey"), std::string::npos);
}

TEST(SettingsConfigMap, EveryKey) {
  const FieldCase cases[] = {
      {"repository", "  repository: b2:bucket\n", [](const Config& c) { EXPECT_EQ(c.repository, "b2:bucket"); }},
      {"credentials", "  secretNamespace: backup\n  deploySourceSecret: \"true\"\n  secretSuffix: restic\n",
       [](const Config& c) {
         EXPECT_EQ(c.credentials.secret_name, "restic");
         EXPECT_EQ(c.credentials.secret_namespace, "backup");
         EXPECT_TRUE(c.credentials.deploy_source_secret);
         EXPECT_EQ(c.credentials.secret_suffix, "restic");
       }},
      {"external secret", "  credentialsMode: externalSecret\n  externalSecretApiVersion: external-secrets.io/v1\n"
                          "  storeKind: ClusterSecretStore\n  storeName: vault\n  remoteKey: k\n  refreshInterval: 1h30m\n",
       [](const Config& c) {
         EXPECT_EQ(c.credentials.mode, Credentials::Mode::kExternalSecret);
         EXPECT_EQ(c.credentials.store_name, "vault");
         EXPECT_EQ(c.credentials.remote_key, "k");
         EXPECT_EQ(c.credentials.refresh_interval, "1h30m");
       }},
      {"flags", "  privilegedMovers: \"true\"\n  moverSecurityContextFromWorkload: \"true\"\n  cacheMinFraction: \"0\"\n",
       [](const Config& c) {
         EXPECT_TRUE(c.privileged_movers);
         EXPECT_TRUE(c.mover_context_from_workload);
         EXPECT_DOUBLE_EQ(c.cache_min_fraction, 0.0);
       }},
      {"restore", "  restore: none\n  skipRestoreReason: cache\n  unlock: t1\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.restore_mode, "none");
         EXPECT_EQ(c.defaults.skip_restore_reason, "cache");
         EXPECT_EQ(c.defaults.unlock, "t1");
       }},
      {"selection", "  selectorLabel: backup-tier\n  spreadHours: 0-23\n",
       [](const Config& c) {
         EXPECT_EQ(c.selector_label, "backup-tier");
         EXPECT_EQ(c.spread_last_hour, 23);
       }},
      {"schedule and retain", "  schedule: hourly\n  retain: daily=3, weekly=2,last=1\n  pruneIntervalDays: \"30\"\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.schedule, "hourly");
         EXPECT_EQ(c.defaults.retain.daily, 3);
         EXPECT_EQ(c.defaults.retain.weekly, 2);
         EXPECT_FALSE(c.defaults.retain.hourly);
         EXPECT_EQ(c.defaults.retain.last, "1");
         EXPECT_EQ(c.defaults.prune_interval_days, 30);
       }},
      {"methods", "  copyMethod: Direct\n  restoreCopyMethod: Direct\n  restoreTrigger: r2\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.copy_method, "Direct");
         EXPECT_EQ(c.defaults.restore_copy_method, "Direct");
         EXPECT_EQ(c.defaults.restore_trigger, "r2");
       }},
      {"classes and cache", "  storageClassName: a\n  volumeSnapshotClassName: b\n  cacheStorageClassName: c\n"
                            "  cacheCapacity: 500Mi\n  cacheAccessModes: ReadWriteOnce, ReadOnlyMany\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.storage_class, "a");
         EXPECT_EQ(c.defaults.snapshot_class, "b");
         EXPECT_EQ(c.defaults.cache_storage_class, "c");
         EXPECT_EQ(c.defaults.cache_capacity, "500Mi");
         EXPECT_EQ(c.defaults.cache_access_modes, (std::vector<std::string>{"ReadWriteOnce", "ReadOnlyMany"}));
       }},
      {"mover ids", "  moverUID: \"1000\"\n  moverGID: \"2000\"\n  moverFSGroup: \"3000\"\n",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.mover_uid, 1000);
         EXPECT_EQ(c.defaults.mover_gid, 2000);
         EXPECT_EQ(c.defaults.mover_fsgroup, 3000);
       }},
      {"namespace policy", "  namespacesInclude: \"apps-*, media\"\n  namespacesExclude: \"kube-*\"\n  namespacesAction: warn\n",
       [](const Config& c) {
         EXPECT_EQ(c.namespaces.include, (std::vector<std::string>{"apps-*", "media"}));
         EXPECT_EQ(c.namespaces.exclude, (std::vector<std::string>{"kube-*"}));
         EXPECT_EQ(c.namespaces.action, NamespacePolicy::Action::kWarn);
         EXPECT_TRUE(c.namespaces.configmap);
       }},
      {"empty namespace lists", "  namespacesInclude: \"\"\n",
       [](const Config& c) { EXPECT_FALSE(c.namespaces.restricts()); }},
      {"disabled rules", "  disabledRules: \" cache-small, argocd-sync-wave ,,mover-count \"\n",
       [](const Config& c) {
         EXPECT_EQ(c.disabled_rules, (std::vector<std::string>{"cache-small", "argocd-sync-wave", "mover-count"}));
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = configmap(c.yaml);
    ASSERT_TRUE(p.ok) << p.first();
    c.check(p.c);
  }
}

TEST(SettingsConfigMap, Errors) {
  struct Case {
    std::string data;
    std::string field;
    std::string message;
    std::string hint;
  };
  const Case cases[] = {
      {"  scheduel: daily\n", "data.scheduel", "unknown key \"scheduel\"", "did you mean \"schedule\"?"},
      {"  retain: {hourly: 1}\n", "data.retain", "ConfigMap values must be strings", ""},
      {"  retain: \"\"\n", "data.retain", "retain is empty", ""},
      {"  moverUID: \"-1\"\n", "data.moverUID", "out of range", ""},
      {"  privilegedMovers: \"yes\"\n", "data.privilegedMovers", "not true or false", ""},
      {"  pruneIntervalDays: \"7d\"\n", "data.pruneIntervalDays", "not an integer", ""},
      {"  namespacesExclude: \"kube-*, Bad\"\n", "data.namespacesExclude", "entry 1: \"Bad\"", ""},
      {"  namespacesAction: skip\n", "data.namespacesAction", "\"skip\" is not one of error warn", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.data);
    auto p = configmap(c.data);
    EXPECT_FALSE(p.ok);
    ASSERT_FALSE(p.f.empty());
    EXPECT_EQ(p.f[0].field, c.field);
    EXPECT_NE(p.f[0].message.find(c.message), std::string::npos) << p.f[0].message;
    EXPECT_EQ(p.f[0].hint, c.hint);
  }
  auto nosecret = configmap("  schedule: daily\n", false);
  EXPECT_FALSE(nosecret.ok);
  ASSERT_FALSE(nosecret.f.empty());
  EXPECT_EQ(nosecret.f[0].field, "data.secretName");
  Parsed baddata;
  baddata.ok = parse_config(load("apiVersion: v1\nkind: ConfigMap\ndata: [a]\n"), config_origin(), baddata.c, baddata.f);
  EXPECT_FALSE(baddata.ok);
  ASSERT_FALSE(baddata.f.empty());
  EXPECT_EQ(baddata.f[0].field, "data");
}

struct AnnCase {
  const char* key;
  const char* value;
  Check check;  // on a Config whose defaults were changed
};

TEST(SettingsAnnotations, EveryKey) {
  const AnnCase cases[] = {
      {"schedule", "every-6h", [](const Config& c) { EXPECT_EQ(c.defaults.schedule, "every-6h"); }},
      {"schedule", "*/30 * * * *", [](const Config& c) { EXPECT_EQ(c.defaults.schedule, "*/30 * * * *"); }},
      {"retain", "hourly=6,yearly=1,within=1y6m",
       [](const Config& c) {
         EXPECT_EQ(c.defaults.retain.hourly, 6);
         EXPECT_EQ(c.defaults.retain.yearly, 1);
         EXPECT_EQ(c.defaults.retain.within, "1y6m");
         EXPECT_FALSE(c.defaults.retain.daily);
       }},
      {"prune-interval-days", "3", [](const Config& c) { EXPECT_EQ(c.defaults.prune_interval_days, 3); }},
      {"copy-method", "Direct", [](const Config& c) { EXPECT_EQ(c.defaults.copy_method, "Direct"); }},
      {"restore-copy-method", "Direct", [](const Config& c) { EXPECT_EQ(c.defaults.restore_copy_method, "Direct"); }},
      {"restore-trigger", "t", [](const Config& c) { EXPECT_EQ(c.defaults.restore_trigger, "t"); }},
      {"storage-class", "fast", [](const Config& c) { EXPECT_EQ(c.defaults.storage_class, "fast"); }},
      {"snapshot-class", "snap", [](const Config& c) { EXPECT_EQ(c.defaults.snapshot_class, "snap"); }},
      {"cache-storage-class", "local", [](const Config& c) { EXPECT_EQ(c.defaults.cache_storage_class, "local"); }},
      {"cache-capacity", "10Gi", [](const Config& c) { EXPECT_EQ(c.defaults.cache_capacity, "10Gi"); }},
      {"cache-access-modes", "ReadWriteOncePod",
       [](const Config& c) { EXPECT_EQ(c.defaults.cache_access_modes, std::vector<std::string>{"ReadWriteOncePod"}); }},
      {"mover-uid", "65534", [](const Config& c) { EXPECT_EQ(c.defaults.mover_uid, 65534); }},
      {"mover-gid", "0", [](const Config& c) { EXPECT_EQ(c.defaults.mover_gid, 0); }},
      {"mover-fsgroup", "2147483647", [](const Config& c) { EXPECT_EQ(c.defaults.mover_fsgroup, 2147483647); }},
      {"restore", "manual", [](const Config& c) { EXPECT_EQ(c.defaults.restore_mode, "manual"); }},
      {"restore-now", "go-1", [](const Config& c) { EXPECT_EQ(c.defaults.restore_now, "go-1"); }},
      {"skip-restore", "true", [](const Config& c) { EXPECT_EQ(c.defaults.restore_mode, "none"); }},
      {"skip-restore", "false", [](const Config& c) { EXPECT_EQ(c.defaults.restore_mode, "snapshot"); }},
      {"skip-restore-reason", "tmp", [](const Config& c) { EXPECT_EQ(c.defaults.skip_restore_reason, "tmp"); }},
      {"unlock", "u2", [](const Config& c) { EXPECT_EQ(c.defaults.unlock, "u2"); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "=" + c.value);
    Config cfg;
    Findings f;
    EXPECT_TRUE(apply_annotation(c.key, c.value, config_origin(), cfg.defaults, f));
    EXPECT_TRUE(f.empty()) << (f.empty() ? "" : f[0].message);
    c.check(cfg);
  }
}

TEST(SettingsAnnotations, Errors) {
  struct Case {
    const char* key;
    const char* value;
    std::string message;
    std::string hint;
  };
  const Case cases[] = {
      {"schedul", "daily", "unknown annotation volsync-gen.io/schedul", "did you mean volsync-gen.io/schedule?"},
      {"storage-clas", "x", "unknown annotation", "did you mean volsync-gen.io/storage-class?"},
      {"repository", "s3:x", "unknown annotation", ""},  // config-only: not per PVC
      {"zzzzzzzzzzzz", "x", "unknown annotation", ""},
      {"schedule", "sometimes", "", ""},
      {"retain", "", "retain is empty", ""},
      {"prune-interval-days", "\"7\"", "not an integer", ""},
      {"mover-uid", "-5", "out of range", ""},
      {"mover-gid", "2147483648", "out of range", ""},
      {"mover-fsgroup", "abc", "not an integer", ""},
      {"restore-now", "", "needs a token", ""},
      {"skip-restore", "yes", "not true or false", ""},
      {"skip-restore-reason", "", "must not be empty", ""},
      {"unlock", "", "needs a token", ""},
      {"cache-access-modes", "ReadWriteOnce,", "is not one of", ""},
      {"cache-capacity", "lots", "not a Kubernetes quantity", ""},
      {"cache-capacity", "-1Gi", "\"-1Gi\" must be greater than zero", ""},
      {"cache-capacity", "0", "\"0\" must be greater than zero", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "=" + c.value);
    Settings s;
    Findings f;
    EXPECT_FALSE(apply_annotation(c.key, c.value, config_origin(), s, f));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].rule, "annotation");
    EXPECT_EQ(f[0].field, std::string("metadata.annotations[volsync-gen.io/") + c.key + "]");
    EXPECT_NE(f[0].message.find(c.message), std::string::npos) << f[0].message;
    EXPECT_EQ(f[0].hint, c.hint);
  }
}

TEST(SettingsAnnotations, KeysListSelectionAndSettings) {
  auto keys = annotation_keys();
  for (const char* k : {"backup", "name", "schedule", "retain", "mover-uid", "restore", "skip-restore-reason"})
    EXPECT_NE(std::find(keys.begin(), keys.end(), k), keys.end()) << k;
  EXPECT_EQ(std::find(keys.begin(), keys.end(), "repository"), keys.end());
}

TEST(SettingsRetain, ParseString) {
  struct Case {
    const char* text;
    const char* error;  // substring, or nullptr when valid
    std::optional<std::int64_t> hourly, daily;
    std::optional<std::string> within, last;
  };
  const Case cases[] = {
      {"hourly=24,daily=7", nullptr, 24, 7, {}, {}},
      {" hourly=1 , daily=2 ", nullptr, 1, 2, {}, {}},
      {"hourly=1,,daily=2,", nullptr, 1, 2, {}, {}},
      {"hourly=0", nullptr, 0, {}, {}, {}},
      {"last=5", nullptr, {}, {}, {}, "5"},
      {"within=3d", nullptr, {}, {}, "3d", {}},
      {"within=1y6m2d12h", nullptr, {}, {}, "1y6m2d12h", {}},
      {"", "retain is empty", {}, {}, {}, {}},
      {" , ", "retain is empty", {}, {}, {}, {}},
      {"hourly", "is not KEY=VALUE", {}, {}, {}, {}},
      {"hourly=", "not an integer", {}, {}, {}, {}},
      {"hourly=x", "not an integer", {}, {}, {}, {}},
      {"hourly=-1", "out of range", {}, {}, {}, {}},
      {"hourly=2147483648", "out of range", {}, {}, {}, {}},
      {"hourly=1.5", "not an integer", {}, {}, {}, {}},
      {"last=0", "out of range", {}, {}, {}, {}},
      {"last=many", "not an integer", {}, {}, {}, {}},
      {"within=3", "restic duration", {}, {}, {}, {}},
      {"within=3 days", "restic duration", {}, {}, {}, {}},
      {"within=", "restic duration", {}, {}, {}, {}},
      {"minutely=5", "unknown retain key \"minutely\"", {}, {}, {}, {}},
      {"Hourly=5", "unknown retain key", {}, {}, {}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Retain r;
    r.yearly = 99;  // untouched on error
    auto err = parse_retain_string(c.text, r);
    if (c.error) {
      ASSERT_TRUE(err);
      EXPECT_NE(err->find(c.error), std::string::npos) << *err;
      EXPECT_EQ(r.yearly, 99);
    } else {
      ASSERT_FALSE(err) << *err;
      EXPECT_EQ(r.hourly, c.hourly);
      EXPECT_EQ(r.daily, c.daily);
      EXPECT_EQ(r.within, c.within);
      EXPECT_EQ(r.last, c.last);
      EXPECT_FALSE(r.yearly) << "the parsed policy replaces the old one";
    }
  }
}

TEST(SettingsRetain, ToDoc) {
  Retain r;
  r.hourly = 24;
  r.monthly = 6;
  r.within = "3d";
  r.last = "10";
  std::string out;
  emit_block(out, r.to_doc(), 0);
  EXPECT_EQ(out, "hourly: 24\nmonthly: 6\nwithin: 3d\nlast: \"10\"\n");
  EXPECT_TRUE(Retain{}.empty());
  EXPECT_FALSE(r.empty());
}

// The map form reads each key from the same table as the string form, never through it: a
// comma inside a value stays in that value.
TEST(SettingsRetain, DocForm) {
  struct Case {
    const char* yaml;
    const char* key;    // of the error, "" for the map; nullptr: no error
    const char* error;
  };
  const Case cases[] = {
      {"{hourly: 1, within: 3d, last: 5}", nullptr, nullptr},
      {"{within: \"30d,hourly=99\"}", "within", "is not a restic duration"},
      {"{hourly: \"24\"}", "hourly", "must be an integer (unquoted)"},
      {"{hourly: 1.5}", "hourly", "is not an integer"},
      {"{last: 0}", "last", "out of range"},
      {"{weekly: {a: 1}}", "weekly", "must be a scalar"},
      {"{minutely: 1}", "minutely", "unknown retain key \"minutely\" (hourly, daily, weekly, monthly, yearly, within, last, latest)"},
      {"{}", "", "retain is empty"},
      {"[1]", "", "must be an object"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    Retain r;
    r.yearly = 99;  // untouched on error
    auto err = parse_retain_doc(load(c.yaml), r);
    if (!c.key) {
      ASSERT_FALSE(err) << err->message;
      EXPECT_EQ(r.hourly, 1);
      EXPECT_EQ(r.within, "3d");
      EXPECT_EQ(r.last, "5");
      EXPECT_FALSE(r.yearly);
      continue;
    }
    ASSERT_TRUE(err);
    EXPECT_EQ(err->key, c.key);
    EXPECT_NE(err->message.find(c.error), std::string::npos) << err->message;
    EXPECT_EQ(r.yearly, 99);
    EXPECT_FALSE(r.hourly);
  }
  // The same characters in the string form are two keys, as that form defines.
  Retain r;
  ASSERT_FALSE(parse_retain_string("within=30d,hourly=99", r));
  EXPECT_EQ(r.within, "30d");
  EXPECT_EQ(r.hourly, 99);
}

TEST(SettingsMover, SecurityContextAndOverrides) {
  Settings s;
  EXPECT_FALSE(s.effective_security_context().IsDefined() && !s.effective_security_context().IsNull());

  s.mover_security_context = load("{runAsUser: 1, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}");
  Doc only_config = s.effective_security_context();
  ASSERT_TRUE(only_config.IsMap());
  EXPECT_EQ(only_config["runAsUser"].Scalar(), "1");

  s.mover_uid = 1000;
  s.mover_gid = 2000;
  s.mover_fsgroup = 3000;
  Doc n = s.effective_security_context();
  std::string out;
  emit_block(out, n, 0);
  EXPECT_EQ(out, "runAsUser: 1000\nrunAsNonRoot: true\nseccompProfile:\n  type: RuntimeDefault\n"
                 "runAsGroup: 2000\nfsGroup: 3000\n");
  EXPECT_EQ(s.mover_security_context["runAsUser"].Scalar(), "1") << "the configured context is not modified";

  Settings ids_only;
  ids_only.mover_gid = 5;
  out.clear();
  emit_block(out, ids_only.effective_security_context(), 0);
  EXPECT_EQ(out, "runAsGroup: 5\n");

  // Config context + per-PVC annotation overrides.
  Findings f;
  auto p = spec("  moverSecurityContext: {runAsUser: 1000, runAsGroup: 1000}\n");
  ASSERT_TRUE(p.ok) << p.first();
  Settings pvc = p.c.defaults;
  ASSERT_TRUE(apply_annotation("mover-uid", "65534", config_origin(), pvc, f));
  Doc eff = pvc.effective_security_context();
  EXPECT_EQ(eff["runAsUser"].Scalar(), "65534");
  EXPECT_EQ(eff["runAsGroup"].Scalar(), "1000");
  EXPECT_EQ(p.c.defaults.effective_security_context()["runAsUser"].Scalar(), "1000");
}

TEST(SettingsRepository, ApplySettingNode) {
  Settings s;
  Findings f;
  EXPECT_TRUE(apply_setting_node("schedule", load("weekly"), config_origin(), s, f));
  EXPECT_EQ(s.schedule, "weekly");
  EXPECT_TRUE(apply_setting_node("retain", load("{daily: 2}"), config_origin(), s, f));
  EXPECT_EQ(s.retain.daily, 2);
  EXPECT_TRUE(apply_setting_node("pruneIntervalDays", load("9"), config_origin(), s, f));
  EXPECT_EQ(s.prune_interval_days, 9);
  EXPECT_TRUE(f.empty());
  EXPECT_FALSE(apply_setting_node("pruneIntervalDays", load("\"9\""), config_origin(), s, f));
  EXPECT_FALSE(apply_setting_node("repository", load("s3:x"), config_origin(), s, f));
  EXPECT_FALSE(apply_setting_node("privilegedMovers", load("true"), config_origin(), s, f));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_NE(f[1].message.find("not a per-repository setting"), std::string::npos);
}

TEST(SettingsCredentials, NodeInheritsAndModeNames) {
  Credentials base;
  base.secret_name = "restic";
  base.store_name = "vault";
  Findings f;
  ASSERT_TRUE(parse_credentials_node(load("{secretNamespace: other, externalSecret: {remoteKey: k}}"),
                                     config_origin(), base, f));
  EXPECT_EQ(base.secret_name, "restic");
  EXPECT_EQ(base.secret_namespace, "other");
  EXPECT_EQ(base.remote_key, "k");
  EXPECT_EQ(base.store_name, "vault");
  Credentials untouched = base;
  EXPECT_FALSE(parse_credentials_node(load("{secretNam: x}"), config_origin(), base, f));
  EXPECT_EQ(base.secret_namespace, untouched.secret_namespace);
  EXPECT_FALSE(parse_credentials_node(load("[x]"), config_origin(), base, f));
  EXPECT_STREQ(credentials_mode_name(Credentials::Mode::kExternalSecret), "externalSecret");
  EXPECT_STREQ(credentials_mode_name(Credentials::Mode::kExisting), "existing");
  EXPECT_STREQ(credentials_mode_name(Credentials::Mode::kSecret), "secret");
}

// byNamespace in config order; it stands in for the fallback (secretName / remoteKey), and a
// repository's own map replaces the inherited one.
TEST(SettingsCredentials, ByNamespace) {
  auto p = spec("  repository: s3:https://h/b\n  credentials:\n    byNamespace: {team-*: restic-team, media: restic-media}\n",
                false);
  ASSERT_TRUE(p.ok) << p.first();
  const auto& by = p.c.repositories[0].credentials.secret_by_namespace;
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0], (std::pair<std::string, std::string>{"team-*", "restic-team"}));
  EXPECT_EQ(by[1], (std::pair<std::string, std::string>{"media", "restic-media"}));
  auto eso = spec("  repository: s3:https://h/b\n  credentials:\n    mode: externalSecret\n    externalSecret:\n"
                  "      storeName: vault\n      byNamespace: {'*': backups/all}\n",
                  false);
  ASSERT_TRUE(eso.ok) << eso.first();
  EXPECT_EQ(eso.c.repositories[0].credentials.remote_key_by_namespace.size(), 1u);
  // Neither a fallback nor a map: the source Secret is not named.
  auto none = spec("  repository: s3:https://h/b\n  credentials:\n    byNamespace: {}\n", false);
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.first().find("the source Secret is not named"), std::string::npos) << none.first();
  auto repos = spec("  credentials:\n    byNamespace: {media: restic-media}\n  repositories:\n"
                    "  - name: a\n    url: s3:https://h/a\n  - name: b\n    url: s3:https://h/b\n"
                    "    credentials:\n      byNamespace: {home: b-home}\n",
                    false);
  ASSERT_TRUE(repos.ok) << repos.first();
  ASSERT_EQ(repos.c.repositories.size(), 2u);
  EXPECT_EQ(repos.c.repositories[0].credentials.secret_by_namespace[0].second, "restic-media");
  ASSERT_EQ(repos.c.repositories[1].credentials.secret_by_namespace.size(), 1u);
  EXPECT_EQ(repos.c.repositories[1].credentials.secret_by_namespace[0].second, "b-home");
  EXPECT_EQ(repos.c.repositories[1].credentials.secret_name, "") << "byNamespace set: the fallback is not inherited";
  // A repository naming its own secretName does not inherit byNamespace, which would override it.
  auto own = spec("  credentials:\n    secretName: shared\n    byNamespace: {media: restic-media}\n  repositories:\n"
                  "  - name: a\n    url: s3:https://h/a\n  - name: b\n    url: s3:https://h/b\n"
                  "    credentials: {secretName: offsite}\n  - name: c\n    url: s3:https://h/c\n"
                  "    credentials: {mode: externalSecret, externalSecret: {storeName: v, remoteKey: k}}\n",
                  false);
  ASSERT_TRUE(own.ok) << own.first();
  EXPECT_EQ(own.c.repositories[0].credentials.secret_name, "shared");
  EXPECT_EQ(own.c.repositories[0].credentials.secret_by_namespace.size(), 1u);
  EXPECT_EQ(own.c.repositories[1].credentials.secret_name, "offsite");
  EXPECT_TRUE(own.c.repositories[1].credentials.secret_by_namespace.empty());
  EXPECT_EQ(own.c.repositories[2].credentials.remote_key, "k");
}

TEST(Settings, DisabledRulesAreCheckedAgainstTheRegistry) {
  struct Case { const char* yaml; const char* message; } cases[] = {
      {"  rules:\n    disabled: [cache-smal]\n", "no rule \"cache-smal\"; did you mean cache-small?"},
      {"  rules:\n    disabled: [no-such-rule-at-all]\n", "no rule \"no-such-rule-at-all\""},
      {"  rules:\n    disabled: [schema]\n", "rule \"schema\" cannot be disabled"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    auto p = spec(c.yaml);
    EXPECT_FALSE(p.ok);
    ASSERT_FALSE(p.f.empty());
    EXPECT_EQ(p.f[0].rule, "config");
    EXPECT_EQ(p.f[0].field, "spec.rules.disabled");
    EXPECT_NE(p.f[0].message.find(c.message), std::string::npos) << p.f[0].message;
  }
}

}  // namespace
}  // namespace vg
