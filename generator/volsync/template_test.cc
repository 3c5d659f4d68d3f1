#include "volsync/template.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/doc_yaml.h"
#include "yaml/emit.h"

namespace vg {
namespace {

namespace fs = std::filesystem;

Template make(const std::string& yaml) {
  Template t;
  t.name = "test";
  t.source = "test.yaml";
  DocParseError err;
  EXPECT_TRUE(parse_doc(yaml, t.root, err)) << err.message;
  return t;
}

std::string emitted(const Doc& n) {
  std::string out;
  emit_block(out, n, 0);
  return out;
}

Doc list_of(std::initializer_list<const char*> items) {
  Doc l = Doc::sequence();
  for (const char* i : items) l.push_back(Doc::string(i));
  return l;
}

TEST(TemplateExpand, WholeScalarTakesTheVariablesNode) {
  Template t = make(
      "metadata:\n  name: ${rs.name}\n  namespace: ${namespace}\n"
      "spec:\n  trigger:\n    schedule: ${schedule}\n  restic:\n    pruneIntervalDays: ${pruneIntervalDays}\n"
      "    retain: ${retain}\n    cacheAccessModes: ${cacheAccessModes}\n    quoted: \"${copyMethod}\"\n");
  Vars v;
  v["rs.name"] = Doc::string("app-backup");
  v["namespace"] = Doc::string("prod");
  v["schedule"] = Doc::string("0 3 * * *");
  v["pruneIntervalDays"] = Doc::scalar("7");
  Doc retain = Doc::map();
  retain.set("hourly", Doc::scalar("24"));
  retain.set("within", Doc::string("3d"));
  v["retain"] = retain;
  v["cacheAccessModes"] = list_of({"ReadWriteOnce", "ReadOnlyMany"});
  v["copyMethod"] = Doc::string("Snapshot");
  Findings f;
  auto n = expand(t, v, f);
  ASSERT_TRUE(n) << (f.empty() ? "" : f[0].message);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(emitted(*n),
            "metadata:\n  name: app-backup\n  namespace: prod\n"
            "spec:\n  trigger:\n    schedule: 0 3 * * *\n  restic:\n    pruneIntervalDays: 7\n"
            "    retain:\n      hourly: 24\n      within: 3d\n"
            "    cacheAccessModes:\n    - ReadWriteOnce\n    - ReadOnlyMany\n    quoted: Snapshot\n");
  // A deep copy: changing the result does not change the variables or the template.
  n->find("spec")->find("restic")->find("retain")->set("hourly", Doc::scalar("1"));
  EXPECT_EQ(v["retain"]["hourly"].Scalar(), "24");
  EXPECT_EQ(t.root["metadata"]["name"].Scalar(), "${rs.name}");
}

TEST(TemplateExpand, OptionalPlaceholdersDropKeysAndEntries) {
  Template t = make(
      "spec:\n  storageClassName: ${storageClassName?}\n  volumeSnapshotClassName: ${volumeSnapshotClassName?}\n"
      "  list:\n  - first\n  - ${cacheStorageClassName?}\n  - ${storageClassName?}\n  - last\n"
      "  joined: a-${cacheCapacity?}-b\n");
  Vars v;
  v["storageClassName"] = Doc::string("fast");
  v["volumeSnapshotClassName"] = Doc();  // undefined: unset
  Findings f;
  auto n = expand(t, v, f);
  ASSERT_TRUE(n);
  EXPECT_EQ(emitted(*n), "spec:\n  storageClassName: fast\n  list:\n  - first\n  - fast\n  - last\n  joined: a--b\n");
}

TEST(TemplateExpand, Interpolation) {
  struct Case {
    const char* tmpl;
    const char* expected;
  };
  Vars v;
  v["namespace"] = Doc::string("prod");
  v["pvc.name"] = Doc::string("data");
  v["pruneIntervalDays"] = Doc::scalar("7");
  v["paused"] = Doc::scalar("true");
  const Case cases[] = {
      {"x: ${namespace}/${pvc.name}", "x: prod/data\n"},
      {"x: pre-${pvc.name}", "x: pre-data\n"},
      {"x: ${pvc.name}-post", "x: data-post\n"},
      {"x: ${pruneIntervalDays}d", "x: 7d\n"},
      {"x: \"${pruneIntervalDays}${pruneIntervalDays}\"", "x: \"77\"\n"},  // a string, not the int 77
      {"x: v${paused}", "x: vtrue\n"},
      {"x: 'no placeholder $ ( here )'", "x: no placeholder $ ( here )\n"},
      {"x: $namespace", "x: $namespace\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.tmpl);
    Findings f;
    auto n = expand(make(c.tmpl), v, f);
    ASSERT_TRUE(n) << (f.empty() ? "" : f[0].message);
    EXPECT_EQ(emitted(*n), c.expected);
  }
}

TEST(TemplateExpand, ErrorsAreFindings) {
  struct Case {
    const char* tmpl;
    const char* message;
  };
  Vars v;
  v["retain"] = to_doc(YAML::Load("{hourly: 1}"));
  v["cacheAccessModes"] = list_of({"ReadWriteOnce"});
  const Case cases[] = {
      {"a: 1\nx: ${namespace}", "variable ${namespace} has no value"},
      {"x: pre-${namespace}", "variable ${namespace} has no value"},
      {"x: pre-${retain}", "variable ${retain} is not a scalar"},
      {"x:\n- ${cacheAccessModes}-x", "variable ${cacheAccessModes} is not a scalar"},
      {"x: ${unterminated", "unterminated placeholder"},
      {"x: ${}", "empty placeholder"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.tmpl);
    Findings f;
    auto n = expand(make(c.tmpl), v, f);
    EXPECT_FALSE(n);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].rule, "template");
    EXPECT_EQ(f[0].file, "test.yaml");
    EXPECT_NE(f[0].message.find(c.message), std::string::npos) << f[0].message;
  }
  Findings f;
  expand(make("a: 1\nb:\n  c: ${namespace}\n"), v, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 3);
  EXPECT_EQ(f[0].field, "b.c") << "the field path in the object the template makes";
  Findings g;
  expand(make("metadata:\n  annotations:\n    volsync-gen.io/x: ${namespace}\nlist:\n- a\n- ${namespace}-b\n"), v, g);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].field, "metadata.annotations[\"volsync-gen.io/x\"]");
  EXPECT_EQ(g[1].field, "list[1]");
}

TEST(TemplateExpand, ValuesAreDataNeverYaml) {
  // A value from an annotation that looks like YAML stays one string wherever it lands.
  for (const char* evil : {"a: b\n- c", "{x: 1}", "[1, 2]", "x\"\ny: z", "'", "&a *a", "${namespace}", "yes",
                           "0700", "\n"}) {
    SCOPED_TRACE(evil);
    Vars v;
    v["schedule"] = Doc::string(evil);
    v["namespace"] = Doc::string("ns");
    Template t = make("spec:\n  whole: ${schedule}\n  inner: x-${schedule}-y\n  list:\n  - ${schedule}\n  after: 1\n");
    Findings f;
    auto n = expand(t, v, f);
    ASSERT_TRUE(n);
    std::string text = emitted(*n);
    YAML::Node back = YAML::Load(text);
    ASSERT_TRUE(back["spec"].IsMap()) << text;
    EXPECT_EQ(back["spec"].size(), 4u) << text;
    EXPECT_EQ(back["spec"]["whole"].Scalar(), evil) << text;
    EXPECT_EQ(back["spec"]["inner"].Scalar(), std::string("x-") + evil + "-y") << text;
    ASSERT_EQ(back["spec"]["list"].size(), 1u) << text;
    EXPECT_EQ(back["spec"]["list"][0].Scalar(), evil) << text;
    EXPECT_EQ(back["spec"]["after"].Scalar(), "1");
  }
}

TEST(TemplateVariables, KnownNamesAreUnique) {
  const auto& vars = template_variables();
  EXPECT_GT(vars.size(), 20u);
  for (std::size_t i = 0; i < vars.size(); ++i)
    for (std::size_t j = i + 1; j < vars.size(); ++j) EXPECT_NE(vars[i], vars[j]);
  for (const char* must : {"namespace", "pvc.name", "secret.name", "secret.data", "rs.name", "rd.name",
                           "schedule", "retain"})
    EXPECT_NE(std::find(vars.begin(), vars.end(), must), vars.end()) << must;
}

class TemplateDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vg-template-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${secret.name}\n"
                         "  namespace: ${namespace}\ndata: ${secret.data}\n");
    write("replicationsource.yaml", "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\n"
                                    "metadata:\n  name: ${rs.name}\n  namespace: ${namespace}\n"
                                    "spec:\n  sourcePVC: ${pvc.name}\n");
    write("replicationdestination.yaml", "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\n"
                                         "metadata:\n  name: ${rd.name}\n  namespace: ${namespace}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  fs::path dir_;
};

TEST_F(TemplateDir, LoadsUserTemplates) {
  TemplateSet set;
  Findings f;
  ASSERT_TRUE(load_templates(dir_.string(), set, f)) << (f.empty() ? "" : f[0].message);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(set.replication_source.source, dir_.string() + "/replicationsource.yaml");
  EXPECT_EQ(set.replication_source.root["spec"]["sourcePVC"].Scalar(), "${pvc.name}");
  EXPECT_EQ(set.secret.name, "secret");
  // externalsecret.yaml is optional in a --templates dir: the embedded one is used.
  EXPECT_TRUE(set.external_secret.root.IsMap());
}

TEST_F(TemplateDir, BadTemplatesFailAtLoadTime) {
  struct Case {
    const char* file;
    const char* text;
    const char* message;
    int line;
    const char* field = "";
  };
  const Case cases[] = {
      {"replicationsource.yaml", "kind: X\nspec:\n  x: ${nope}\n", "unknown variable ${nope}", 3, "spec.x"},
      {"replicationsource.yaml", "kind: X\nspec:\n  x: a-${pvc.name}-${typo?}\n", "unknown variable ${typo}", 3,
       "spec.x"},
      {"replicationsource.yaml", "kind: X\nspec:\n  list:\n  - ${bad}\n", "unknown variable ${bad}", 4,
       "spec.list[0]"},
      {"secret.yaml", "kind: X\nx: ${namespace\n", "unterminated placeholder", 2, "x"},
      {"secret.yaml", "kind: X\nx: ${}\n", "empty placeholder", 2, "x"},
      {"replicationdestination.yaml", "kind: X\nmetadata:\n  ${namespace}: x\n", "not allowed in keys", 3,
       "metadata[\"${namespace}\"]"},
      {"replicationdestination.yaml", "- a\n- b\n", "one YAML object", 0},
      {"replicationdestination.yaml", "kind: [\n", "malformed YAML", 0},
      {"replicationsource.yaml", "kind: X\nspec:\n  a: 1\n  a: 2\n", "duplicate key \"a\"", 4},
      {"externalsecret.yaml", "kind: X\nspec: ${nope}\n", "unknown variable ${nope}", 2, "spec"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    SetUp();
    write(c.file, c.text);
    TemplateSet set;
    Findings f;
    EXPECT_FALSE(load_templates(dir_.string(), set, f));
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(f[0].rule, "template");
    EXPECT_EQ(f[0].file, dir_.string() + "/" + c.file);
    EXPECT_NE(f[0].message.find(c.message), std::string::npos) << f[0].message;
    if (c.line) {
      EXPECT_EQ(f[0].line, c.line);
    }
    EXPECT_EQ(f[0].field, c.field);
  }
}

TEST_F(TemplateDir, MissingFile) {
  fs::remove(dir_ / "replicationdestination.yaml");
  TemplateSet set;
  Findings f;
  EXPECT_FALSE(load_templates(dir_.string(), set, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, dir_.string() + "/replicationdestination.yaml");
  EXPECT_NE(f[0].message.find("cannot read"), std::string::npos);
}

TEST_F(TemplateDir, AliasBombsAndCyclesAreRefusedQuickly) {
  // Walks over a template are bounded: a self-referencing alias or a billion-laughs template
  // must fail at load time, not hang or overflow the stack.
  std::string lol = "kind: X\nl0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 9; ++i) {
    lol += "l" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) lol += (j ? ", *a" : "*a") + std::to_string(i - 1);
    lol += "]\n";
  }
  for (const std::string& text : {std::string("kind: X\na: &x [*x]\n"), lol}) {
    SCOPED_TRACE(text.substr(0, 40));
    SetUp();
    write("replicationsource.yaml", text);
    TemplateSet set;
    Findings f;
    auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(load_templates(dir_.string(), set, f));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(f[0].rule, "template");
  }
}

TEST(TemplateEmbedded, LoadAndExpandWithEveryVariable) {
  TemplateSet set;
  Findings f;
  ASSERT_TRUE(load_templates("", set, f)) << (f.empty() ? "" : f[0].message);
  EXPECT_EQ(set.secret.source, "templates/secret.yaml");
  for (const Template* t : {&set.secret, &set.replication_source, &set.replication_destination, &set.external_secret}) {
    SCOPED_TRACE(t->source);
    EXPECT_TRUE(t->root.IsMap());
    EXPECT_TRUE(t->root["kind"].IsScalar());
  }
  Vars v;
  v["secret.name"] = Doc::string("app-volsync-secret");
  v["namespace"] = Doc::string("prod");
  v["secret.data"] = to_doc(YAML::Load("{RESTIC_PASSWORD: cGFzcw==}"));
  Findings ef;
  auto n = expand(set.secret, v, ef);
  ASSERT_TRUE(n) << (ef.empty() ? "" : ef[0].message);
  EXPECT_EQ((*n)["metadata"]["name"].Scalar(), "app-volsync-secret");
  EXPECT_EQ((*n)["data"]["RESTIC_PASSWORD"].Scalar(), "cGFzcw==");
}

}  // namespace
}  // namespace vg
