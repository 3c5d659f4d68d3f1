#include "volsync/validate.h"
#include "support/test_util.h"
#include "support/findings_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace vg {
namespace {

using vg::test::load;
using vg::test::rules_of;
using vg::test::all;

const ResourceRef kRsRef{"volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "prod"};

// A ReplicationSource with one schema problem (an unknown field, line 8) and one runtime rule
// (no retain policy, reported at spec.restic's map, which starts on line 7).
constexpr const char* kSource =
    "apiVersion: volsync.backube/v1alpha1\n"
    "kind: ReplicationSource\n"
    "metadata: {name: data-backup, namespace: prod}\n"
    "spec:\n"
    "  sourcePVC: data\n"
    "  restic:\n"
    "    repository: data-restic\n"
    "    copyMethd: Snapshot\n"
    "    copyMethod: Snapshot\n"
    "  trigger: {schedule: \"0 3 * * *\"}\n";

TEST(Validator, SchemaAndRuntimeRulesWithLines) {
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({}, init)) << all(init);
  EXPECT_TRUE(v.has_schema(kRsRef));
  EXPECT_TRUE(v.has_schema({"volsync.backube/v1alpha1", "ReplicationDestination", "", ""}));
  EXPECT_FALSE(v.has_schema({"v1", "PersistentVolumeClaim", "", ""}));
  EXPECT_FALSE(v.has_schema({"volsync.backube/v1beta1", "ReplicationSource", "", ""}));

  Findings f;
  v.check(load(kSource), kRsRef, {}, f, "objs.yaml", 20);
  ASSERT_EQ(rules_of(f), "schema-unknown-field retain-missing") << all(f);
  EXPECT_EQ(f[0].field, "spec.restic.copyMethd");
  EXPECT_EQ(f[0].line, 28);
  EXPECT_EQ(f[0].file, "objs.yaml");
  EXPECT_EQ(f[1].field, "spec.restic.retain");
  EXPECT_EQ(f[1].line, 27);
  EXPECT_EQ(f[1].resource.name, "data-backup");

  // An object built in memory (line_offset -1): no line, which would point into a template.
  Findings built;
  v.check(load(kSource), kRsRef, {}, built, "objs.yaml");
  ASSERT_EQ(rules_of(built), "schema-unknown-field retain-missing") << all(built);
  for (const auto& x : built) EXPECT_EQ(x.line, 0) << x.to_text();
}

TEST(Validator, DisabledRulesDropOnlyWhatCanBeDisabled) {
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({}, init));
  Findings f;
  v.check(load(kSource), kRsRef, {"retain-missing", "schema-unknown-field"}, f, "objs.yaml", 0);
  EXPECT_EQ(rules_of(f), "schema-unknown-field") << "schema findings are never disabled\n" << all(f);
}

TEST(Validator, KeepsFindingsAlreadyInTheList) {
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({}, init));
  Findings f;
  f.push_back(Finding{.rule = "retain-missing", .message = "earlier", .line = 3});
  v.check(load(kSource), kRsRef, {"retain-missing"}, f);
  ASSERT_GE(f.size(), 2u) << all(f);
  EXPECT_EQ(f[0].message, "earlier") << "earlier findings are neither dropped nor relocated";
  EXPECT_EQ(f[0].line, 3);
  EXPECT_EQ(rules_of(f), "retain-missing schema-unknown-field");
}

TEST(Validator, KindsWithoutSchemaGetRuntimeRulesOnly) {
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({}, init));
  Findings f;
  v.check(load("spec: {bogus: 1}\n"), {"v1", "ConfigMap", "x", ""}, {}, f);
  EXPECT_TRUE(f.empty()) << all(f);
}

// A kopia source (perfectra1n fork) with one unknown field on line 8.
constexpr const char* kKopiaSource =
    "apiVersion: volsync.backube/v1alpha1\n"
    "kind: ReplicationSource\n"
    "metadata: {name: data-backup, namespace: prod}\n"
    "spec:\n"
    "  sourcePVC: data\n"
    "  kopia:\n"
    "    repository: data-kopia\n"
    "    compresion: zstd-fastest\n"
    "    copyMethod: Snapshot\n"
    "    parallelism: 2\n"
    "    cacheStorageClassName: local\n"
    "  trigger: {schedule: \"0 3 * * *\"}\n";

TEST(Validator, KopiaObjectsUseTheForkSchemasAndSayWhich) {
  EXPECT_EQ(schema_set_for(load(kKopiaSource), kRsRef), EmbeddedSchemas::kKopiaFork);
  EXPECT_EQ(schema_set_for(load(kSource), kRsRef), EmbeddedSchemas::kUpstream);
  EXPECT_EQ(schema_set_for(load("spec: {}\n"), {"volsync.backube/v1alpha1", "KopiaMaintenance", "m", "x"}),
            EmbeddedSchemas::kKopiaFork);
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({}, init)) << all(init);
  EXPECT_TRUE(v.has_schema({"volsync.backube/v1alpha1", "KopiaMaintenance", "", ""}));

  Findings f;
  v.check(load(kKopiaSource), kRsRef, {}, f, "objs.yaml", 0);
  ASSERT_EQ(rules_of(f), "schema-unknown-field") << all(f);
  EXPECT_EQ(f[0].field, "spec.kopia.compresion");
  EXPECT_EQ(f[0].line, 8);
  EXPECT_EQ(f[0].message, "unknown field \"spec.kopia.compresion\" (schema: perfectra1n/volsync v0.17.11)");

  // Restic objects keep upstream's schemas and their messages unchanged.
  Findings restic;
  v.check(load(kSource), kRsRef, {}, restic, "objs.yaml", 0);
  ASSERT_EQ(rules_of(restic), "schema-unknown-field retain-missing") << all(restic);
  EXPECT_EQ(restic[0].message, "unknown field \"spec.restic.copyMethd\"");

  Findings maintenance;
  v.check(load("apiVersion: volsync.backube/v1alpha1\nkind: KopiaMaintenance\nmetadata: {name: m}\n"
               "spec: {repository: {repository: r}, trigger: {schedul: x}}\n"),
          {"volsync.backube/v1alpha1", "KopiaMaintenance", "m", ""}, {}, maintenance, "m.yaml", 0);
  ASSERT_EQ(rules_of(maintenance), "schema-unknown-field") << all(maintenance);
  EXPECT_EQ(maintenance[0].field, "spec.trigger.schedul");
}

TEST(Validator, SchemasFromPathsOverrideBothSets) {
  // --schemas with upstream's CRDs: a kopia object is judged by them, so spec.kopia is unknown.
  Validator v;
  Findings init;
  ASSERT_TRUE(v.init({std::string(VG_SOURCE_DIR) + "/schemas"}, init)) << all(init);
  EXPECT_FALSE(v.has_schema({"volsync.backube/v1alpha1", "KopiaMaintenance", "", ""}));
  Findings f;
  v.check(load(kKopiaSource), kRsRef, {}, f, "objs.yaml", 0);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].rule, "schema-unknown-field") << all(f);
  EXPECT_EQ(f[0].message, "unknown field \"spec.kopia\"");
}

TEST(Validator, SchemasFromPaths) {
  const auto dir = std::filesystem::temp_directory_path() / ("vg-validate-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // Only the ReplicationDestination CRD: sources then have no schema, runtime rules still apply.
  std::filesystem::copy_file(std::string(VG_SOURCE_DIR) + "/schemas/volsync.backube_replicationdestinations.yaml",
                             dir / "rd.yaml", std::filesystem::copy_options::overwrite_existing);
  Validator v;
  Findings f;
  ASSERT_TRUE(v.init({(dir / "rd.yaml").string()}, f)) << all(f);
  EXPECT_TRUE(v.has_schema({"volsync.backube/v1alpha1", "ReplicationDestination", "", ""}));
  EXPECT_FALSE(v.has_schema(kRsRef));
  Findings checked;
  v.check(load(kSource), kRsRef, {}, checked, "objs.yaml", 0);
  EXPECT_EQ(rules_of(checked), "retain-missing") << all(checked);

  // A missing path is an error finding and init says so; the good paths still load.
  Validator w;
  Findings missing;
  EXPECT_FALSE(w.init({(dir / "none.yaml").string(), (dir / "rd.yaml").string()}, missing));
  EXPECT_FALSE(missing.empty());
  EXPECT_TRUE(has_errors(missing));
  EXPECT_TRUE(w.has_schema({"volsync.backube/v1alpha1", "ReplicationDestination", "", ""}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vg
