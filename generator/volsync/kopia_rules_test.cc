#include "volsync/kopia_rules.h"
#include "support/test_util.h"
#include "support/findings_util.h"

#include <gtest/gtest.h>

#include <string>

#include "volsync/rule_registry.h"

namespace vg {
namespace {

using vg::test::load;
using vg::test::rules_of;
using vg::test::all;

constexpr const char* kRS = "ReplicationSource";
constexpr const char* kRD = "ReplicationDestination";

// The shapes of real kopia components (kopia.md section 8): an RS named after the app, an RD named
// <app>-dst that restores the app's identity, an NFS repository via moverVolumes, a cache PVC.
constexpr const char* kSource =
    "spec:\n"
    "  sourcePVC: app\n"
    "  trigger: {schedule: \"0 * * * *\"}\n"
    "  kopia:\n"
    "    repository: app-volsync\n"
    "    compression: zstd-fastest\n"
    "    parallelism: 2\n"
    "    copyMethod: Snapshot\n"
    "    retain: {hourly: 24, daily: 7}\n"
    "    cacheCapacity: 5Gi\n"
    "    cacheStorageClassName: openebs-hostpath\n"
    "    moverVolumes:\n"
    "      - mountPath: repository\n"
    "        volumeSource: {nfs: {server: nas.internal, path: /volsync}}\n";
constexpr const char* kDestination =
    "spec:\n"
    "  trigger: {manual: restore-once}\n"
    "  kopia:\n"
    "    repository: app-volsync\n"
    "    copyMethod: Snapshot\n"
    "    capacity: 5Gi\n"
    "    accessModes: [ReadWriteOnce]\n"
    "    sourceIdentity: {sourceName: app}\n"
    "    cacheCapacity: 5Gi\n"
    "    cacheStorageClassName: openebs-hostpath\n"
    "    cleanupCachePVC: true\n"
    "    enableFileDeletion: true\n";

Findings check(const std::string& kind, const std::string& yaml, const std::string& name = "app-dst") {
  Findings f;
  check_kopia_object(load(yaml), RuleContext{.resource = {"volsync.backube/v1alpha1", kind, name, "media"},
                                             .file = "app.yaml", .line_offset = 10},
                     f);
  return f;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(KopiaRules, RealShapesPass) {
  EXPECT_EQ(rules_of(check(kRS, kSource, "app")), "") << all(check(kRS, kSource, "app"));
  EXPECT_EQ(rules_of(check(kRD, kDestination)), "") << all(check(kRD, kDestination));
  // Not kopia, or not a source/destination: nothing.
  EXPECT_EQ(rules_of(check(kRS, "spec:\n  restic: {copyMethod: Bogus}\n")), "");
  EXPECT_EQ(rules_of(check("KopiaMaintenance", "spec:\n  kopia: {copyMethod: Bogus}\n")), "");
}

TEST(KopiaRules, Table) {
  struct Case {
    const char* name;
    const char* kind;
    const char* from;     // replaced in kSource / kDestination
    const char* to;
    const char* rules;    // ids in report order
    const char* field;    // of the first finding
    const char* message;  // substring of the first finding
    int line;             // of the first finding (the object starts after line 10)
  };
  const Case cases[] = {
      {"source copyMethod missing", kRS, "    copyMethod: Snapshot\n", "", "copymethod-invalid", "spec.kopia.copyMethod",
       "unsupported copyMethod:  -- must be Direct, None, Clone, or Snapshot", 15},
      {"source copyMethod invalid", kRS, "copyMethod: Snapshot", "copyMethod: snapshot", "copymethod-invalid",
       "spec.kopia.copyMethod", "unsupported copyMethod: snapshot -- must be", 18},
      {"destination cannot Clone", kRD, "copyMethod: Snapshot", "copyMethod: Clone", "copymethod-invalid",
       "spec.kopia.copyMethod", "unsupported copyMethod: Clone -- must be Direct, None, or Snapshot", 15},
      {"destination copyMethod missing", kRD, "    copyMethod: Snapshot\n", "", "copymethod-invalid",
       "spec.kopia.copyMethod", "only after the restore Job ran", 14},
      {"destination needs size", kRD, "    capacity: 5Gi\n    accessModes: [ReadWriteOnce]\n", "",
       "destination-needs-size destination-needs-size", "spec.kopia.accessModes", "accessModes must be provided", 14},
      {"source without repository", kRS, "    repository: app-volsync\n", "", "repository-not-secret",
       "spec.kopia.repository", "kopia repository configuration is required but was empty", 15},
      {"repository is a URL", kRS, "repository: app-volsync", "repository: \"filesystem:///mnt/repository\"",
       "repository-not-secret", "spec.kopia.repository", "(it looks like a repository URL)", 15},
      // A destination with sourceIdentity.sourceName copies the source's repository name (B:342-406) ...
      {"destination copies the source's repository", kRD, "    repository: app-volsync\n", "", "", "", "", 0},
      // ... but not with sourcePVCName.
      {"destination with sourcePVCName needs a repository", kRD,
       "    repository: app-volsync\n    copyMethod: Snapshot\n    capacity: 5Gi\n    accessModes: [ReadWriteOnce]\n"
       "    sourceIdentity: {sourceName: app}\n",
       "    copyMethod: Snapshot\n    capacity: 5Gi\n    accessModes: [ReadWriteOnce]\n"
       "    sourceIdentity: {sourceName: app, sourcePVCName: app}\n",
       "repository-not-secret", "spec.kopia.repository", "kopia.repository is not set", 14},
      {"username without hostname", kRD, "sourceIdentity: {sourceName: app}", "username: app",
       "kopia-identity-incomplete", "spec.kopia.hostname", "missing 'hostname' (you provided 'username'", 18},
      {"hostname without username", kRD, "sourceIdentity: {sourceName: app}", "hostname: media",
       "kopia-identity-incomplete", "spec.kopia.username", "missing 'username' (you provided 'hostname'", 18},
      {"sourceIdentity without sourceName", kRD, "sourceIdentity: {sourceName: app}",
       "sourceIdentity: {sourceNamespace: media}", "kopia-identity-incomplete", "spec.kopia.sourceIdentity.sourceName",
       "looks for the snapshots of app-dst@<namespace>", 18},
      {"cache without class is an emptyDir", kRS, "    cacheStorageClassName: openebs-hostpath\n", "",
       "kopia-cache-emptydir", "spec.kopia.cacheStorageClassName", "emptyDir (sizeLimit 5Gi)", 20},
      {"emptyDir default size, and cleanupCachePVC does nothing", kRD,
       "    cacheCapacity: 5Gi\n    cacheStorageClassName: openebs-hostpath\n", "", "kopia-cache-emptydir",
       "spec.kopia.cacheStorageClassName", "emptyDir (sizeLimit 8Gi) on the node's disk, not a PVC, so every run "
       "starts with an empty cache; cleanupCachePVC has no effect", 14},
      {"cache access modes alone make a PVC", kRS, "    cacheStorageClassName: openebs-hostpath\n",
       "    cacheAccessModes: [ReadWriteOnce]\n", "", "", "", 0},
      {"paused source", kRS, "  sourcePVC: app\n", "  sourcePVC: app\n  paused: true\n", "kopia-paused", "spec.paused",
       "starts no Job and counts the backup as done", 13},
      {"paused destination", kRD, "  trigger:", "  paused: true\n  trigger:", "kopia-paused", "spec.paused",
       "counts the restore as done", 12},
      {"restoreAsOf with an offset", kRD, "    copyMethod: Snapshot\n",
       "    copyMethod: Snapshot\n    restoreAsOf: \"2026-03-01T12:00:00+01:00\"\n", "kopia-restore-as-of",
       "spec.kopia.restoreAsOf", "restoreAsOf \"2026-03-01T12:00:00+01:00\" is not in UTC ending in Z", 16},
      {"restoreAsOf in UTC", kRD, "    copyMethod: Snapshot\n",
       "    copyMethod: Snapshot\n    restoreAsOf: \"2026-03-01T12:00:00Z\"\n", "", "", "", 0},
      {"additionalArgs cut by the mover", kRS, "    parallelism: 2\n",
       "    parallelism: 2\n    additionalArgs: [\"--one-file-system\", \"--ignore=node_modules\"]\n",
       "kopia-additional-args-split", "spec.kopia.additionalArgs[1]", "additionalArgs[1] contains _: the mover splits", 18},
      {"additionalArgs the mover passes intact", kRS, "    parallelism: 2\n",
       "    parallelism: 2\n    additionalArgs: [\"--one-file-system\", \"--tags=app:media\"]\n", "", "", "", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string yaml = replace(c.kind == kRS ? kSource : kDestination, c.from, c.to);
    Findings f = check(c.kind, yaml);
    EXPECT_EQ(rules_of(f), c.rules) << all(f);
    if (f.empty() || !*c.rules) continue;
    EXPECT_EQ(f[0].field, c.field);
    EXPECT_NE(f[0].message.find(c.message), std::string::npos) << f[0].message;
    EXPECT_EQ(f[0].line, c.line);
    const RuleInfo* r = find_rule(f[0].rule);
    ASSERT_NE(r, nullptr) << f[0].rule;
    EXPECT_EQ(f[0].severity, r->severity);
    EXPECT_EQ(f[0].hint, r->hint);
  }
}

// A user's additionalArgs may carry a credential: the message names the characters, never the value.
TEST(KopiaRules, AdditionalArgsValueIsNotShown) {
  const std::string yaml =
      replace(kSource, "    parallelism: 2\n", "    parallelism: 2\n    additionalArgs: [\"--password=SECRETVALUE\"]\n");
  Findings f = check(kRS, yaml, "app");
  ASSERT_EQ(rules_of(f), "kopia-additional-args-split") << all(f);
  EXPECT_EQ(f[0].message.find("SECRETVALUE"), std::string::npos) << f[0].message;
  EXPECT_NE(f[0].message.find("contains V L S C A R E"), std::string::npos) << f[0].message;
}

// Through the runtime rules every generated and linted object gets: kopia counts, once.
TEST(KopiaRules, RunWithTheRuntimeRules) {
  Findings f;
  check_volsync_object(load(replace(kSource, "    copyMethod: Snapshot\n", "")),
                       RuleContext{.resource = {"volsync.backube/v1alpha1", kRS, "app", "media"}}, f);
  EXPECT_EQ(rules_of(f), "copymethod-invalid") << all(f);
}

}  // namespace
}  // namespace vg
