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
