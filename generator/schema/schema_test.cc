#include "schema/schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "yaml/doc_pack.h"
#include "krm/embedded.h"

namespace vg {
namespace {

// Written the way a user writes one: quoted schedule, unquoted quantity, flow list.
const char* const kSource = R"(apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata:
  name: app-backup
  namespace: default
spec:
  sourcePVC: app-data
  trigger:
    schedule: "0 */6 * * *"
  restic:
    repository: app-backup-restic
    pruneIntervalDays: 14
    copyMethod: Snapshot
    accessModes: [ReadWriteOnce]
    capacity: 10Gi
    storageClassName: fast
    retain:
      hourly: 6
      daily: 7
      weekly: 4
      monthly: 2
      within: 3d
    moverResources:
      claims:
        - name: gpu
        - name: scratch
)";

const char* const kDestination = R"(apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata:
  name: app-restore
spec:
  trigger:
    manual: restore-once
  restic:
    repository: app-backup-restic
    destinationPVC: app-data
    copyMethod: Direct
    accessModes:
      - ReadWriteOnce
    capacity: 10Gi
    restoreAsOf: "2024-05-01T12:00:00Z"
    previous: 1
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

int line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// The validator must hold on its own against what the reader refuses in production: duplicate
// keys (both are validated) and nesting past the input limit (the validator has its own bound).
Doc parse(std::string_view text) {
  Limits lenient;
  lenient.max_depth = 1000;
  Doc d;
  DocParseError e;
  EXPECT_TRUE(parse_doc(text, d, e, lenient, DuplicateKeys::kKeep)) << e.line << ": " << e.message;
  return d;
}

Findings check(const std::string& text, const SchemaSet& set = SchemaSet::embedded()) {
  const Doc doc = parse(text);
  const std::string api = doc["apiVersion"].Scalar(), kind = doc["kind"].Scalar();
  const SchemaNode* schema = set.find(api, kind);
  EXPECT_NE(schema, nullptr);
  Findings out;
  if (!schema) return out;
  ValidateContext ctx;
  ctx.resource = {api, kind, "x", "default"};
  ctx.file = "backup.yaml";
  validate(*schema, doc, ctx, out);
  return out;
}

std::string dump(const Findings& f) {
  std::string s;
  for (const auto& x : f) s += x.to_text() + "\n";
  return s;
}

// One finding with this rule, field and line; returns its message.
std::string expect_one(const Findings& f, const std::string& rule, const std::string& field, int line) {
  EXPECT_EQ(f.size(), 1u) << dump(f);
  if (f.size() != 1) return {};
  // Pruned nulls are the one schema finding the API server does not reject.
  EXPECT_EQ(f[0].severity, rule == "schema-null-pruned" ? Severity::kWarning : Severity::kError);
  EXPECT_EQ(f[0].rule, rule);
  EXPECT_EQ(f[0].field, field);
  EXPECT_EQ(f[0].line, line);
  EXPECT_EQ(f[0].file, "backup.yaml");
  EXPECT_EQ(f[0].message.find('\n'), std::string::npos);
  return f[0].message;
}

// The shape of real kopia components (kopia.md section 8): NFS repository via moverVolumes.
const char* const kKopiaSource = R"(apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata:
  name: app
  namespace: default
spec:
  sourcePVC: app
  trigger:
    schedule: "0 * * * *"
  kopia:
    repository: app-volsync-secret
    compression: zstd-fastest
    parallelism: 2
    copyMethod: Snapshot
    retain: {hourly: 24, daily: 7}
    moverSecurityContext: {runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000}
    moverVolumes:
      - mountPath: repository
        volumeSource:
          nfs: {server: nas.internal, path: /volsync}
)";

const char* const kKopiaMaintenance = R"(apiVersion: volsync.backube/v1alpha1
kind: KopiaMaintenance
metadata:
  name: volsync
  namespace: volsync-system
spec:
  repository:
    repository: volsync-maintenance
  trigger:
    schedule: "30 3,15 * * *"
)";

TEST(Schema, KopiaForkSetIsSeparateFromUpstream) {
  const SchemaSet upstream = SchemaSet::embedded(EmbeddedSchemas::kUpstream);
  const SchemaSet fork = SchemaSet::embedded(EmbeddedSchemas::kKopiaFork);
  EXPECT_EQ(upstream.size(), 2u);
  EXPECT_EQ(fork.size(), 3u);
  EXPECT_EQ(upstream.find("volsync.backube/v1alpha1", "KopiaMaintenance"), nullptr);
  EXPECT_NE(fork.find("volsync.backube/v1alpha1", "KopiaMaintenance"), nullptr);
  EXPECT_EQ(schema_set_name(EmbeddedSchemas::kUpstream), "VolSync v0.16.0");
  EXPECT_EQ(schema_set_name(EmbeddedSchemas::kKopiaFork), "perfectra1n/volsync v0.17.11");

  // Upstream knows no spec.kopia; the fork accepts the real shape and still checks its fields.
  EXPECT_EQ(expect_one(check(kKopiaSource, upstream), "schema-unknown-field", "spec.kopia", 10),
            "unknown field \"spec.kopia\"");
  EXPECT_TRUE(check(kKopiaSource, fork).empty()) << dump(check(kKopiaSource, fork));
  EXPECT_TRUE(check(kKopiaMaintenance, fork).empty()) << dump(check(kKopiaMaintenance, fork));
  expect_one(check(replace(kKopiaSource, "parallelism: 2", "parallelism: two"), fork), "schema",
             "spec.kopia.parallelism", 13);
  expect_one(check(replace(kKopiaSource, "compression:", "compresion:"), fork), "schema-unknown-field",
             "spec.kopia.compresion", 12);
  // Restic objects are the same under both sets (the fork only adds kopia).
  EXPECT_EQ(dump(check(kSource, fork)), dump(check(kSource, upstream)));
  EXPECT_EQ(dump(check(kDestination, fork)), dump(check(kDestination, upstream)));
}

TEST(Schema, EmbeddedHasBothKinds) {
  SchemaSet set = SchemaSet::embedded();
  EXPECT_NE(set.find("volsync.backube/v1alpha1", "ReplicationSource"), nullptr);
  EXPECT_NE(set.find("volsync.backube/v1alpha1", "ReplicationDestination"), nullptr);
  EXPECT_EQ(set.find("volsync.backube/v1beta1", "ReplicationSource"), nullptr);
  EXPECT_EQ(set.find("v1", "Secret"), nullptr);
}

TEST(Schema, ValidObjectsPass) {
  EXPECT_TRUE(check(kSource).empty()) << dump(check(kSource));
  EXPECT_TRUE(check(kDestination).empty()) << dump(check(kDestination));
}

TEST(Schema, WrongType) {
  std::string text = replace(kSource, "pruneIntervalDays: 14", "pruneIntervalDays: \"14\"");
  EXPECT_EQ(expect_one(check(text), "schema", "spec.restic.pruneIntervalDays", line_of(text, "pruneIntervalDays")),
            "Invalid value: \"string\": spec.restic.pruneIntervalDays in body must be of type integer: \"string\"");
  // A float is not an integer even when integral: the controller decodes into Go ints.
  text = replace(kSource, "hourly: 6", "hourly: 6.0");
  expect_one(check(text), "schema", "spec.restic.retain.hourly", line_of(text, "hourly"));
}

TEST(Schema, BadEnum) {
  std::string text = replace(kSource, "copyMethod: Snapshot", "copyMethod: snapshot");
  EXPECT_EQ(expect_one(check(text), "schema", "spec.restic.copyMethod", line_of(text, "copyMethod")),
            "Unsupported value: \"snapshot\": supported values: \"Direct\", \"None\", \"Clone\", \"Snapshot\"");
}

TEST(Schema, UnknownField) {
  std::string text = replace(kSource, "    retain:\n", "    retainn:\n");
  EXPECT_EQ(expect_one(check(text), "schema-unknown-field", "spec.restic.retainn", line_of(text, "retainn")),
            "unknown field \"spec.restic.retainn\"");
}

TEST(Schema, UnknownTopLevelFieldAndDuplicateKey) {
  std::string text = std::string(kSource) + "extra: 1\n";
  expect_one(check(text), "schema-unknown-field", "extra", line_of(text, "extra"));
  text = replace(kSource, "    storageClassName: fast\n", "    storageClassName: fast\n    storageClassName: slow\n");
  expect_one(check(text), "schema", "spec.restic.storageClassName", line_of(text, "storageClassName: slow"));
}

TEST(Schema, BadQuantity) {
  std::string text = replace(kSource, "capacity: 10Gi", "capacity: 5GB");
  std::string msg = expect_one(check(text), "schema", "spec.restic.capacity", line_of(text, "capacity"));
  EXPECT_EQ(msg.rfind("Invalid value: \"5GB\": spec.restic.capacity in body should match '^(\\+|-)?", 0), 0u) << msg;
  // Quantities may also be integers; the pattern applies to strings only.
  EXPECT_TRUE(check(replace(kSource, "capacity: 10Gi", "capacity: 1073741824")).empty());
  text = replace(kSource, "capacity: 10Gi", "capacity: true");
  EXPECT_EQ(expect_one(check(text), "schema", "spec.restic.capacity", line_of(text, "capacity")),
            "Invalid value: \"boolean\": spec.restic.capacity in body must be of type integer,string: \"boolean\"");
}

TEST(Schema, Int32Overflow) {
  std::string text = replace(kSource, "pruneIntervalDays: 14", "pruneIntervalDays: 2147483648");
  std::string msg = expect_one(check(text), "schema", "spec.restic.pruneIntervalDays", line_of(text, "pruneIntervalDays"));
  EXPECT_NE(msg.find("int32"), std::string::npos) << msg;
  EXPECT_TRUE(check(replace(kSource, "pruneIntervalDays: 14", "pruneIntervalDays: 2147483647")).empty());
}

TEST(Schema, NullWhereNotNullable) {
  std::string text = replace(kSource, "copyMethod: Snapshot", "copyMethod: ~");
  Findings nf = check(text);
  std::string msg = expect_one(nf, "schema-null-pruned", "spec.restic.copyMethod", line_of(text, "copyMethod"));
  EXPECT_NE(msg.find("must not be null"), std::string::npos) << msg;
  EXPECT_FALSE(has_errors(nf));
  // An empty value is null too, and its mark points at the next line: the key's line is reported.
  text = replace(kSource, "    storageClassName: fast\n", "    storageClassName:\n");
  expect_one(check(text), "schema-null-pruned", "spec.restic.storageClassName", line_of(text, "storageClassName"));
}

TEST(Schema, ListMapDuplicateKey) {
  std::string text = replace(kSource, "- name: scratch", "- name: gpu");
  std::string msg =
      expect_one(check(text), "schema", "spec.restic.moverResources.claims[1]", line_of(text, "- name: gpu\n") + 1);
  EXPECT_EQ(msg, "Duplicate value: {\"name\":\"gpu\"}");
}

TEST(Schema, MissingRequiredListMapKey) {
  std::string text = replace(kSource, "- name: scratch", "- request: scratch");
  EXPECT_EQ(expect_one(check(text), "schema", "spec.restic.moverResources.claims[1].name", line_of(text, "request")),
            "Required value");
}

TEST(Schema, DateTimeFormat) {
  std::string text = replace(kDestination, "2024-05-01T12:00:00Z", "2024-05-01 12:00");
  expect_one(check(text), "schema", "spec.restic.restoreAsOf", line_of(text, "restoreAsOf"));
  EXPECT_TRUE(check(replace(kDestination, "2024-05-01T12:00:00Z", "2024-02-29T23:59:60.5+02:00")).empty());
}

TEST(Schema, SchedulePattern) {
  EXPECT_TRUE(check(replace(kSource, "0 */6 * * *", "@daily")).empty());
  EXPECT_TRUE(check(replace(kSource, "0 */6 * * *", "5,35 1-5 * * 1")).empty());
  std::string text = replace(kSource, "0 */6 * * *", "every day");
  expect_one(check(text), "schema", "spec.trigger.schedule", line_of(text, "schedule"));
}

TEST(Schema, LongStringInPatternFieldIsMatchedLinearly) {
  // Patterns are matched by RE2 in linear time: any length is checked.
  std::string text = replace(kSource, "capacity: 10Gi", "capacity: " + std::string(100000, '1') + "x");
  expect_one(check(text), "schema", "spec.restic.capacity", line_of(text, "capacity"));
  text = replace(kSource, "capacity: 10Gi", "capacity: " + std::string(1000, '1') + "x");
  expect_one(check(text), "schema", "spec.restic.capacity", line_of(text, "capacity"));
}

TEST(Schema, CyclicAliasNeverReachesTheValidator) {
  // accessModes holds itself: the reader refuses it, so every value validated is a finite tree.
  std::string text = replace(kSource, "accessModes: [ReadWriteOnce]", "accessModes: &x [*x]");
  Doc doc;
  DocParseError e;
  EXPECT_FALSE(parse_doc(text, doc, e));
  EXPECT_EQ(e.line, line_of(text, "accessModes"));
}

TEST(Schema, DeepValueInASetIsBounded) {
  // Uniqueness has to look at the whole value, deeper than the item schema goes.
  SchemaSet set;
  Findings f;
  ASSERT_TRUE(set.add_crd_text(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing, plural: things}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              tags: {type: array, x-kubernetes-list-type: set, items: {x-kubernetes-preserve-unknown-fields: true}}
)",
                               "thing-crd.yaml", f))
      << dump(f);
  const std::string text = "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\nspec:\n  tags: [" +
                           std::string(300, '[') + std::string(300, ']') + "]\n";
  EXPECT_EQ(expect_one(check(text, set), "schema", "spec.tags[0]", 5), "nesting too deep (more than 256 levels)");
}

TEST(Schema, DeepNesting) {
  std::string deep = "    moverPodLabels:\n      a: ";
  for (int k = 0; k < 300; ++k) deep += "[";
  for (int k = 0; k < 300; ++k) deep += "]";
  std::string text = replace(kSource, "    retain:\n", deep + "\n    retain:\n");
  // The schema ends at the label value, so the walk stops there without recursing 300 levels.
  expect_one(check(text), "schema", "spec.restic.moverPodLabels.a", line_of(text, "a: [["));

  // A schema nested deeper than the cap is refused when it is compiled.
  std::string schema;
  for (int k = 0; k < 300; ++k) schema += "{items: ";
  schema += "{type: string}";
  for (int k = 0; k < 300; ++k) schema += "}";
  Findings f;
  EXPECT_EQ(SchemaSet::compile(parse(schema), f), nullptr);
  ASSERT_EQ(f.size(), 1u) << dump(f);
  EXPECT_EQ(f[0].rule, "schema");
  EXPECT_NE(f[0].message.find("nesting too deep"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].line, 1);

  // Values: the enum check has to compare whole values, which is capped too.
  auto s = SchemaSet::compile(parse("{enum: [[1]]}"), f);
  ASSERT_NE(s, nullptr);
  std::string value;
  for (int k = 0; k < 300; ++k) value += "[";
  for (int k = 0; k < 300; ++k) value += "]";
  Findings out;
  validate_value(*s, parse(value), {}, out);
  ASSERT_EQ(out.size(), 1u) << dump(out);
  EXPECT_EQ(out[0].message, "nesting too deep (more than 256 levels)");
}

TEST(Schema, AliasBombIsBounded) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev)
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  bomb += "k: [*j, *j]\n";
  // The reader caps what aliases expand to: billion laughs never becomes a tree to walk.
  Doc doc;
  DocParseError e;
  EXPECT_FALSE(parse_doc(bomb, doc, e));
  EXPECT_EQ(e.rule, "limit-aliases") << e.message;
}

TEST(Schema, BranchingSchemaWalkIsBounded) {
  // Every oneOf branch is walked: 5 nested levels of 2 make 63 visits per item, 1.26 million for
  // 20 000 items. The walk stops at its budget instead.
  std::string schema = "{type: integer}";
  for (int k = 0; k < 5; ++k) schema = "{oneOf: [" + schema + ", " + schema + "]}";
  Findings f;
  auto s = SchemaSet::compile(parse("{items: " + schema + "}"), f);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(f.empty()) << dump(f);
  std::string value = "[";
  for (int k = 0; k < 20000; ++k) value += "1,";
  value.back() = ']';
  Findings out;
  validate_value(*s, parse(value), {}, out);
  EXPECT_TRUE(std::any_of(out.begin(), out.end(), [](const Finding& x) {
    return x.message.find("too many nodes to validate") != std::string::npos;
  })) << out.size() << " findings";
}

TEST(Schema, SecretValuesAreNeverPrinted) {
  Findings f;
  auto s = SchemaSet::compile(parse(R"({type: object, properties: {stringData: {type: object,
      additionalProperties: {type: string, enum: [a], pattern: "^x$", maxLength: 1}}}})"),
                              f);
  ASSERT_NE(s, nullptr);
  ValidateContext ctx;
  ctx.resource = {"v1", "Secret", "creds", "default"};
  Findings out;
  validate(*s, parse("stringData: {RESTIC_PASSWORD: hunter22}"), ctx, out);
  ASSERT_EQ(out.size(), 3u) << dump(out);
  for (const auto& x : out) EXPECT_EQ(x.message.find("hunter22"), std::string::npos) << x.message;
  ctx.resource.kind = "ConfigMap";
  out.clear();
  validate(*s, parse("stringData: {RESTIC_PASSWORD: hunter22}"), ctx, out);
  ASSERT_EQ(out.size(), 3u) << dump(out);
  EXPECT_NE(out[0].message.find("hunter22"), std::string::npos) << out[0].message;
}

TEST(Schema, PatternsAreGoRegexps) {
  Findings f;
  auto s = SchemaSet::compile(parse(R"({pattern: '^\s\d\x{e9}\Q.*\E[\s,]\pL$'})"), f);
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(f.empty()) << dump(f);
  Findings out;
  validate_value(*s, parse("\"\\t7\\u00e9.*,x\""), {}, out);
  EXPECT_TRUE(out.empty()) << dump(out);
  validate_value(*s, parse("\"\\v7\\u00e9.*,x\""), {}, out);  // \s is not \v in RE2
  EXPECT_EQ(out.size(), 1u) << dump(out);
}

TEST(Schema, PatternGoRejectsIsALoadError) {
  SchemaSet set;
  Findings f;
  const std::string crd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing, plural: things}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              name: {type: string, pattern: '^(a)\1$'}
)";
  EXPECT_FALSE(set.add_crd_text(crd, "things.yaml", f));
  ASSERT_EQ(f.size(), 1u) << dump(f);
  EXPECT_EQ(f[0].rule, "schema");
  EXPECT_EQ(f[0].file, "things.yaml");
  EXPECT_EQ(f[0].line, line_of(crd, "name: {type"));
  EXPECT_NE(f[0].field.find("spec.properties.name.pattern"), std::string::npos) << f[0].field;
  EXPECT_NE(f[0].message.find("invalid pattern '^(a)\\1$'"), std::string::npos) << f[0].message;
}

TEST(Schema, LoadsKubectlList) {
  const std::string list = R"(apiVersion: v1
kind: List
items:
- apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: things.example.com}
  spec:
    group: example.com
    names: {kind: Thing, plural: things}
    scope: Namespaced
    versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ignored}
)";
  SchemaSet set;
  Findings f;
  EXPECT_TRUE(set.add_crd_text(list, "list.yaml", f)) << dump(f);
  EXPECT_NE(set.find("example.com/v1", "Thing"), nullptr);

  f.clear();
  EXPECT_FALSE(set.add_crd_text("a: [", "broken.yaml", f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, "broken.yaml");
}

TEST(Schema, MalformedCrdYamlReportsItsLine) {
  SchemaSet set;
  Findings f;
  EXPECT_FALSE(set.add_crd_text("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n"
                                "\tgroup: example.com\n",
                                "broken.yaml", f));
  ASSERT_EQ(f.size(), 1u) << dump(f);
  EXPECT_EQ(f[0].rule, "schema");
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].file, "broken.yaml");
  EXPECT_EQ(f[0].line, 4);
  EXPECT_EQ(f[0].message.rfind("cannot read CRD YAML: ", 0), 0u) << f[0].message;
}

TEST(Schema, ScalarWhereACrdHasAMapIsAFinding) {
  const std::string head = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n";
  const std::string spec = "spec:\n  group: example.com\n  names: {kind: Thing}\n  versions:\n";
  struct Case {
    std::string text, field, message;
    int line;
  };
  const Case cases[] = {
      {head + "spec: oops\n", "spec", "CustomResourceDefinition needs spec.group, spec.names.kind and spec.versions", 1},
      {head + spec + "  - oops\n", "spec.versions[0].schema.openAPIV3Schema",
       "Thing: version <unnamed> has no name or openAPIV3Schema", 7},
      {head + spec + "  - {name: v1, schema: oops}\n", "spec.versions[0].schema.openAPIV3Schema",
       "Thing: version v1 has no name or openAPIV3Schema", 7},
      {head + spec + "  - name: v1\n    schema: {openAPIV3Schema: oops}\n", "spec.versions[0].schema.openAPIV3Schema",
       "a schema must be an object", 8},
      {head + spec + "  - name: v1\n    schema:\n      openAPIV3Schema: {properties: {spec: oops}}\n",
       "spec.versions[0].schema.openAPIV3Schema.properties.spec", "a schema must be an object", 9},
  };
  for (const auto& c : cases) {
    SchemaSet set;
    Findings f;
    EXPECT_FALSE(set.add_crd_text(c.text, "crd.yaml", f)) << c.text;
    ASSERT_EQ(f.size(), 1u) << c.text << dump(f);
    EXPECT_EQ(f[0].field, c.field) << c.text;
    EXPECT_EQ(f[0].message, c.message) << c.text;
    EXPECT_EQ(f[0].line, c.line) << c.text;
  }
}

TEST(Schema, LoadsOriginalCrdFromPath) {
  const std::string dir = std::string(VG_SOURCE_DIR) + "/../shared/volsync-crds";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "original VolSync CRDs not found at " << dir;
  SchemaSet set;
  Findings f;
  ASSERT_TRUE(set.add_path(dir, f)) << dump(f);
  EXPECT_TRUE(f.empty()) << dump(f);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(check(kSource, set).empty());
  std::string text = replace(kSource, "copyMethod: Snapshot", "copyMethod: snapshot");
  expect_one(check(text, set), "schema", "spec.restic.copyMethod", line_of(text, "copyMethod"));

  SchemaSet one;
  f.clear();
  ASSERT_TRUE(one.add_path(dir + "/volsync.backube_replicationsources.yaml", f)) << dump(f);
  EXPECT_NE(one.find("volsync.backube/v1alpha1", "ReplicationSource"), nullptr);
  EXPECT_EQ(one.find("volsync.backube/v1alpha1", "ReplicationDestination"), nullptr);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One embedded set's source folder: "" for upstream's, "kopia-fork" for the fork's.
std::vector<std::filesystem::path> source_schemas(const std::string& sub = "") {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(VG_SOURCE_DIR) + "/schemas/" + sub))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct SetFolder {
  EmbeddedSchemas which;
  std::string sub;
  size_t files;
};
const SetFolder kSetFolders[] = {{EmbeddedSchemas::kUpstream, "", 2}, {EmbeddedSchemas::kKopiaFork, "kopia-fork", 3}};

TEST(Schema, EmbeddedSchemasAreTheSourceYaml) {
  for (const auto& set : kSetFolders) {
    const auto files = source_schemas(set.sub);
    EXPECT_EQ(files.size(), set.files) << set.sub;
    for (const auto& path : files) {
      const std::string dir = set.sub.empty() ? "schemas/" : "schemas/" + set.sub + "/";
      const auto packed = embedded_file(dir + path.stem().string() + ".packed");
      ASSERT_TRUE(packed) << path;
      std::vector<Doc> want, got;
      DocParseError e;
      ASSERT_TRUE(parse_docs(read_file(path), want, e)) << path << ":" << e.line << ": " << e.message;
      ASSERT_TRUE(unpack_docs(*packed, got)) << path;
      ASSERT_EQ(got.size(), want.size()) << path;
      for (size_t k = 0; k < want.size(); ++k) EXPECT_TRUE(same_doc(got[k], want[k])) << path;
    }
  }
}

// An object with every field `schema` describes, each with a value it rejects where the schema
// says enough to pick one, plus an unknown field in every object: validating it visits, and so
// compiles, every property, and reports at nearly all of them.
Doc every_field(const Doc& schema, int depth) {
  if (depth > 40) return Doc::scalar("deep", "?");
  if (schema["properties"].IsMap() || schema["additionalProperties"].IsMap()) {
    Doc m = Doc::map();
    for (const auto& e : schema["properties"].entries()) m.set(e.first.Scalar(), every_field(e.second, depth + 1));
    if (schema["additionalProperties"].IsMap())
      m.set("any-key", every_field(schema["additionalProperties"], depth + 1));
    m.set("unknownField", Doc::scalar("1", "?"));
    return m;
  }
  if (schema["items"].IsMap()) {
    Doc item = every_field(schema["items"], depth + 1);
    Doc seq = Doc::sequence();
    seq.push_back(item);
    seq.push_back(item);  // duplicates, for sets and list-maps
    return seq;
  }
  const std::string type = schema["type"].Scalar();
  if (type == "string") return Doc::string("not valid: \u00e9");
  if (type == "integer") return Doc::scalar("99999999999", "?");
  if (type == "number") return Doc::scalar("-1.5", "?");
  if (type == "boolean") return Doc::string("true");
  if (type == "object") return Doc::sequence();
  return Doc::map();
}

std::string all_text(const Findings& f) {
  std::string s;
  for (const auto& x : f) s += x.to_text() + " [line " + std::to_string(x.line) + "]\n";
  return s;
}

TEST(Schema, LazyCompileFindsWhatEagerDoes) {
  // The embedded set compiles a field when an object first has it; a set read from the same YAML
  // compiles everything at once, and reports any schema problem, which the lazy one would only meet
  // on an object with that field.
  for (const auto& set : kSetFolders) {
    SchemaSet eager;
    Findings load;
    ASSERT_TRUE(eager.add_path(std::string(VG_SOURCE_DIR) + "/schemas/" + set.sub, load)) << dump(load);
    EXPECT_TRUE(load.empty()) << dump(load);
    const SchemaSet lazy = SchemaSet::embedded(set.which);
    for (const auto& path : source_schemas(set.sub)) {
      std::vector<Doc> docs;
      DocParseError e;
      ASSERT_TRUE(parse_docs(read_file(path), docs, e)) << path;
      const Doc& crd = docs.at(0);
      const std::string api = crd.at({"spec", "group"}).Scalar() + "/v1alpha1", kind = crd.at({"spec", "names", "kind"}).Scalar();
      Doc obj = every_field(crd.at({"spec", "versions"}).items().at(0).at({"schema", "openAPIV3Schema"}), 0);
      obj.set("apiVersion", Doc::string(api));
      obj.set("kind", Doc::string(kind));
      ASSERT_NE(lazy.find(api, kind), nullptr) << kind;
      ASSERT_NE(eager.find(api, kind), nullptr) << kind;
      ValidateContext ctx;
      ctx.resource = {api, kind, "x", "default"};
      Findings from_lazy, from_eager;
      validate(*lazy.find(api, kind), obj, ctx, from_lazy);
      validate(*eager.find(api, kind), obj, ctx, from_eager);
      EXPECT_GT(from_lazy.size(), kind == "KopiaMaintenance" ? 150u : 200u) << kind;
      EXPECT_EQ(all_text(from_lazy), all_text(from_eager)) << kind;
    }
    for (const char* text : {kSource, kDestination}) EXPECT_EQ(all_text(check(text, lazy)), all_text(check(text, eager)));
  }
}

TEST(Schema, ManyObjectsAreFast) {
  SchemaSet set = SchemaSet::embedded();
  const Doc doc = parse(kSource);
  const SchemaNode* schema = set.find("volsync.backube/v1alpha1", "ReplicationSource");
  ASSERT_NE(schema, nullptr);
  auto start = std::chrono::steady_clock::now();
  Findings out;
  for (int k = 0; k < 5000; ++k) validate(*schema, doc, {}, out);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(out.empty());
  EXPECT_LT(ms, 5000) << "5000 validations took " << ms << " ms";
}

}  // namespace
}  // namespace vg
