#include "volsync/rules.h"
#include "support/test_util.h"
#include "support/findings_util.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg {
namespace {

using vg::test::load;
using vg::test::rules_of;
using vg::test::all;

RuleContext ctx(const std::string& kind, const std::string& name = "data-backup", int line_offset = 0) {
  return RuleContext{.resource = {"volsync.backube/v1alpha1", kind, name, "prod"}, .file = "objs.yaml",
                     .line_offset = line_offset};
}

Findings check(const std::string& kind, std::string_view yaml, const std::string& name = "data-backup",
               int line_offset = 0) {
  Findings f;
  check_volsync_object(load(yaml), ctx(kind, name, line_offset), f);
  return f;
}

constexpr const char* kRS = "ReplicationSource";
constexpr const char* kRD = "ReplicationDestination";

// A source and a destination with nothing to report; each case below breaks one thing.
constexpr const char* kGoodSource =
    "spec:\n  sourcePVC: data\n  trigger:\n    schedule: \"0 3 * * *\"\n"
    "  restic:\n    repository: data-restic\n    copyMethod: Snapshot\n    retain: {daily: 7}\n";
constexpr const char* kGoodDestination =
    "spec:\n  trigger:\n    manual: restore-once\n"
    "  restic:\n    repository: data-restic\n    copyMethod: Snapshot\n    capacity: 1Gi\n"
    "    accessModes: [ReadWriteOnce]\n";

TEST(RuntimeRules, WellFormedObjectsPass) {
  EXPECT_EQ(rules_of(check(kRS, kGoodSource)), "");
  EXPECT_EQ(rules_of(check(kRD, kGoodDestination)), "");
  // Other kinds, and objects without a spec map, are left to the schema.
  EXPECT_EQ(rules_of(check("PersistentVolumeClaim", "spec: {}\n")), "");
  EXPECT_EQ(rules_of(check(kRS, "metadata: {name: x}\n")), "");
  EXPECT_EQ(rules_of(check(kRS, "spec: [1]\n")), "");
}

TEST(RuntimeRules, Table) {
  struct Case {
    const char* name;
    const char* kind;
    const char* yaml;
    const char* rules;    // ids in report order
    const char* field;    // of the first finding
    const char* message;  // substring of the first finding
  };
  const Case cases[] = {
      {"no mover", kRS, "spec:\n  trigger: {manual: x}\n", "mover-count", "spec",
       "a replication method must be specified - enabled movers: []"},
      {"two movers", kRS,
       "spec:\n  trigger: {manual: x}\n  rsync: {}\n  restic: {repository: r, copyMethod: Direct, retain: {daily: 1}}\n",
       "mover-count", "spec", "more than one replication method: [rsync restic]"},
      {"source without trigger", kRS,
       "spec:\n  restic: {repository: r, copyMethod: Clone, retain: {daily: 1}}\n", "source-trigger-missing",
       "spec.trigger", "no trigger: backups run back to back"},
      {"destination without trigger", kRD,
       "spec:\n  restic: {repository: r, copyMethod: Direct, destinationPVC: data}\n", "trigger-missing",
       "spec.trigger", "restores again as soon as it finishes"},
      {"bad schedule", kRS,
       "spec:\n  trigger: {schedule: \"every day\"}\n  restic: {repository: r, copyMethod: None, retain: {daily: 1}}\n",
       "schedule-invalid", "spec.trigger.schedule", ""},
      {"repository missing", kRS, "spec:\n  trigger: {manual: x}\n  restic: {copyMethod: Snapshot, retain: {daily: 1}}\n",
       "repository-not-secret", "spec.restic.repository", "restic.repository is not set"},
      {"repository is a URL", kRS,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: \"s3:host/b\", copyMethod: Snapshot, retain: {daily: 1}}\n",
       "repository-not-secret", "spec.restic.repository",
       "\"s3:host/b\" is not a Secret name (it looks like a repository URL)"},
      {"repository not a name", kRS,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: Restic_Secret, copyMethod: Snapshot, retain: {daily: 1}}\n",
       "repository-not-secret", "spec.restic.repository", "\"Restic_Secret\" is not a Secret name"},
      {"source copyMethod missing", kRS, "spec:\n  trigger: {manual: x}\n  restic: {repository: r, retain: {daily: 1}}\n",
       "copymethod-invalid", "spec.restic.copyMethod",
       "unsupported copyMethod:  -- must be Direct, None, Clone, or Snapshot"},
      {"destination cannot Clone", kRD,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Clone, destinationPVC: d}\n",
       "copymethod-invalid", "spec.restic.copyMethod", "unsupported copyMethod: Clone -- must be Direct, None, or Snapshot"},
      {"copyMethod is case-sensitive", kRS,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: snapshot, retain: {daily: 1}}\n",
       "copymethod-invalid", "spec.restic.copyMethod", "unsupported copyMethod: snapshot"},
      {"destination needs size", kRD, "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct}\n",
       "destination-needs-size destination-needs-size", "spec.restic.accessModes",
       "accessModes must be provided when destinationPVC is not"},
      {"destination empty access modes", kRD,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct, capacity: 1Gi, accessModes: []}\n",
       "destination-needs-size", "spec.restic.accessModes", "accessModes must be provided"},
      {"destination without capacity", kRD,
       "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct, accessModes: [ReadWriteOnce]}\n",
       "destination-needs-size", "spec.restic.capacity", "capacity must be provided when destinationPVC is not"},
      {"retain missing", kRS, "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct}\n",
       "retain-missing", "spec.restic.retain", "no retain policy"},
      {"retain empty", kRS, "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct, retain: {}}\n",
       "retain-missing", "spec.restic.retain", "restic forget --keep-last 1"},
      {"retain null", kRS, "spec:\n  trigger: {manual: x}\n  restic: {repository: r, copyMethod: Direct, retain: ~}\n",
       "retain-missing", "spec.restic.retain", "no retain policy"},
      // rsync/rsyncTLS/syncthing run continuously: no trigger is fine. Restic rules do not apply.
      {"rsync destination without trigger", kRD, "spec:\n  rsyncTLS: {copyMethod: Snapshot}\n", "", "", ""},
      {"syncthing without trigger", kRS, "spec:\n  syncthing: {}\n", "", "", ""},
      {"rclone source without trigger", kRS, "spec:\n  rclone: {}\n", "source-trigger-missing", "spec.trigger", ""},
      // kopia, the perfectra1n fork's mover, counts as one.
      {"kopia is a mover", kRS, "spec:\n  trigger: {manual: x}\n  kopia: {repository: r, copyMethod: Snapshot, cacheStorageClassName: c}\n",
       "", "", ""},
      {"kopia and restic", kRS,
       "spec:\n  trigger: {manual: x}\n  kopia: {repository: r, copyMethod: Snapshot, cacheStorageClassName: c}\n  restic: {repository: r, copyMethod: Direct, retain: {daily: 1}}\n",
       "mover-count", "spec", "more than one replication method: [restic kopia]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Findings f = check(c.kind, c.yaml);
    EXPECT_EQ(rules_of(f), c.rules) << all(f);
    if (f.empty() || !*c.rules) continue;
    EXPECT_EQ(f[0].field, c.field);
    EXPECT_NE(f[0].message.find(c.message), std::string::npos) << f[0].message;
    // Severity and hint come from the registry.
    const RuleInfo* r = find_rule(f[0].rule);
    ASSERT_NE(r, nullptr) << f[0].rule;
    EXPECT_EQ(f[0].severity, r->severity);
    // A repository that is no Secret name and no URL has a hint of its own (RepositoryNameHints).
    const bool own_hint = f[0].message.find("is not a Secret name") != std::string::npos &&
                          f[0].message.find("URL") == std::string::npos;
    if (!own_hint) {
      EXPECT_EQ(f[0].hint, r->hint);
    }
    EXPECT_EQ(f[0].file, "objs.yaml");
    EXPECT_EQ(f[0].resource.kind, c.kind);
  }
}

TEST(RuntimeRules, RepositoryNameHints) {
  auto hint = [&](const std::string& repo) {
    Findings f = check(kRS, "spec:\n  trigger: {manual: x}\n  restic: {repository: " + repo +
                                ", copyMethod: Snapshot, retain: {daily: 1}}\n");
    return f.size() == 1 ? f[0].message + " | " + f[0].hint : all(f);
  };
  // Quoted twice: say so, and give the name without the quotes.
  EXPECT_EQ(hint("\"'restic-config'\""),
            "\"'restic-config'\" is not a Secret name: it holds quote characters (quoted twice?); the Secret is "
            "\"restic-config\" | write repository: restic-config");
  // Not a URL: nothing about URLs.
  EXPECT_EQ(hint("Restic_Secret"),
            "\"Restic_Secret\" is not a Secret name | name the Secret holding RESTIC_REPOSITORY (lower case letters, "
            "digits, '-' and '.')");
  // A URL: the registry's hint, which says where the URL belongs.
  EXPECT_EQ(hint("\"s3:host/b\""), "\"s3:host/b\" is not a Secret name (it looks like a repository URL) | " +
                                      std::string(find_rule("repository-not-secret")->hint));
}

TEST(RuntimeRules, NameLengthLimitIs51) {
  const std::string ok(51, 'a'), too_long(52, 'a');
  EXPECT_EQ(rules_of(check(kRS, kGoodSource, ok)), "");
  Findings f = check(kRS, std::string("metadata:\n  name: ") + too_long + "\n" + kGoodSource, too_long);
  ASSERT_EQ(rules_of(f), "name-too-long") << all(f);
  EXPECT_EQ(f[0].field, "metadata.name");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_NE(f[0].message.find("name is 52 characters"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].line, 2) << "at the name's own line";
}

// Lines: the node's 0-based line plus one, plus the object's offset in its file; an object built
// in memory (no marks) is located at its first line when the offset is known, else nowhere.
TEST(RuntimeRules, LinesFollowTheOffendingNode) {
  const std::string yaml = "spec:\n  trigger:\n    schedule: \"61 * * * *\"\n"
                           "  restic: {repository: r, copyMethod: Direct, retain: {daily: 1}}\n";
  Findings at0 = check(kRS, yaml, "x", 0);
  ASSERT_EQ(rules_of(at0), "schedule-invalid") << all(at0);
  EXPECT_EQ(at0[0].line, 3);
  Findings at10 = check(kRS, yaml, "x", 10);
  ASSERT_EQ(at10.size(), 1u);
  EXPECT_EQ(at10[0].line, 13);

  Doc built = Doc::map();
  built.set("spec", Doc::map());
  Findings f;
  check_volsync_object(built, ctx(kRS, "x", 7), f);
  ASSERT_EQ(rules_of(f), "mover-count source-trigger-missing") << all(f);
  EXPECT_EQ(f[0].line, 8);
  Findings g;
  check_volsync_object(built, ctx(kRS, "x", 0), g);
  ASSERT_FALSE(g.empty());
  EXPECT_EQ(g[0].line, 0);
}

// The checks are independent: one object can break several at once, each reported once.
TEST(RuntimeRules, SeveralAtOnce) {
  Findings f = check(kRD, "spec:\n  restic: {repository: \"s3:x/y\", copyMethod: Clone}\n");
  EXPECT_EQ(rules_of(f),
            "trigger-missing repository-not-secret copymethod-invalid destination-needs-size destination-needs-size")
      << all(f);
}

}  // namespace
}  // namespace vg
